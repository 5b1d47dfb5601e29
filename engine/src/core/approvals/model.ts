// What the approvals layer reads from a compiled process model: whether the model itself routes a
// rejection or a return (a gateway after the task looks at the outcome), where a resubmitted
// request starts again, and which earlier steps a request may be returned to.
import type { HistoryEntry, InstanceState, Token } from '../flows/instance.ts';
import type { ElementModel, ProcessModel } from '../flows/model.ts';

const OUTCOME_WORDS = ['outcome', 'approval', 'approvals'];

/** Variable names that carry the task's outcome out of it (output mappings reading `outcome`). */
function outcomeCarriers(el: ElementModel): string[] {
  const names = [...OUTCOME_WORDS];
  for (const m of el.io?.outputs ?? []) if (/\boutcome\b/.test(m.source)) names.push(m.target.split('.')[0]!);
  return names;
}

/** The gateways a token reaches right after leaving the element (through no other activity). */
function gatewaysAfter(model: ProcessModel, el: ElementModel): ElementModel[] {
  const out: ElementModel[] = [];
  for (const flowId of el.outgoing) {
    const target = model.elements[model.flows[flowId]?.target ?? ''];
    if (target && (target.type === 'exclusiveGateway' || target.type === 'inclusiveGateway'))
      out.push(target);
  }
  return out;
}

/**
 * Does the model decide what happens after this outcome? True when a gateway right after the
 * task has a condition on the outcome (for "returned": one naming "returned"). Otherwise the
 * approvals layer applies the default: a rejection ends the request, a return goes to the requester.
 */
export function modelRoutes(
  model: ProcessModel,
  elementId: string,
  outcome: 'rejected' | 'returned',
): boolean {
  const el = model.elements[elementId];
  if (!el) return false;
  const carriers = outcomeCarriers(el);
  const mentions = (text: string): boolean => carriers.some((c) => new RegExp(`\\b${c}\\b`).test(text));
  for (const gw of gatewaysAfter(model, el)) {
    for (const flowId of gw.outgoing) {
      const condition = model.flows[flowId]?.condition;
      if (!condition || !mentions(condition)) continue;
      if (outcome === 'rejected' || condition.includes('"returned"')) return true;
    }
  }
  return false;
}

/** The elements a resubmitted request starts at again (the start event's successors). */
export function restartElements(model: ProcessModel): string[] {
  const start = model.elements[model.startEvent];
  return (start?.outgoing ?? []).map((f) => model.flows[f]!.target);
}

/** User tasks this instance has completed by a person's decision, most recent first, without repeats. */
export function passedUserTasks(model: ProcessModel, history: readonly HistoryEntry[]): string[] {
  const out: string[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.type !== 'task.completed' || !h.elementId || out.includes(h.elementId)) continue;
    if (model.elements[h.elementId]?.type === 'userTask') out.push(h.elementId);
  }
  return out;
}

/** The token of the scope an element runs in (its running sub-process), or null at process level. */
export function runningScopeOf(
  model: ProcessModel,
  instance: InstanceState,
  elementId: string,
): Token | null {
  const parent = model.elements[elementId]?.parent ?? null;
  if (parent === null) return null;
  return Object.values(instance.tokens).find((t) => t.elementId === parent && !t.mi) ?? null;
}

/**
 * The tokens to terminate when the request goes back to `targetElementId`: everything running in
 * the scope the target will run in (at process level: everything).
 */
export function tokensToReplace(
  model: ProcessModel,
  instance: InstanceState,
  targetElementId: string,
): string[] {
  const scope = runningScopeOf(model, instance, targetElementId);
  const scopeId = scope ? scope.id : null;
  const ancestors = new Set<string>();
  for (let t: Token | null = scope; t; t = t.scope ? (instance.tokens[t.scope] ?? null) : null)
    ancestors.add(t.id);
  return Object.values(instance.tokens)
    .filter((t) => (scopeId === null ? t.scope === null && !ancestors.has(t.id) : t.scope === scopeId))
    .map((t) => t.id);
}
