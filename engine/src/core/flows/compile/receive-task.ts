// Receive tasks: wait for a message like a catch event (name and correlation key from the
// referenced bpmn:message), with boundary events, mappings and multi-instance.
import type { MessageCatchEventElement } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { ioOf, loopOf, messageOf } from './readers.ts';

export function receiveTask(cx: Compilation, node: Node, base: BaseFields): MessageCatchEventElement | null {
  const ext = cx.extensions(node, 'receiveTask');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  const message = messageOf(
    cx,
    node,
    { $type: 'bpmn:ReceiveTask', messageRef: node.messageRef },
    'correlationKey',
  );
  if (!message) return null;
  return {
    ...base,
    type: 'receiveTask',
    message,
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}
