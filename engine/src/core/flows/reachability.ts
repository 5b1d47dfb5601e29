// Inclusive-join reachability, computed once per model: for a converging inclusive gateway J and
// one of its incoming flows f, the elements (in J's scope) from which a token can still travel to
// f without passing through J. At run time J may fire when no waiting-for flow can still receive a
// token, i.e. no token of the scope sits on an element of the flow's upstream set.
import type { ProcessModel } from './model.ts';

export function computeInclusiveUpstream(
  model: Pick<ProcessModel, 'elements' | 'flows'>,
): ProcessModel['inclusiveUpstream'] {
  const result: ProcessModel['inclusiveUpstream'] = {};
  for (const join of Object.values(model.elements)) {
    if (join.type !== 'inclusiveGateway' || join.incoming.length < 2) continue;
    const perFlow: Record<string, string[]> = {};
    for (const flowId of join.incoming) {
      const flow = model.flows[flowId];
      if (!flow) continue;
      const seen = new Set<string>();
      const stack = [flow.source];
      while (stack.length) {
        const id = stack.pop()!;
        if (id === join.id || seen.has(id)) continue;
        seen.add(id);
        const el = model.elements[id];
        if (!el) continue;
        for (const inc of el.incoming) {
          const src = model.flows[inc]?.source;
          if (src) stack.push(src);
        }
        // A boundary event is reached from the activity it is attached to.
        if (el.type === 'timerBoundaryEvent' || el.type === 'errorBoundaryEvent') stack.push(el.attachedTo);
      }
      perFlow[flowId] = [...seen].sort();
    }
    result[join.id] = perFlow;
  }
  return result;
}
