// Embedded sub-processes (event sub-processes are refused); their content is walked as a scope.
import { kindParams } from '../problems.ts';
import type { ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { ioOf, loopOf } from './readers.ts';

export function subProcess(cx: Compilation, node: Node, base: BaseFields): ElementModel | null {
  if (node.triggeredByEvent === true) {
    cx.report('UNSUPPORTED_ELEMENT', node, kindParams('bpmn:SubProcess'));
    return null;
  }
  const ext = cx.extensions(node, 'subProcess');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  return {
    ...base,
    type: 'subProcess',
    startEvent: '',
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}
