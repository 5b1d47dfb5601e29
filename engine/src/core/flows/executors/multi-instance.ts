// Multi-instance activities (parallel and sequential), as Camunda 8 runs them. A body token holds
// the input collection and counters; each item runs as an inner instance of the same element
// with the local variables `inputElement` and `loopCounter` (1-based). The body's local variables
// numberOfInstances, numberOfActiveInstances, numberOfCompletedInstances and
// numberOfTerminatedInstances are visible to the completionCondition, which is evaluated in the
// scope of the inner instance that just completed. outputElement values are collected in order
// into outputCollection when the body completes. Boundary events attach to the body.
//
// For approvals: an inner instance can be cancelled (a withdrawn signer) and items added while
// the body runs (an added signer).
import type { Token } from '../instance.ts';
import type { ElementModel, MultiInstanceSpec } from '../model.ts';
import type { Run } from '../run.ts';
import { scheduleBoundaryTimers } from '../timer-events.ts';
import { evaluateConditionExpression as evaluateCondition } from '../feel-scope.ts';

function counters(body: Token): void {
  const mi = body.mi!;
  body.vars = {
    ...body.vars,
    numberOfInstances: mi.items.length,
    numberOfActiveInstances: mi.active,
    numberOfCompletedInstances: mi.completed,
    numberOfTerminatedInstances: mi.terminated,
  };
}

function spawnInner(run: Run, body: Token, spec: MultiInstanceSpec, index: number): void {
  const mi = body.mi!;
  const vars: Record<string, unknown> = { loopCounter: index + 1 };
  if (spec.inputElement) vars[spec.inputElement] = mi.items[index] ?? null;
  mi.active++;
  run.spawn(body.elementId, body.id, { inner: true, vars });
}

export function enterMultiInstanceBody(run: Run, body: Token, el: ElementModel): void {
  const spec = el.multiInstance!;
  let items: unknown;
  try {
    items = run.evaluate(spec.inputCollection, body);
  } catch (e) {
    run.raiseIncident(body, 'expression-failed', `input collection: ${(e as Error).message}`, 'enter');
    return;
  }
  if (!Array.isArray(items)) {
    run.raiseIncident(
      body,
      'expression-failed',
      `input collection ${spec.inputCollection} gave ${JSON.stringify(items)}, not a list`,
      'enter',
    );
    return;
  }
  body.mi = {
    items,
    next: 0,
    active: 0,
    completed: 0,
    terminated: 0,
    ...(spec.outputCollection ? { outputs: items.map(() => null) } : {}),
  };
  if (el.boundaries && !scheduleBoundaryTimers(run, body, el)) return;
  if (items.length === 0) {
    counters(body);
    finishBody(run, body, spec);
    return;
  }
  if (spec.sequential) {
    spawnInner(run, body, spec, 0);
    body.mi.next = 1;
  } else {
    for (let i = 0; i < items.length; i++) spawnInner(run, body, spec, i);
    body.mi.next = items.length;
  }
  counters(body);
}

/** An inner instance completed (after its own output mappings) or was terminated. */
export function innerInstanceDone(run: Run, inner: Token, how: 'completed' | 'terminated'): void {
  const body = inner.scope ? run.instance.tokens[inner.scope] : undefined;
  if (!body?.mi) {
    run.remove(inner, how);
    return;
  }
  const spec = run.element(body.elementId).multiInstance!;
  const mi = body.mi;
  mi.active--;
  if (how === 'completed') mi.completed++;
  else mi.terminated++;
  counters(body);
  const bodyVars = body.vars;
  let done = false;
  if (how === 'completed') {
    try {
      if (spec.outputElement && mi.outputs) {
        const index = Number(inner.vars?.loopCounter ?? 0) - 1;
        if (index >= 0) mi.outputs[index] = run.evaluate(spec.outputElement, inner);
      }
      const hook = run.ctx.innerInstanceCompleted;
      if (hook) {
        const el = run.element(body.elementId);
        const result = hook({
          instance: run.instance,
          elementId: body.elementId,
          bodyTokenId: body.id,
          inner: inner.vars ?? {},
          body: body.vars ?? {},
          ...('headers' in el && el.headers ? { headers: el.headers } : {}),
        });
        if (result?.variables) body.vars = { ...body.vars, ...result.variables };
        if (result?.done) done = true;
      }
      if (!done && spec.completionCondition)
        done = evaluateCondition(spec.completionCondition, run.feelContext(inner));
    } catch (e) {
      // Undo the counting so that a retry of the incident counts this inner instance once.
      body.vars = bodyVars;
      mi.active++;
      mi.completed--;
      counters(body);
      run.raiseIncident(inner, 'expression-failed', `multi-instance: ${(e as Error).message}`, 'complete');
      return;
    }
  }
  run.remove(inner, how);
  if (done) {
    for (const other of run.childrenOf(body.id)) {
      run.terminate(other);
      mi.active--;
      mi.terminated++;
    }
    counters(body);
    finishBody(run, body, spec);
    return;
  }
  continueBody(run, body, spec);
}

function continueBody(run: Run, body: Token, spec: MultiInstanceSpec): void {
  const mi = body.mi!;
  if (spec.sequential && mi.active === 0 && mi.next < mi.items.length) {
    spawnInner(run, body, spec, mi.next);
    mi.next++;
    counters(body);
    return;
  }
  if (mi.active === 0 && mi.next >= mi.items.length) finishBody(run, body, spec);
}

function finishBody(run: Run, body: Token, spec: MultiInstanceSpec): void {
  if (spec.outputCollection)
    run.setMapped(run.tokenOrNull(body.scope), spec.outputCollection, body.mi!.outputs ?? []);
  run.complete(body);
}

/** Terminates one inner instance (its task is cancelled); the body continues without it. */
export function cancelInnerInstance(run: Run, inner: Token): void {
  const body = inner.scope ? run.instance.tokens[inner.scope] : undefined;
  run.terminate(inner);
  if (!body?.mi) return;
  const spec = run.element(body.elementId).multiInstance!;
  body.mi.active--;
  body.mi.terminated++;
  counters(body);
  continueBody(run, body, spec);
}

/** Adds an item to a running body: parallel bodies start it now, sequential ones queue it. */
export function addInnerInstance(run: Run, body: Token, item: unknown, position: 'next' | 'end'): void {
  const mi = body.mi!;
  const spec = run.element(body.elementId).multiInstance!;
  const at = spec.sequential && position === 'next' ? mi.next : mi.items.length;
  mi.items.splice(at, 0, item);
  if (mi.outputs) mi.outputs.splice(at, 0, null);
  if (!spec.sequential) {
    spawnInner(run, body, spec, at);
    mi.next = mi.items.length;
  } else if (mi.active === 0) {
    spawnInner(run, body, spec, mi.next);
    mi.next++;
  }
  counters(body);
}
