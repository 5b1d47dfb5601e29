// The road ahead of a request (pure): a dry run of a compiled process over the data it would start
// with — or continues with — without writing an instance. It answers "who will approve this?" the
// way DingTalk shows a chain before submitting:
//
//   - every user task the request will pass, in order, with its assignment evaluated (assignee,
//     candidates, a multi-instance collection of people) in the FEEL context the flow would use;
//   - gateways decide by their conditions over the data; approvals are assumed to be given (each
//     user task leaves `approval.outcome = "approved"`), so rejection paths are not the road;
//   - a condition the data cannot decide yet (a variable a later step or a service task sets, an
//     expression that fails) makes the branches it guards *conditional*: shown, marked as
//     depending on a later decision;
//   - user tasks off the road are listed as skipped, with the conditions that keep them off.
//
// Script tasks are evaluated (pure FEEL); service tasks run nothing here — what they would compute
// is unknown unless the caller supplies it (a catalogue entry's precheck computes the same rule).
import { isExpression, unknownVariables } from '../feel/feel.ts';
import { evaluateExpression } from './feel-scope.ts';
import type { ElementModel, FlowModel, ProcessModel, UserTaskElement } from './model.ts';

export interface PathCondition {
  gatewayId: string;
  gatewayName?: string;
  flowId: string;
  flowName?: string;
  /** The FEEL condition as written (without `=`); absent on a default flow. */
  expression?: string;
  /** true / false, or null when the data cannot decide it yet. */
  result: boolean | null;
}

export interface PathAssignment {
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  /** A multi-instance step: one inner task per person, one after another or at once. */
  each?: { users: string[]; sequential: boolean };
  /** The step's headers (approvalMode, approvalThreshold …) for how several people decide. */
  headers?: Record<string, string>;
  /** Why the assignment could not be evaluated. */
  error?: string;
  /** The people come from a variable nobody has set yet (a decision or service task on the way). */
  later?: boolean;
}

export interface PathStep {
  elementId: string;
  name?: string;
  /** certain: on the road whatever happens; conditional: depends on a decision not made yet. */
  certainty: 'certain' | 'conditional';
  /** The gateway conditions that lead here (decided and undecided). */
  conditions: PathCondition[];
  assignment: PathAssignment;
}

export interface SkippedStep {
  elementId: string;
  name?: string;
  /** The conditions that keep it off the road (false for this data). */
  conditions: PathCondition[];
}

export interface PathPreview {
  steps: PathStep[];
  skipped: SkippedStep[];
  /** The road reaches an end event (false: it stops at a gateway no condition lets through). */
  complete: boolean;
}

export interface PreviewOptions {
  /** The variables the instance starts (or continues) with. */
  variables: Record<string, unknown>;
  /** Values and functions joining every FEEL context (requester, org functions, now() …). */
  extras?: Record<string, unknown>;
  /** Continue from these elements' outgoing flows (a running instance's open tasks); default: the start. */
  after?: string[];
}

type Vars = Record<string, unknown>;
const UNDECIDED = Symbol('undecided');
/** More walking than this means a loop the assumptions do not break: stop rather than spin. */
const MAX_VISITS = 2000;

function toList(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return [...new Set(items.filter((v) => v !== null && v !== undefined).map((v) => String(v).trim()))].filter(
    Boolean,
  );
}

