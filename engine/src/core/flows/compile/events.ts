// Start, end, intermediate catch and throw, and boundary events: none, timer, message, signal
// (caught as a message with the signal flag: core/flows/signals.ts), error, terminate. A message
// throw event (intermediate or end) with a job type runs as a job, as Camunda
// 8 runs it (serviceTask with `throwEvent`); a none intermediate throw event passes on.
import type { ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { formOf, ioOf, messageOf, signalOf, timerOf } from './readers.ts';
import { serviceTask } from './service-task.ts';

const withIo = <T extends object>(io: ReturnType<typeof ioOf>, el: T): T => (io ? { ...el, io } : el);

export function startEvent(cx: Compilation, node: Node, base: BaseFields, defs: Node[]): ElementModel | null {
  const def = defs.length === 1 && base.parent === null ? defs[0]! : undefined;
  if (def?.$type === 'bpmn:MessageEventDefinition' || def?.$type === 'bpmn:SignalEventDefinition') {
    const ext = cx.extensions(node, 'startEvent');
    const message =
      def.$type === 'bpmn:SignalEventDefinition'
        ? signalOf(cx, node, def, 'fixedName')
        : messageOf(cx, node, def, 'fixedName');
    const io = ioOf(cx, node, ext);
    return message ? withIo(io, { ...base, type: 'startEvent' as const, message }) : null;
  }
  if (defs.length > 0)
    return cx.unsupportedDefinition(node, defs, base.parent === null ? 'none, message, signal' : 'none');
  const ext = cx.extensions(node, 'startEvent');
  const formId = formOf(cx, node, ext);
  const io = ioOf(cx, node, ext);
  return withIo(io, { ...base, type: 'startEvent' as const, ...(formId ? { formId } : {}) });
}

export function endEvent(cx: Compilation, node: Node, base: BaseFields, defs: Node[]): ElementModel | null {
  if (defs.length === 0) {
    const io = ioOf(cx, node, cx.extensions(node, 'endEvent'));
    return withIo(io, { ...base, type: 'endEvent' as const });
  }
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:TerminateEventDefinition') {
    const io = ioOf(cx, node, cx.extensions(node, 'terminateEndEvent'));
    return withIo(io, { ...base, type: 'terminateEndEvent' as const });
  }
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:MessageEventDefinition')
    return { ...serviceTask(cx, node, base), throwEvent: 'end' };
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:ErrorEventDefinition') {
    const io = ioOf(cx, node, cx.extensions(node, 'endEvent'));
    const error = defs[0]!.errorRef as Node | undefined;
    const errorCode = typeof error?.errorCode === 'string' ? error.errorCode.trim() : '';
    if (!errorCode) {
      cx.report('ERROR_CODE_MISSING', node, { error: String(error?.name ?? error?.id ?? '') });
      return null;
    }
    cx.checkFeel(node, errorCode, 'the error code', 'expression');
    return withIo(io, { ...base, type: 'errorEndEvent' as const, errorCode });
  }
  return cx.unsupportedDefinition(node, defs, 'none, terminate, message, error');
}

export function intermediateThrowEvent(
  cx: Compilation,
  node: Node,
  base: BaseFields,
  defs: Node[],
): ElementModel | null {
  if (defs.length === 0) {
    const io = ioOf(cx, node, cx.extensions(node, 'task'));
    return withIo(io, { ...base, type: 'task' as const });
  }
  if (defs.length === 1 && defs[0]!.$type === 'bpmn:MessageEventDefinition')
    return { ...serviceTask(cx, node, base), throwEvent: 'intermediate' };
  return cx.unsupportedDefinition(node, defs, 'none, message');
}

export function intermediateCatchEvent(
  cx: Compilation,
  node: Node,
  base: BaseFields,
  defs: Node[],
): ElementModel | null {
  const def = defs.length === 1 ? defs[0]! : undefined;
  if (def?.$type === 'bpmn:TimerEventDefinition') {
    const ext = cx.extensions(node, 'timerCatchEvent');
    const timer = timerOf(cx, node, def, false, ext);
    const io = ioOf(cx, node, ext);
    return timer ? withIo(io, { ...base, type: 'timerCatchEvent' as const, timer }) : null;
  }
  if (def?.$type === 'bpmn:MessageEventDefinition' || def?.$type === 'bpmn:SignalEventDefinition') {
    const ext = cx.extensions(node, 'messageCatchEvent');
    const message =
      def.$type === 'bpmn:SignalEventDefinition'
        ? signalOf(cx, node, def, 'any')
        : messageOf(cx, node, def, 'correlationKey');
    const io = ioOf(cx, node, ext);
    return message ? withIo(io, { ...base, type: 'messageCatchEvent' as const, message }) : null;
  }
  return cx.unsupportedDefinition(node, defs, 'timer, message, signal');
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
  const interrupting = node.cancelActivity !== false;
  const def = defs.length === 1 ? defs[0]! : undefined;
  if (def?.$type === 'bpmn:TimerEventDefinition') {
    const ext = cx.extensions(node, 'timerBoundaryEvent');
    const timer = timerOf(cx, node, def, !interrupting, ext);
    const io = ioOf(cx, node, ext);
    if (!timer) return null;
    return withIo(io, {
      ...base,
      type: 'timerBoundaryEvent' as const,
      attachedTo: attached.id,
      interrupting,
      timer,
    });
  }
  if (def?.$type === 'bpmn:MessageEventDefinition' || def?.$type === 'bpmn:SignalEventDefinition') {
    const ext = cx.extensions(node, 'messageBoundaryEvent');
    const message =
      def.$type === 'bpmn:SignalEventDefinition'
        ? signalOf(cx, node, def, 'any')
        : messageOf(cx, node, def, 'correlationKey');
    const io = ioOf(cx, node, ext);
    if (!message) return null;
    return withIo(io, {
      ...base,
      type: 'messageBoundaryEvent' as const,
      attachedTo: attached.id,
      interrupting,
      message,
    });
  }
  if (def?.$type === 'bpmn:ErrorEventDefinition') {
    const ext = cx.extensions(node, 'errorBoundaryEvent');
    const io = ioOf(cx, node, ext);
    if (!interrupting) cx.report('ERROR_BOUNDARY_NON_INTERRUPTING', node);
    const error = def.errorRef as Node | undefined;
    let errorCode: string | undefined;
    if (error) {
      errorCode =
        typeof error.errorCode === 'string' && error.errorCode.trim() ? error.errorCode.trim() : undefined;
      if (!errorCode) cx.report('ERROR_CODE_MISSING', node, { error: String(error.name ?? error.id ?? '') });
      else cx.checkFeel(node, errorCode, 'the error code', 'expression');
    }
    return withIo(io, {
      ...base,
      type: 'errorBoundaryEvent' as const,
      attachedTo: attached.id,
      ...(errorCode ? { errorCode } : {}),
    });
  }
  return cx.unsupportedDefinition(node, defs, 'timer, message, signal, error');
}
