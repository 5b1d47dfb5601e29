// "Which way would a request go?" (pure): walks the process from its start event with sample
// variables, the way the engine would route them — exclusive gateways take the first flow whose
// FEEL condition is true (else the default), inclusive gateways every true one, parallel gateways
// all — while each approval step decides as the analyst chose (approved by default), setting
// `approval.outcome` and `approvals.<step>.outcome` like the approvals layer does. Script tasks
// compute their result variable. FEEL is evaluated by the engine's own wrapper (feelin).
import { evaluateFeel, FeelError } from '#engine/core/feel/feel.ts';

export type SimKind =
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'subProcess'
  | 'timer'
  | 'other';

export interface SimNode {
  id: string;
  kind: SimKind;
  name?: string;
  parent: string | null;
  incoming: string[];
  outgoing: string[];
  default?: string;
  script?: { expression: string; resultVariable: string };
}

export interface SimFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  condition?: string;
}

export interface SimGraph {
  nodes: Record<string, SimNode>;
  flows: Record<string, SimFlow>;
}

export interface GatewayDecision {
  gateway: string;
  checked: { flow: string; result: boolean | null; error?: string }[];
  taken: string[];
  usedDefault: boolean;
}

export interface SimResult {
  /** Elements reached, in order. */
  visited: string[];
  /** Sequence flows taken. */
  flows: string[];
  decisions: GatewayDecision[];
  /** Approval steps passed, with the decision assumed. */
  approvals: { element: string; outcome: string }[];
  /** Where the simulation stopped without a way on (an incident in the engine). */
  stuck: { element: string; reason: 'noPath' | 'scriptError' | 'tooLong'; detail?: string }[];
  variables: Record<string, unknown>;
  /** The end events reached. */
  ends: string[];
}

const KIND: Record<string, SimKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:IntermediateCatchEvent': 'timer',
};

/** A moddle element as this module reads it (bpmn-moddle business objects). */
interface Bo {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: Bo[];
  rootElements?: Bo[];
  isExecutable?: boolean;
  incoming?: Bo[];
  outgoing?: Bo[];
  default?: Bo;
  sourceRef?: Bo;
  targetRef?: Bo;
  conditionExpression?: { body?: string };
  extensionElements?: { values?: Array<{ $type: string; expression?: string; resultVariable?: string }> };
  attachedToRef?: Bo;
}

/** The process of BPMN definitions (as bpmn-moddle / bpmn-js hold them) as a graph. */
export function graphOf(definitions: unknown): SimGraph {
  const roots = ((definitions as Bo).rootElements ?? []).filter((r) => r.$type === 'bpmn:Process');
  const process = roots.find((p) => p.isExecutable) ?? roots[0];
  const graph: SimGraph = { nodes: {}, flows: {} };
  const walk = (container: Bo, parent: string | null): void => {
    for (const el of container.flowElements ?? []) {
      if (!el.id) continue;
      if (el.$type === 'bpmn:SequenceFlow') {
        graph.flows[el.id] = {
          id: el.id,
          ...(el.name ? { name: el.name } : {}),
          source: el.sourceRef?.id ?? '',
          target: el.targetRef?.id ?? '',
          ...(el.conditionExpression?.body ? { condition: el.conditionExpression.body } : {}),
        };
        continue;
      }
      if (el.$type === 'bpmn:BoundaryEvent') continue; // timers and errors: not part of a happy path
      const kind = KIND[el.$type] ?? 'other';
      const node: SimNode = {
        id: el.id,
        kind,
        ...(el.name ? { name: el.name } : {}),
        parent,
        incoming: (el.incoming ?? []).map((f) => f.id!),
        outgoing: (el.outgoing ?? []).map((f) => f.id!),
        ...(el.default?.id ? { default: el.default.id } : {}),
      };
      const script = el.extensionElements?.values?.find((v) => v.$type === 'zeebe:Script');
      if (kind === 'scriptTask' && script?.expression && script.resultVariable)
        node.script = { expression: script.expression, resultVariable: script.resultVariable };
      graph.nodes[el.id] = node;
      if (el.$type === 'bpmn:SubProcess') walk(el, el.id);
    }
  };
  if (process) walk(process, null);
  return graph;
}