export function previewPath(model: ProcessModel, options: PreviewOptions): PathPreview {
  const extras = options.extras ?? {};
  const steps = new Map<string, PathStep>();
  const falseFlows: PathCondition[] = [];
  const onRoad = new Set<string>();
  const seen = new Set<string>();
  const reachMemo = new Map<string, Set<string>>();
  let visits = 0;
  let complete = false;

  const evaluate = (expression: string, vars: Vars): unknown =>
    evaluateExpression(expression, { ...vars, ...extras });
  const condition = (expression: string, vars: Vars): boolean | typeof UNDECIDED => {
    // A variable nobody has set yet (a service task or a later step sets it) decides nothing.
    if (unknownVariables(expression, { ...vars, ...extras }).length) return UNDECIDED;
    try {
      const v = evaluate(expression, vars);
      return v === true || v === false ? v : UNDECIDED;
    } catch {
      return UNDECIDED;
    }
  };
  const flowsOut = (el: ElementModel): FlowModel[] =>
    el.outgoing.map((id) => model.flows[id]).filter((f): f is FlowModel => !!f);

  /** Every element a flow can lead to, whatever the conditions (sub-processes entered and left). */
  const reach = (flowId: string): Set<string> => {
    let found = reachMemo.get(flowId);
    if (found) return found;
    found = new Set<string>();
    const stack = [model.flows[flowId]?.target];
    while (stack.length) {
      const id = stack.pop();
      if (!id || found.has(id)) continue;
      found.add(id);
      const el = model.elements[id];
      if (!el) continue;
      if (el.type === 'subProcess') stack.push(el.startEvent);
      if ((el.type === 'endEvent' || el.type === 'terminateEndEvent') && el.parent)
        stack.push(...flowsOut(model.elements[el.parent]!).map((f) => f.target));
      stack.push(...flowsOut(el).map((f) => f.target));
    }
    reachMemo.set(flowId, found);
    return found;
  };

  /** The passes that decide whether the route reaches `id`: another way out of their gateway does not. */
  const deciding = (id: string, passes: PathCondition[]): PathCondition[] =>
    passes.filter((p) =>
      (model.elements[p.gatewayId]?.outgoing ?? []).some((other) => {
        const flow = model.flows[other];
        return other !== p.flowId && !!flow && !readsOutcome(flow.condition ?? '') && !reach(other).has(id);
      }),
    );

  const assignmentOf = (el: UserTaskElement, vars: Vars): PathAssignment => {
    const a = el.assignment ?? {};
    const out: PathAssignment = {};
    if (el.headers && Object.keys(el.headers).length) out.headers = el.headers;
    try {
      let scope = vars;
      if (el.multiInstance) {
        const users = toList(evaluate(el.multiInstance.inputCollection, vars));
        out.each = { users, sequential: el.multiInstance.sequential };
        if (
          !users.length &&
          unknownVariables(el.multiInstance.inputCollection, { ...vars, ...extras }).length
        )
          out.later = true;
        const name = el.multiInstance.inputElement;
        // The assignee expression usually reads the loop's element: that is the list itself.
        if (name && a.assignee && stripEq(a.assignee) === name) return out;
        if (name && users.length) scope = { ...vars, [name]: users[0] };
      }
      const read = (source: string): unknown => (isExpression(source) ? evaluate(source, scope) : source);
      if (a.assignee) {
        const v = read(a.assignee);
        if (v !== null && v !== undefined && v !== '') out.assignee = String(v);
      }
      if (a.candidateUsers) {
        const list = toList(read(a.candidateUsers));
        if (list.length) out.candidateUsers = list;
      }
      if (a.candidateGroups) {
        const list = toList(read(a.candidateGroups));
        if (list.length) out.candidateGroups = list;
      }
    } catch (e) {
      out.error = (e as Error).message;
    }
    return out;
  };

  const addStep = (el: UserTaskElement, passes: PathCondition[], vars: Vars) => {
    const conditions = deciding(el.id, passes);
    const certainty: PathStep['certainty'] = conditions.some((c) => c.result === null)
      ? 'conditional'
      : 'certain';
    const existing = steps.get(el.id);
    if (existing) {
      if (certainty === 'certain' && existing.certainty !== 'certain') {
        existing.certainty = 'certain';
        existing.conditions = conditions;
      }
      return;
    }
    steps.set(el.id, {
      elementId: el.id,
      ...(el.name ? { name: el.name } : {}),
      certainty,
      conditions,
      assignment: assignmentOf(el, vars),
    });
  };

  const approved = (vars: Vars, el: ElementModel): Vars => {
    const decision = { outcome: 'approved', elementId: el.id, assumed: true };
    const approvals = { ...((vars.approvals as Vars | undefined) ?? {}), [el.id]: decision };
    return { ...vars, approval: decision, approvals };
  };

  const describe = (gw: ElementModel, flow: FlowModel, result: boolean | null): PathCondition => ({
    gatewayId: gw.id,
    ...(gw.name ? { gatewayName: gw.name } : {}),
    flowId: flow.id,
    ...(flow.name ? { flowName: flow.name } : {}),
    ...(flow.condition ? { expression: stripEq(flow.condition) } : {}),
    result,
  });

  // Depth-first along the road; `passes` are the gateway decisions made on this route so far.
  const walk = (elementId: string, passes: PathCondition[], vars: Vars): void => {
    if (++visits > MAX_VISITS) return;
    const el = model.elements[elementId];
    if (!el) return;
    const key = `${elementId}|${passes
      .filter((p) => p.result === null)
      .map((p) => p.flowId)
      .join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    onRoad.add(elementId);
    const next = (v: Vars): void => {
      for (const f of flowsOut(el)) walk(f.target, passes, v);
    };
    switch (el.type) {
      case 'userTask':
        addStep(el, passes, vars);
        return next(approved(vars, el));
      case 'scriptTask': {
        let v = vars;
        if (el.resultVariable)
          try {
            v = { ...vars, [el.resultVariable]: evaluate(el.expression, vars) };
          } catch {
            // Unknown result: conditions reading it stay undecided.
          }
        return next(v);
      }
      case 'subProcess':
        return walk(el.startEvent, passes, vars);
      case 'endEvent':
      case 'terminateEndEvent': {
        const parent = el.parent ? model.elements[el.parent] : undefined;
        if (parent) {
          for (const f of flowsOut(parent)) walk(f.target, passes, vars);
          return;
        }
        complete = true;
        return;
      }
      case 'exclusiveGateway':
      case 'inclusiveGateway': {
        const out = flowsOut(el);
        if (out.length <= 1) return next(vars);
        const exclusive = el.type === 'exclusiveGateway';
        const dflt = el.defaultFlow ? model.flows[el.defaultFlow] : undefined;
        // The flows taken; a null result: the data does not decide it (a later decision will).
        const taken: Array<{ flow: FlowModel; result: boolean | null }> = [];
        let undecided = false;
        for (const flow of out) {
          if (flow === dflt || !flow.condition) continue;
          const r = condition(flow.condition, vars);
          if (r === false) {
            falseFlows.push(describe(el, flow, false));
            continue;
          }
          taken.push({ flow, result: r === UNDECIDED ? null : true });
          if (r === UNDECIDED) undecided = true;
          else if (exclusive) break;
        }
        const anyTrue = taken.some((t) => t.result === true);
        if (dflt) {
          if (!anyTrue || (undecided && !exclusive))
            taken.push({ flow: dflt, result: undecided ? null : true });
          else falseFlows.push(describe(el, dflt, false));
        }
        for (const { flow, result } of taken) {
          // An exclusive gateway's true flow is only sure when no undecided flow came before it.
          const sure = result === true && !(exclusive && undecided);
          // Conditions on approval outcomes only say "if approved": not part of the road's story.
          const pass = readsOutcome(flow.condition ?? '') ? [] : [describe(el, flow, sure ? true : null)];
          walk(flow.target, [...passes, ...pass], vars);
        }
        return;
      }
      default:
        // Start events, parallel gateways, service tasks, timers: on to every outgoing flow.
        return next(vars);
    }
  };

  if (options.after?.length)
    for (const id of options.after) {
      const el = model.elements[id];
      if (!el) continue;
      onRoad.add(id);
      const vars = el.type === 'userTask' ? approved(options.variables, el) : options.variables;
      for (const f of flowsOut(el)) walk(f.target, [], vars);
    }
  else walk(model.startEvent, [], options.variables);

  // Steps off the road, with the false conditions that keep them off.
  const skipped = new Map<string, SkippedStep>();
  for (const cond of falseFlows)
    for (const id of reach(cond.flowId)) {
      const el = model.elements[id];
      if (el?.type !== 'userTask' || steps.has(id) || onRoad.has(id)) continue;
      if (readsOutcome(model.flows[cond.flowId]?.condition ?? '') || !deciding(id, [cond]).length) continue;
      const entry = skipped.get(id) ?? {
        elementId: id,
        ...(el.name ? { name: el.name } : {}),
        conditions: [],
      };
      if (!entry.conditions.some((c) => c.flowId === cond.flowId)) entry.conditions.push(cond);
      skipped.set(id, entry);
    }
  return { steps: [...steps.values()], skipped: [...skipped.values()], complete };
}

function stripEq(expression: string): string {
  const t = expression.trim();
  return t.startsWith('=') ? t.slice(1).trim() : t;
}

/** Conditions on the approval's own outcome (`approval.outcome = "rejected"`). */
function readsOutcome(expression: string): boolean {
  return /\bapprovals?\b/.test(expression);
}
