// The pure heart of the flow engine: step(model, instance, event, context) → { instance', effects }.
// No I/O and no clock reads — the time comes in the context. The runtime persists the returned
// instance with one conditional write and dispatches the effects.
//
// Events that are no longer relevant (a job result for a token that moved on, a timer that was
// cancelled) change nothing (`changed: false`); commands a caller gets wrong (completing a task
// that is done) throw AppError with a stable code.
import { checkVariables, flowErrors } from './errors.ts';
import type { Effect, FlowEvent } from './events.ts';
import { cancelInnerInstance, addInnerInstance } from './executors/multi-instance.ts';
import { isCurrentJob, jobCompleted, jobFailed } from './executors/service-task.ts';
import { completeUserTask, updateUserTask } from './executors/user-task.ts';
import { callCompleted } from './executors/call-activity.ts';
import { correlateMessage } from './message-events.ts';
import { isBoundaryType } from './model.ts';
import { taskIdOf, type InstanceState, type Token } from './instance.ts';
import type { ProcessModel } from './model.ts';
import { Run } from './run.ts';
import type { StepContext } from './step-context.ts';
import { fireTimer } from './timer-events.ts';

export interface StepResult {
  instance: InstanceState;
  effects: Effect[];
  /** False when the event did not apply (nothing to write). */
  changed: boolean;
}

export interface StepOptions {
  /** Mutate the given instance instead of a copy (the caller owns a fresh copy, e.g. just loaded). */
  inPlace?: boolean;
}

export function step(
  model: ProcessModel,
  instance: InstanceState,
  event: FlowEvent,
  context: StepContext,
  options: StepOptions = {},
): StepResult {
  const state = options.inPlace ? instance : structuredClone(instance);
  const before = state.seq;
  const run = new Run(model, state, context);
  apply(run, event);
  run.drain();
  run.finish();
  return { instance: state, effects: run.effects, changed: state.seq !== before };
}

function requireActive(run: Run): void {
  if (run.instance.status !== 'active')
    throw flowErrors.instanceNotActive(run.instance.id, run.instance.status);
}

function openTask(run: Run, tokenId: string): Token {
  const token = run.instance.tokens[tokenId];
  const taskId = taskIdOf(run.instance.id, tokenId);
  // A missing token is a task that was completed or cancelled (task ids name their token).
  if (!token) throw flowErrors.taskNotOpen(taskId);
  if (run.element(token.elementId).type !== 'userTask' || token.mi) throw flowErrors.taskNotFound(taskId);
  if (!token.task || token.state !== 'waiting') throw flowErrors.taskNotOpen(taskId);
  return token;
}