const MAX_STEPS = 500;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

/**
 * Walks the graph with `variables`. `decisions` gives the outcome of approval steps by element id
 * ("approved" when absent). Each element is entered at most once (a loop back stops the walk there).
 */
export function simulate(
  graph: SimGraph,
  variables: Record<string, unknown>,
  decisions: Record<string, string> = {},
): SimResult {
  const vars: Record<string, unknown> = structuredClone(variables);
  const result: SimResult = {
    visited: [],
    flows: [],
    decisions: [],
    approvals: [],
    stuck: [],
    variables: vars,
    ends: [],
  };
  const starts = Object.values(graph.nodes).filter((n) => n.kind === 'startEvent' && n.parent === null);
  const queue: string[] = starts.slice(0, 1).map((s) => s.id);
  const seen = new Set<string>();
  const follow = (flowId: string): void => {
    const flow = graph.flows[flowId];
    if (!flow) return;
    result.flows.push(flowId);
    queue.push(flow.target);
  };
  const leave = (node: SimNode): void => {
    if (node.outgoing.length === 0 && node.parent) {
      // The end of a sub-process: on along the sub-process's own flows.
      const parent = graph.nodes[node.parent];
      if (parent) parent.outgoing.forEach(follow);
      return;
    }
    node.outgoing.forEach(follow);
  };
  let steps = 0;
  while (queue.length) {
    if (++steps > MAX_STEPS) {
      result.stuck.push({ element: queue[0]!, reason: 'tooLong' });
      break;
    }
    const id = queue.shift()!;
    const node = graph.nodes[id];
    if (!node || seen.has(id)) continue;
    seen.add(id);
    result.visited.push(id);
    switch (node.kind) {
      case 'userTask': {
        const outcome = decisions[id] ?? 'approved';
        result.approvals.push({ element: id, outcome });
        vars.approval = { outcome, elementId: id };
        const all = (typeof vars.approvals === 'object' && vars.approvals) || {};
        vars.approvals = { ...(all as object), [id]: { outcome } };
        leave(node);
        break;
      }
      case 'scriptTask': {
        if (node.script) {
          try {
            setPath(vars, node.script.resultVariable, evaluateFeel(node.script.expression, vars));
          } catch (e) {
            result.stuck.push({ element: id, reason: 'scriptError', detail: (e as Error).message });
            break;
          }
        }
        leave(node);
        break;
      }
      case 'exclusiveGateway':
      case 'inclusiveGateway': {
        if (node.outgoing.length <= 1 && node.incoming.length > 1) {
          leave(node); // a join
          break;
        }
        const decision: GatewayDecision = { gateway: id, checked: [], taken: [], usedDefault: false };
        for (const flowId of node.outgoing) {
          if (flowId === node.default) continue;
          const flow = graph.flows[flowId];
          if (!flow?.condition) continue;
          if (node.kind === 'exclusiveGateway' && decision.taken.length) break;
          try {
            const value = evaluateFeel(flow.condition, vars);
            decision.checked.push({ flow: flowId, result: value === true });
            if (value === true) decision.taken.push(flowId);
          } catch (e) {
            decision.checked.push({
              flow: flowId,
              result: null,
              error: e instanceof FeelError ? e.message : String(e),
            });
          }
        }
        if (decision.taken.length === 0 && node.default) {
          decision.taken.push(node.default);
          decision.usedDefault = true;
        }
        // A single unconditional outgoing flow (a gateway used as a plain join/pass).
        if (
          decision.taken.length === 0 &&
          node.outgoing.length === 1 &&
          !graph.flows[node.outgoing[0]!]?.condition
        )
          decision.taken.push(node.outgoing[0]!);
        result.decisions.push(decision);
        if (decision.taken.length === 0) result.stuck.push({ element: id, reason: 'noPath' });
        decision.taken.forEach(follow);
        break;
      }
      case 'subProcess': {
        const inner = Object.values(graph.nodes).find((n) => n.kind === 'startEvent' && n.parent === id);
        if (inner) queue.push(inner.id);
        else leave(node);
        break;
      }
      case 'endEvent':
        if (node.parent) leave(node);
        else result.ends.push(id);
        break;
      default:
        leave(node);
    }
  }
  return result;
}
