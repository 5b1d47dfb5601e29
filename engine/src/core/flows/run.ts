// One step's working state and the token mechanics every executor shares: creating, entering,
// completing and terminating tokens, taking flows, scopes and variables, timers, incidents,
// history and effects. Element-specific behaviour lives in executors/ (one per element type),
// timers in timer-events.ts, the hooks a step runs with in step-context.ts.
import { isExpression } from '../feel/feel.ts';
import type { Effect, TaskView, Variables } from './events.ts';
import { clockFunctions, evaluateExpression, prepareExtras } from './feel-scope.ts';
import type { HistoryEntry, HistoryType, Incident, IncidentKind, InstanceState, Token } from './instance.ts';
import { isActivity, type ElementModel, type Mapping, type ProcessModel } from './model.ts';
import { dropTimersOf, scheduleBoundaryTimers } from './timer-events.ts';
import { dropSubscriptionsOf, openBoundarySubscriptions } from './message-events.ts';
import { messageKeyOf } from './instance.ts';
import { taskViewOf } from './task-view.ts';
import type { StepContext } from './step-context.ts';
import { executorFor, executors } from './executors/index.ts';
import { enterMultiInstanceBody, innerInstanceDone } from './executors/multi-instance.ts';

export class Run {
  readonly effects: Effect[] = [];
  private readonly work: string[] = [];
  private activations = 0;
  private readonly extras: Record<string, unknown>;
  /** now() and today(), made when an expression is first evaluated (most steps evaluate none). */
  private clock: Record<string, unknown> | undefined;

  constructor(
    readonly model: ProcessModel,
    readonly instance: InstanceState,
    readonly ctx: StepContext,
  ) {
    this.extras = prepareExtras(ctx.feel);
  }

  get now(): number {
    return this.ctx.now;
  }

  element(id: string): ElementModel {
    const el = this.model.elements[id];
    if (!el) throw new Error(`element ${id} is not in process ${this.model.processId}`);
    return el;
  }

  nextSeq(): number {
    return ++this.instance.seq;
  }

  // ---- history and effects ----------------------------------------------------------------

  record(type: HistoryType, fields: Omit<HistoryEntry, 'seq' | 'at' | 'type'> = {}): void {
    const entry: HistoryEntry = { seq: this.nextSeq(), at: this.now, type };
    for (const [k, v] of Object.entries(fields))
      if (v !== undefined) (entry as unknown as Record<string, unknown>)[k] = v;
    this.instance.history.push(entry);
  }

  emit(effect: DistributiveOmit<Effect, 'id'>): void {
    this.effects.push({ ...effect, id: `e${this.nextSeq()}` } as Effect);
  }

  // ---- tokens -----------------------------------------------------------------------------

  /** A new token, entered later in this step (so scopes never look empty in between). */
  spawn(elementId: string, scope: string | null, fields: Partial<Token> = {}): Token {
    const token: Token = {
      id: `t${this.nextSeq()}`,
      elementId,
      scope,
      state: 'ready',
      enteredAt: this.now,
      ...fields,
    };
    this.instance.tokens[token.id] = token;
    this.work.push(token.id);
    return token;
  }

  /** Runs every ready token, then the inclusive joins, until the instance waits. */
  drain(): void {
    for (;;) {
      for (let i = 0; i < this.work.length; i++) {
        const token = this.instance.tokens[this.work[i]!];
        if (token && token.state === 'ready') this.enter(token);
      }
      this.work.length = 0;
      if (!executors.inclusiveGateway.settle?.(this)) break;
    }
  }

  private enter(token: Token): void {
    const el = this.element(token.elementId);
    token.state = 'waiting';
    this.record('element.activated', { elementId: el.id, tokenId: token.id });
    if (++this.activations > (this.ctx.maxActivations ?? 10_000)) {
      this.raiseIncident(
        token,
        'loop-limit',
        `more than ${this.ctx.maxActivations ?? 10_000} elements ran in one step; the model probably loops without waiting`,
        'enter',
      );
      return;
    }
    this.activate(token, el);
  }

  /** Element behaviour on entry: multi-instance body, input mappings, boundary timers, executor. */
  activate(token: Token, el: ElementModel): void {
    if (el.multiInstance && !token.inner) {
      enterMultiInstanceBody(this, token, el);
      return;
    }
    if (el.io?.inputs.length && !this.applyInputs(token, el.io.inputs)) return;
    if (isActivity(el.type) && !token.inner && el.boundaries) {
      if (!scheduleBoundaryTimers(this, token, el)) return;
      if (!openBoundarySubscriptions(this, token, el)) return;
    }
    executorFor(el.type).enter(this, token, el);
  }

