// Call activities: zeebe:calledElement — the process id (literal or FEEL), the binding (latest,
// deployment or versionTag, as Camunda 8.6+ models carry it) and the two variable propagation
// switches — with mappings and multi-instance.
import type { CallActivityElement } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { ioOf, loopOf } from './readers.ts';

export function callActivity(cx: Compilation, node: Node, base: BaseFields): CallActivityElement | null {
  const ext = cx.extensions(node, 'callActivity');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  const called = ext.find((e) => e.$type === 'zeebe:CalledElement');
  const processId = typeof called?.processId === 'string' ? called.processId.trim() : '';
  if (!processId) {
    cx.report('CALLED_ELEMENT_MISSING', node);
    return null;
  }
  cx.checkFeel(node, processId, 'the called process', 'expression');
  let binding: CallActivityElement['binding'] = { type: 'latest' };
  if (called?.bindingType === 'deployment') binding = { type: 'deployment' };
  else if (called?.bindingType === 'versionTag') {
    const tag = typeof called.versionTag === 'string' ? called.versionTag.trim() : '';
    if (!tag) cx.report('VERSION_TAG_MISSING', node);
    binding = { type: 'versionTag', versionTag: tag };
  }
  const flag = (value: unknown, fallback: boolean): boolean =>
    value === undefined || value === null || value === '' ? fallback : value === true || value === 'true';
  return {
    ...base,
    type: 'callActivity',
    processId,
    binding,
    propagateAllChildVariables: flag(called?.propagateAllChildVariables, true),
    propagateAllParentVariables: flag(called?.propagateAllParentVariables, true),
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}