function apply(run: Run, event: FlowEvent): void {
  const inst = run.instance;
  switch (event.type) {
    case 'start': {
      if (inst.history.length > 0) throw flowErrors.alreadyStarted(inst.id);
      Object.assign(inst.variables, checkVariables(event.variables));
      if (event.by && !inst.startedBy) inst.startedBy = event.by;
      run.record('instance.started', { by: event.by });
      const startAt = event.startElement ?? run.model.startEvent;
      const start = run.model.elements[startAt];
      if (!start || start.type !== 'startEvent' || start.parent !== null)
        throw flowErrors.noStartEvent(run.model.processId);
      run.spawn(startAt, null);
      return;
    }
    case 'completeTask': {
      requireTaskCompletionInput(event);
      const token = openTask(run, event.tokenId);
      completeUserTask(run, token, {
        ...(event.variables ? { variables: checkVariables(event.variables) } : {}),
        ...(event.localVariables
          ? { localVariables: checkVariables(event.localVariables, 'localVariables') }
          : {}),
        ...(event.outcome !== undefined ? { outcome: event.outcome } : {}),
        ...(event.by ? { by: event.by } : {}),
        ...(event.comment ? { comment: event.comment } : {}),
        ...(event.data ? { data: event.data } : {}),
        ...(event.action ? { action: event.action } : {}),
        ...(event.endInstance ? { endInstance: true } : {}),
      });
      return;
    }
    case 'updateTask': {
      const token = openTask(run, event.tokenId);
      updateUserTask(run, token, event.changes, event);
      return;
    }
    case 'jobCompleted': {
      const token = inst.tokens[event.tokenId];
      if (inst.status !== 'active' || !isCurrentJob(token, event.round)) return;
      jobCompleted(run, token, event.variables ? checkVariables(event.variables) : undefined);
      return;
    }
    case 'jobFailed': {
      const token = inst.tokens[event.tokenId];
      if (inst.status !== 'active' || !isCurrentJob(token, event.round)) return;
      jobFailed(run, token, {
        message: String(event.message ?? 'failed'),
        ...(event.errorCode !== undefined ? { errorCode: event.errorCode } : {}),
        ...(event.variables ? { variables: checkVariables(event.variables) } : {}),
      });
      return;
    }
    case 'messageCorrelated': {
      if (inst.status !== 'active') return;
      correlateMessage(run, {
        name: String(event.name),
        correlationKey: String(event.correlationKey ?? ''),
        messageId: String(event.messageId),
        ...(event.variables ? { variables: checkVariables(event.variables) } : {}),
        ...(event.broadcast === true ? { broadcast: true } : {}),
      });
      return;
    }
    case 'callCompleted':
    case 'callFailed': {
      const token = inst.tokens[event.tokenId];
      if (
        inst.status !== 'active' ||
        !token ||
        token.state !== 'waiting' ||
        token.call?.childId !== event.childId
      )
        return;
      const el = run.element(token.elementId);
      if (el.type !== 'callActivity') return;
      if (event.type === 'callFailed') run.raiseIncident(token, 'call-failed', event.message, 'enter');
      else callCompleted(run, token, el, event.variables ? checkVariables(event.variables) : undefined);
      return;
    }
    case 'timerFired': {
      const timer = inst.timers[event.timerId];
      if (inst.status !== 'active' || !timer || timer.dueAt > run.now) return;
      fireTimer(run, timer);
      return;
    }
    case 'timersDue': {
      if (inst.status !== 'active') return;
      const due = Object.values(inst.timers)
        .filter((t) => t.dueAt <= run.now)
        .sort((a, b) => a.dueAt - b.dueAt);
      for (const timer of due) if (inst.timers[timer.id]) fireTimer(run, timer);
      return;
    }
    case 'cancel': {
      requireActive(run);
      for (const token of Object.values(inst.tokens)) if (token.scope === null) run.terminate(token);
      run.endInstance('cancelled', { by: event.by, comment: event.reason });
      return;
    }
    case 'setVariables': {
      requireActive(run);
      const vars = checkVariables(event.variables);
      const start = event.tokenId ? inst.tokens[event.tokenId] : null;
      if (event.tokenId && !start) throw flowErrors.tokenNotFound(event.tokenId);
      if (start) Object.assign((start.vars ??= {}), vars);
      else Object.assign(inst.variables, vars);
      run.record('variables.set', {
        by: event.by,
        ...(start ? { tokenId: start.id, elementId: start.elementId } : {}),
        data: { names: Object.keys(vars) },
      });
      return;
    }
    case 'retryIncident': {
      requireActive(run);
      const incident = inst.incidents[event.incidentId];
      if (!incident) throw flowErrors.incidentNotFound(event.incidentId);
      if (event.variables) {
        const vars = checkVariables(event.variables);
        const token = inst.tokens[incident.tokenId] ?? null;
        for (const [k, v] of Object.entries(vars)) run.propagate(token, k, v);
        run.record('variables.set', {
          by: event.by,
          data: { names: Object.keys(vars), incidentId: incident.id },
        });
      }
      run.retry(incident);
      return;
    }
    case 'modify': {
      requireActive(run);
      modify(run, event);
      return;
    }
    case 'cancelInnerInstance': {
      requireActive(run);
      const token = inst.tokens[event.tokenId];
      if (!token) throw flowErrors.tokenNotFound(event.tokenId);
      if (!token.inner) throw flowErrors.notMultiInstance(event.tokenId);
      run.record('instance.modified', {
        by: event.by,
        comment: event.reason,
        tokenId: token.id,
        elementId: token.elementId,
        action: 'cancel-inner-instance',
      });
      cancelInnerInstance(run, token);
      return;
    }
    case 'addInnerInstance': {
      requireActive(run);
      const token = inst.tokens[event.tokenId];
      if (!token) throw flowErrors.tokenNotFound(event.tokenId);
      const body = token.mi ? token : token.inner && token.scope ? inst.tokens[token.scope] : undefined;
      if (!body?.mi) throw flowErrors.notMultiInstance(event.tokenId);
      run.record('instance.modified', {
        by: event.by,
        tokenId: body.id,
        elementId: body.elementId,
        action: 'add-inner-instance',
        data: { item: event.item ?? null, position: event.position ?? 'end' },
      });
      addInnerInstance(run, body, event.item ?? null, event.position ?? 'end');
      return;
    }
    case 'batch': {
      for (const e of Array.isArray(event.events) ? event.events : []) {
        if (e.type === 'batch' || e.type === 'start') throw flowErrors.eventInvalid(e.type);
        apply(run, e);
      }
      return;
    }
    case 'note': {
      const token = event.tokenId ? inst.tokens[event.tokenId] : undefined;
      run.record('note', {
        action: event.action,
        by: event.by,
        comment: event.comment,
        data: event.data,
        ...(token ? { tokenId: token.id, elementId: token.elementId } : {}),
      });
      return;
    }
  }
}