  /**
   * The element finished its work: result variables are mapped (or propagated), then the token
   * leaves through its outgoing flows (or reports to its multi-instance body).
   */
  complete(token: Token, result: { variables?: Variables; localVariables?: Variables } = {}): void {
    const el = this.element(token.elementId);
    if (result.localVariables) Object.assign((token.vars ??= {}), result.localVariables);
    const outputs = token.mi ? undefined : el.io?.outputs;
    if (outputs && outputs.length > 0) {
      if (result.variables) Object.assign((token.vars ??= {}), result.variables);
      let values: Array<[string, unknown]>;
      try {
        values = outputs.map((m) => [m.target, this.valueOf(m.source, token)]);
      } catch (e) {
        this.raiseIncident(token, 'expression-failed', `output mapping: ${(e as Error).message}`, 'complete');
        return;
      }
      for (const [target, value] of values) this.setMapped(this.tokenOrNull(token.scope), target, value);
    } else if (result.variables) {
      for (const [k, v] of Object.entries(result.variables)) this.propagate(token, k, v);
    }
    if (token.inner) {
      innerInstanceDone(this, token, 'completed');
      return;
    }
    this.leave(token, el.outgoing);
  }

  /** Removes the token and sends new tokens down the given flows. */
  leave(token: Token, flowIds: readonly string[]): void {
    this.remove(token, 'completed');
    for (const flowId of flowIds) {
      const flow = this.model.flows[flowId]!;
      this.spawn(flow.target, token.scope, { via: flowId });
    }
    if (flowIds.length === 0) this.checkScopeEnd(token.scope);
  }

  /** Drops a token from the instance (with its timers), recording how it ended. */
  remove(token: Token, how: 'completed' | 'terminated'): void {
    this.record(how === 'completed' ? 'element.completed' : 'element.terminated', {
      elementId: token.elementId,
      tokenId: token.id,
    });
    dropTimersOf(this, token.id);
    dropSubscriptionsOf(this, token.id);
    if (token.incidentId) this.closeIncident(token.incidentId, 'terminated');
    delete this.instance.tokens[token.id];
  }

  /** Terminates a token and everything inside it (tasks are cancelled, timers dropped). */
  terminate(token: Token): void {
    for (const child of this.childrenOf(token.id)) this.terminate(child);
    if (!this.instance.tokens[token.id]) return;
    const el = this.element(token.elementId);
    executorFor(el.type).terminate?.(this, token, el);
    this.remove(token, 'terminated');
  }

  childrenOf(scopeId: string): Token[] {
    const out: Token[] = [];
    for (const t of Object.values(this.instance.tokens)) if (t.scope === scopeId) out.push(t);
    return out;
  }

  tokenOrNull(id: string | null): Token | null {
    return id === null ? null : (this.instance.tokens[id] ?? null);
  }

  /** When a scope has no tokens left, it completes: the instance, or its sub-process. */
  checkScopeEnd(scopeId: string | null): void {
    for (const t of Object.values(this.instance.tokens)) if (t.scope === scopeId) return;
    if (scopeId === null) {
      this.endInstance('completed');
      return;
    }
    const scopeToken = this.instance.tokens[scopeId];
    if (!scopeToken || scopeToken.mi) return; // a multi-instance body tracks its inner instances itself
    this.complete(scopeToken);
  }

  endInstance(status: 'completed' | 'cancelled', fields: { by?: string; comment?: string } = {}): void {
    if (this.instance.status !== 'active') return;
    this.instance.status = status;
    this.instance.endedAt = this.now;
    this.instance.timers = {};
    if (this.instance.subscriptions) this.instance.subscriptions = {};
    this.record(status === 'completed' ? 'instance.completed' : 'instance.cancelled', fields);
    this.emit({ kind: 'instance.ended', status, at: this.now });
  }

  // ---- incidents ----------------------------------------------------------------------------

  raiseIncident(
    token: Token,
    kind: IncidentKind,
    message: string,
    phase: Incident['phase'],
    errorCode?: string,
  ): void {
    const incident: Incident = {
      id: `inc${this.nextSeq()}`,
      kind,
      tokenId: token.id,
      elementId: token.elementId,
      message,
      createdAt: this.now,
      phase,
      ...(errorCode ? { errorCode } : {}),
    };
    token.state = 'incident';
    token.incidentId = incident.id;
    this.instance.incidents[incident.id] = incident;
    this.record('incident.raised', {
      elementId: token.elementId,
      tokenId: token.id,
      data: { incidentId: incident.id, kind, message },
    });
    this.emit({ kind: 'incident.raised', incident });
  }

  closeIncident(incidentId: string, how: 'resolved' | 'terminated', by?: string): void {
    const incident = this.instance.incidents[incidentId];
    if (!incident) return;
    delete this.instance.incidents[incidentId];
    const token = this.instance.tokens[incident.tokenId];
    if (token?.incidentId === incidentId) delete token.incidentId;
    this.record('incident.resolved', {
      elementId: incident.elementId,
      tokenId: incident.tokenId,
      by,
      data: { incidentId, how },
    });
    this.emit({ kind: 'incident.resolved', incidentId });
  }

