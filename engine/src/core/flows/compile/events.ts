// Start, end, intermediate timer catch and boundary (timer, error) events.
import type { ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { formOf, ioOf, timerOf } from './readers.ts';

export function startEvent(cx: Compilation, node: Node, base: BaseFields, defs: Node[]): ElementModel | null {
  if (defs.length > 0) return cx.unsupportedDefinition(node, defs, 'none');
  const formId = formOf(cx, node, cx.extensions(node, 'startEvent'));
  return { ...base, type: 'startEvent', ...(formId ? { formId } : {}) };
}

export function endEvent(cx: Compilation, node: Node, base: BaseFields, defs: Node[]): ElementModel | null {
  if (defs.length === 0) {
    cx.extensions(node, 'endEvent');
    return { ...base, type: 'endEvent' };
  }
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:TerminateEventDefinition') {
    cx.extensions(node, 'terminateEndEvent');
    return { ...base, type: 'terminateEndEvent' };
  }
  return cx.unsupportedDefinition(node, defs, 'none, terminate');
}

export function intermediateCatchEvent(
  cx: Compilation,
  node: Node,
  base: BaseFields,
  defs: Node[],
): ElementModel | null {
  if (defs.length !== 1 || defs[0]!.$type !== 'bpmn:TimerEventDefinition')
    return cx.unsupportedDefinition(node, defs, 'timer');
  const ext = cx.extensions(node, 'timerCatchEvent');
  const timer = timerOf(cx, node, defs[0]!, false, ext);
  const io = ioOf(cx, node, ext, { inputs: false });
  return timer ? { ...base, type: 'timerCatchEvent', timer, ...(io ? { io } : {}) } : null;
}

export function boundaryEvent(
  cx: Compilation,
  node: Node,
  base: BaseFields,
  defs: Node[],
): ElementModel | null {
  const attached = node.attachedToRef as Node | undefined;
  if (!attached?.id) {
    cx.report('BOUNDARY_NOT_ATTACHED', node);
    return null;
  }
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:TimerEventDefinition') {
    const ext = cx.extensions(node, 'timerBoundaryEvent');
    const interrupting = node.cancelActivity !== false;
    const timer = timerOf(cx, node, defs[0]!, !interrupting, ext);
    const io = ioOf(cx, node, ext, { inputs: false });
    if (!timer) return null;
    return {
      ...base,
      type: 'timerBoundaryEvent',
      attachedTo: attached.id,
      interrupting,
      timer,
      ...(io ? { io } : {}),
    };
  }
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:ErrorEventDefinition') {
    const ext = cx.extensions(node, 'errorBoundaryEvent');
    const io = ioOf(cx, node, ext, { inputs: false });
    if (node.cancelActivity === false) cx.report('ERROR_BOUNDARY_NON_INTERRUPTING', node);
    const error = defs[0]!.errorRef as Node | undefined;
    let errorCode: string | undefined;
    if (error) {
      errorCode =
        typeof error.errorCode === 'string' && error.errorCode.trim() ? error.errorCode.trim() : undefined;
      if (!errorCode) cx.report('ERROR_CODE_MISSING', node, { error: String(error.name ?? error.id ?? '') });
      else cx.checkFeel(node, errorCode, 'the error code', 'expression');
    }
    return {
      ...base,
      type: 'errorBoundaryEvent',
      attachedTo: attached.id,
      ...(errorCode ? { errorCode } : {}),
      ...(io ? { io } : {}),
    };
  }
  return cx.unsupportedDefinition(node, defs, 'timer, error');
}
