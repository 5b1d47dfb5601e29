// Timers within a step: scheduling one for a token (a catch event, a boundary event of an
// activity), dropping a token's timers, and firing a due timer — the catch event completes, an
// interrupting boundary event replaces its activity, a non-interrupting one (cycles too) runs
// beside it.
import { isExpression } from '../feel/feel.ts';
import type { TimerState, Token } from './instance.ts';
import type { ElementModel, TimerSpec } from './model.ts';
import type { Run } from './run.ts';
import { triggerEventGateway } from './executors/event-based-gateway.ts';
import { addDuration, nextCycleDue, parseCycle, parseDate, parseDuration } from './timers.ts';

/** Schedules a timer owned by `token`; false (and an incident on the token) when it cannot. */
export function scheduleTimer(run: Run, token: Token, timerElementId: string, spec: TimerSpec): boolean {
  let due: Omit<TimerState, 'id' | 'elementId' | 'tokenId'>;
  try {
    due = dueOf(run, spec, token);
  } catch (e) {
    run.raiseIncident(
      token,
      'expression-failed',
      `timer ${timerElementId}: ${(e as Error).message}`,
      'enter',
    );
    return false;
  }
  addTimer(run, { ...due, id: `tm${run.nextSeq()}`, elementId: timerElementId, tokenId: token.id });
  return true;
}

function addTimer(run: Run, timer: TimerState): void {
  run.instance.timers[timer.id] = timer;
  run.emit({ kind: 'timer.scheduled', timerId: timer.id, elementId: timer.elementId, dueAt: timer.dueAt });
}

/** The timers of an activity's boundary events; false (and an incident) when one cannot be set. */
export function scheduleBoundaryTimers(run: Run, token: Token, el: ElementModel): boolean {
  for (const id of el.boundaries ?? []) {
    const b = run.element(id);
    if (b.type === 'timerBoundaryEvent' && !scheduleTimer(run, token, b.id, b.timer)) return false;
  }
  return true;
}

export function dropTimersOf(run: Run, tokenId: string): void {
  for (const timer of Object.values(run.instance.timers))
    if (timer.tokenId === tokenId) delete run.instance.timers[timer.id];
}

function dueOf(run: Run, spec: TimerSpec, token: Token): Omit<TimerState, 'id' | 'elementId' | 'tokenId'> {
  const raw = isExpression(spec.value) ? run.evaluate(spec.value, token) : spec.value;
  if (typeof raw !== 'string') throw new Error(`the ${spec.kind} gave ${JSON.stringify(raw)}, not text`);
  if (spec.kind === 'duration') {
    const d = parseDuration(raw);
    if (!d) throw new Error(`"${raw}" is not an ISO 8601 duration`);
    return { dueAt: addDuration(run.now, d) };
  }
  if (spec.kind === 'date') {
    const at = parseDate(raw);
    if (at === null) throw new Error(`"${raw}" is not an ISO 8601 date-time`);
    return { dueAt: at };
  }
  const cycle = parseCycle(raw, run.now);
  if (!cycle) throw new Error(`"${raw}" is not an ISO 8601 cycle or cron expression`);
  return {
    dueAt: cycle.firstDueAt,
    remaining: cycle.repetitions === null ? null : cycle.repetitions - 1,
    interval: cycle.interval,
  };
}

/** A fired timer: the catch event completes, or the boundary event triggers. */
export function fireTimer(run: Run, timer: TimerState): void {
  delete run.instance.timers[timer.id];
  const owner = run.instance.tokens[timer.tokenId];
  if (!owner) return;
  const el = run.element(timer.elementId);
  if (run.element(owner.elementId).type === 'eventBasedGateway') {
    triggerEventGateway(run, owner, timer.elementId);
    return;
  }
  if (el.type === 'timerCatchEvent') {
    run.complete(owner);
    return;
  }
  if (el.type !== 'timerBoundaryEvent') return;
  if (el.interrupting) {
    const scope = owner.scope;
    run.terminate(owner);
    run.spawn(el.id, scope);
    return;
  }
  run.spawn(el.id, owner.scope);
  if (timer.interval && timer.remaining !== 0) {
    const next = nextCycleDue(timer.interval, timer.dueAt);
    if (next !== null) {
      const remaining =
        timer.remaining === null || timer.remaining === undefined ? null : timer.remaining - 1;
      addTimer(run, { ...timer, id: `tm${run.nextSeq()}`, dueAt: next, remaining });
    }
  }
}
