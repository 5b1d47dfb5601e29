// One compiler per BPMN element kind, looked up by the moddle type (as executors/ are by model
// type). A kind not listed here is refused by its id and name.
import type { ElementModel } from '../model.ts';
import { withNameZh } from '../names/localized-name.ts';
import { kindParams } from '../problems.ts';
import { businessRuleTask } from './business-rule-task.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { callActivity } from './call-activity.ts';
import {
  boundaryEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  startEvent,
} from './events.ts';
import { receiveTask } from './receive-task.ts';
import { task } from './task.ts';
import { gateway } from './gateways.ts';
import { scriptTask } from './script-task.ts';
import { serviceTask } from './service-task.ts';
import { subProcess } from './sub-process.ts';
import { userTask } from './user-task.ts';

type ElementCompiler = (cx: Compilation, node: Node, base: BaseFields, defs: Node[]) => ElementModel | null;

const compilers: Record<string, ElementCompiler> = {
  'bpmn:StartEvent': startEvent,
  'bpmn:EndEvent': endEvent,
  'bpmn:IntermediateCatchEvent': intermediateCatchEvent,
  'bpmn:BoundaryEvent': boundaryEvent,
  'bpmn:UserTask': userTask,
  'bpmn:ServiceTask': serviceTask,
  'bpmn:ScriptTask': scriptTask,
  'bpmn:ExclusiveGateway': gateway,
  'bpmn:ParallelGateway': gateway,
  'bpmn:InclusiveGateway': gateway,
  'bpmn:EventBasedGateway': gateway,
  'bpmn:SubProcess': subProcess,
  'bpmn:IntermediateThrowEvent': intermediateThrowEvent,
  'bpmn:Task': task,
  'bpmn:ManualTask': task,
  'bpmn:SendTask': serviceTask,
  'bpmn:BusinessRuleTask': businessRuleTask,
  'bpmn:ReceiveTask': receiveTask,
  'bpmn:CallActivity': callActivity,
};

export function compileElement(cx: Compilation, node: Node, parent: string | null): ElementModel | null {
  const compile = Object.hasOwn(compilers, node.$type) ? compilers[node.$type] : undefined;
  if (!compile) {
    cx.report('UNSUPPORTED_ELEMENT', node, kindParams(node.$type));
    return null;
  }
  const base: BaseFields = {
    id: String(node.id),
    ...(node.name ? { name: String(node.name) } : {}),
    ...withNameZh(node),
    parent,
    incoming: [],
    outgoing: [],
  };
  return compile(cx, node, base, (node.eventDefinitions as Node[] | undefined) ?? []);
}
