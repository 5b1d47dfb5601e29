// Script tasks: a FEEL expression whose result lands in a variable.
import type { ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { ioOf, loopOf } from './readers.ts';

export function scriptTask(cx: Compilation, node: Node, base: BaseFields): ElementModel {
  const ext = cx.extensions(node, 'scriptTask');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  const script = ext.find((e) => e.$type === 'zeebe:Script');
  const expression = typeof script?.expression === 'string' ? script.expression.trim() : '';
  const resultVariable = typeof script?.resultVariable === 'string' ? script.resultVariable.trim() : '';
  if (!expression || !resultVariable) cx.report('SCRIPT_MISSING', node);
  else cx.checkFeel(node, expression, 'the script', 'always');
  return {
    ...base,
    type: 'scriptTask',
    expression,
    ...(resultVariable ? { resultVariable } : {}),
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}