function requireTaskCompletionInput(event: {
  outcome?: unknown;
  comment?: unknown;
  by?: unknown;
  action?: unknown;
}): void {
  for (const key of ['outcome', 'comment', 'by', 'action'] as const) {
    const v = event[key];
    if (v !== undefined && typeof v !== 'string') throw flowErrors.inputInvalid(key);
  }
}

/** Instance modification: activations first (so scopes stay alive), then terminations. */
function modify(run: Run, event: Extract<FlowEvent, { type: 'modify' }>): void {
  const inst = run.instance;
  run.record('instance.modified', {
    by: event.by,
    comment: event.reason,
    action: 'modify',
    data: {
      activate: (event.activate ?? []).map((a) => a.elementId),
      terminate: (event.terminate ?? []).map((t) => t.tokenId ?? t.elementId ?? null),
    },
  });
  // Resolve everything before changing anything, so that a bad instruction changes nothing.
  const activations = (event.activate ?? []).map((a) => {
    const el = run.model.elements[a.elementId];
    if (!el) throw flowErrors.elementUnknown(a.elementId);
    if (el.type === 'startEvent' || isBoundaryType(el.type))
      throw flowErrors.elementNotActivatable(a.elementId);
    return { el, variables: a.variables ? checkVariables(a.variables) : undefined };
  });
  const victims: Token[] = [];
  for (const t of event.terminate ?? []) {
    if (t.tokenId) {
      const token = inst.tokens[t.tokenId];
      if (!token) throw flowErrors.tokenNotFound(t.tokenId);
      victims.push(token);
    } else if (t.elementId) {
      if (!run.model.elements[t.elementId]) throw flowErrors.elementUnknown(t.elementId);
      for (const token of Object.values(inst.tokens)) {
        // The body stands for all its inner instances.
        if (token.elementId === t.elementId && !token.inner) victims.push(token);
      }
    }
  }
  for (const { el, variables } of activations) {
    const scope = scopeFor(run, el.parent);
    if (variables) {
      if (scope) Object.assign((scope.vars ??= {}), variables);
      else Object.assign(inst.variables, variables);
    }
    run.spawn(el.id, scope ? scope.id : null);
  }
  const emptied = new Set<string | null>();
  for (const victim of victims) {
    if (!inst.tokens[victim.id]) continue;
    if (victim.inner) {
      cancelInnerInstance(run, victim);
      continue;
    }
    run.terminate(victim);
    emptied.add(victim.scope);
  }
  // A scope left without tokens by the modification is terminated too (as Zeebe does), up to
  // the instance itself, which is then cancelled.
  for (let scope of emptied) {
    while (true) {
      if (Object.values(inst.tokens).some((t) => t.scope === scope)) break;
      if (scope === null) {
        run.endInstance('cancelled', { by: event.by, comment: event.reason ?? 'modification' });
        break;
      }
      const scopeToken: Token | undefined = inst.tokens[scope];
      if (!scopeToken || scopeToken.mi) break;
      const parent = scopeToken.scope;
      run.terminate(scopeToken);
      scope = parent;
    }
  }
}

/** The token of the sub-process an activated element lives in, created when none runs. */
function scopeFor(run: Run, subProcessId: string | null): Token | null {
  if (subProcessId === null) return null;
  const candidates = Object.values(run.instance.tokens).filter(
    (t) => t.elementId === subProcessId && !t.mi && t.state !== 'ready',
  );
  if (candidates.length > 1) throw flowErrors.ambiguousScope(subProcessId);
  if (candidates[0]) return candidates[0];
  const el = run.element(subProcessId);
  const parent = scopeFor(run, el.parent);
  const token: Token = {
    id: `t${run.nextSeq()}`,
    elementId: subProcessId,
    scope: parent ? parent.id : null,
    state: 'waiting',
    enteredAt: run.now,
  };
  run.instance.tokens[token.id] = token;
  run.record('element.activated', { elementId: subProcessId, tokenId: token.id, action: 'modify' });
  return token;
}
