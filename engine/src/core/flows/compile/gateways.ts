// Exclusive, parallel and inclusive gateways (their default flow is checked with the graph).
import type { ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';

const GATEWAY_TYPES = {
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
} as const;

export function gateway(cx: Compilation, node: Node, base: BaseFields): ElementModel {
  if (node.$type === 'bpmn:EventBasedGateway') {
    cx.extensions(node, 'exclusiveGateway');
    return { ...base, type: 'eventBasedGateway' };
  }
  const type = GATEWAY_TYPES[node.$type as keyof typeof GATEWAY_TYPES];
  cx.extensions(node, type === 'eventBasedGateway' ? 'exclusiveGateway' : type);
  const def = node.default as Node | undefined;
  if (def?.id) cx.defaults.set(base.id, def.id);
  return { ...base, type };
}