  /** Retries the work an incident stopped. */
  retry(incident: Incident): void {
    const token = this.instance.tokens[incident.tokenId];
    this.closeIncident(incident.id, 'resolved');
    if (!token) return;
    const el = this.element(token.elementId);
    token.state = 'waiting';
    if (incident.phase === 'complete') this.complete(token);
    else if (incident.phase === 'job') executorFor(el.type).retry?.(this, token, el);
    else {
      dropTimersOf(this, token.id);
      dropSubscriptionsOf(this, token.id);
      this.activate(token, el);
    }
  }

  // ---- variables ----------------------------------------------------------------------------

  /** The variables visible from a token (innermost wins), as one object. */
  visibleVariables(token: Token | null): Variables {
    const chain: Variables[] = [];
    let t = token;
    while (t) {
      if (t.vars) chain.push(t.vars);
      t = this.tokenOrNull(t.scope);
    }
    if (chain.length === 0) return this.instance.variables;
    const out: Variables = { ...this.instance.variables };
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i]);
    return out;
  }

  feelContext(token: Token | null, extra?: Variables): Record<string, unknown> {
    this.clock ??= clockFunctions(this.ctx.now);
    return { ...this.visibleVariables(token), ...extra, ...this.extras, ...this.clock };
  }

  evaluate(expression: string, token: Token | null, extra?: Variables): unknown {
    return evaluateExpression(expression, this.feelContext(token, extra));
  }

  /** A FEEL expression (leading `=`) evaluated, or a literal string as written. */
  valueOf(source: string, token: Token | null): unknown {
    return isExpression(source) ? this.evaluate(source, token) : source;
  }

  /** Sets a variable where it already lives (from `start` outwards), else at the root. */
  propagate(start: Token | null, name: string, value: unknown): void {
    let t = start;
    while (t) {
      if (t.vars && Object.hasOwn(t.vars, name)) {
        t.vars[name] = value;
        return;
      }
      t = this.tokenOrNull(t.scope);
    }
    this.instance.variables[name] = value;
  }

  /** A mapping target (`name` or `name.path`), propagated from `start`. */
  setMapped(start: Token | null, target: string, value: unknown): void {
    const dot = target.indexOf('.');
    if (dot === -1) {
      this.propagate(start, target, value);
      return;
    }
    const name = target.slice(0, dot);
    const current = this.lookup(start, name);
    this.propagate(start, name, setPath(current, target.slice(dot + 1).split('.'), value));
  }

  private lookup(start: Token | null, name: string): unknown {
    let t = start;
    while (t) {
      if (t.vars && Object.hasOwn(t.vars, name)) return t.vars[name];
      t = this.tokenOrNull(t.scope);
    }
    return this.instance.variables[name];
  }

  /** Input mappings create local variables; false (and an incident) when one fails. */
  private applyInputs(token: Token, inputs: readonly Mapping[]): boolean {
    let values: Array<[string, unknown]>;
    try {
      values = inputs.map((m) => [m.target, this.valueOf(m.source, token)]);
    } catch (e) {
      this.raiseIncident(token, 'expression-failed', `input mapping: ${(e as Error).message}`, 'enter');
      return false;
    }
    const vars = (token.vars ??= {});
    for (const [target, value] of values) {
      const dot = target.indexOf('.');
      if (dot === -1) vars[target] = value;
      else {
        const name = target.slice(0, dot);
        vars[name] = setPath(vars[name], target.slice(dot + 1).split('.'), value);
      }
    }
    return true;
  }

  // ---- user tasks ---------------------------------------------------------------------------

  taskView(token: Token, state: TaskView['state'], extra: Partial<TaskView> = {}): TaskView {
    return taskViewOf(this.instance, token, this.element(token.elementId), state, extra);
  }

  // ---- finishing ----------------------------------------------------------------------------

  /** Derived fields the runtime indexes: next timer, current elements, incident count. */
  finish(): void {
    const inst = this.instance;
    let next: number | null = null;
    for (const t of Object.values(inst.timers)) if (next === null || t.dueAt < next) next = t.dueAt;
    inst.nextDueAt = next;
    const active = new Set<string>();
    for (const t of Object.values(inst.tokens)) active.add(t.elementId);
    inst.activeElementIds = [...active];
    inst.incidentCount = Object.keys(inst.incidents).length;
    if (inst.subscriptions) {
      const keys = new Set<string>();
      for (const s of Object.values(inst.subscriptions)) keys.add(messageKeyOf(s.name, s.correlationKey));
      inst.messageKeys = [...keys];
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Copy-on-write set of a nested path inside a (possibly missing) object. */
function setPath(base: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> =
    base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  let obj = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const child = obj[key];
    const copy: Record<string, unknown> =
      child && typeof child === 'object' && !Array.isArray(child)
        ? { ...(child as Record<string, unknown>) }
        : {};
    obj[key] = copy;
    obj = copy;
  }
  obj[path[path.length - 1]!] = value;
  return root;
}
