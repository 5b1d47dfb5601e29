// Untyped and manual tasks: pass-through with mappings (and multi-instance), as Camunda 8 runs them.
import type { TaskElement } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { ioOf, loopOf } from './readers.ts';

export function task(cx: Compilation, node: Node, base: BaseFields): TaskElement {
  const ext = cx.extensions(node, 'task');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  return {
    ...base,
    type: 'task',
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}
