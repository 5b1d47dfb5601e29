// Readers of the zeebe extensions several element kinds share: forms, task headers, input/output
// mappings, multi-instance loops, timers and dates. Each reports what it cannot accept.
import { isExpression } from '../../feel/feel.ts';
import { formaFormId } from '../../forms/form-js.ts';
import type {
  IoMapping,
  Mapping,
  MessageSpec,
  MultiInstanceSpec,
  TimerSpec,
  WorkingTimeSpec,
} from '../model.ts';
import { parseDuration, timerValueError } from '../timers.ts';
import type { Compilation, Node } from './context.ts';

const MAPPING_TARGET = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

export function formOf(cx: Compilation, node: Node, ext: Node[]): string | undefined {
  const def = ext.find((e) => e.$type === 'zeebe:FormDefinition');
  const embedded = typeof def?.formKey === 'string' ? /^camunda-forms:bpmn:(.+)$/.exec(def.formKey) : null;
  if (embedded) {
    // A form embedded in the process (zeebe:userTaskForm): converted and published with the deployment.
    const form = cx.embeddedForms.get(embedded[1]!);
    if (!form) {
      cx.report('FORM_UNKNOWN', node, { formId: embedded[1]! });
      return undefined;
    }
    form.elementIds.push(String(node.id));
    return form.formId;
  }
  // A linked Camunda form's id, as a Forma form id (the same mapping its .form file gets).
  const formId = typeof def?.formId === 'string' && def.formId.trim() ? formaFormId(def.formId) : '';
  if (!formId) return undefined;
  cx.formIds.add(formId);
  cx.formRefs.push({
    formId,
    elementId: String(node.id),
    ...(node.name ? { elementName: String(node.name) } : {}),
  });
  if (cx.lookups.isKnownForm && !cx.lookups.isKnownForm(formId)) cx.report('FORM_UNKNOWN', node, { formId });
  return formId;
}

export function headersOf(ext: Node): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of (ext.values as Node[] | undefined) ?? []) {
    if (typeof h.key === 'string' && h.key) headers[h.key] = typeof h.value === 'string' ? h.value : '';
  }
  return headers;
}

export function ioOf(cx: Compilation, node: Node, ext: Node[]): IoMapping | undefined {
  const io = ext.find((e) => e.$type === 'zeebe:IoMapping');
  if (!io) return undefined;
  const read = (list: unknown, kind: 'input' | 'output'): Mapping[] =>
    ((list as Node[] | undefined) ?? []).flatMap((m) => {
      const source = typeof m.source === 'string' ? m.source.trim() : '';
      const target = typeof m.target === 'string' ? m.target.trim() : '';
      if (!source || !MAPPING_TARGET.test(target)) {
        cx.report('MAPPING_INVALID', node, { target });
        return [];
      }
      cx.checkFeel(node, source, `the ${kind} mapping of "${target}"`, 'expression');
      return [{ source, target }];
    });
  const inputs = read(io.inputParameters, 'input');
  const outputs = read(io.outputParameters, 'output');
  return { inputs, outputs };
}

export function loopOf(cx: Compilation, node: Node, allowed: boolean): MultiInstanceSpec | undefined {
  const loop = node.loopCharacteristics as Node | undefined;
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    cx.report('UNSUPPORTED_LOOP', node);
    return undefined;
  }
  if (!allowed) {
    cx.report('MULTI_INSTANCE_NOT_ALLOWED', node);
    return undefined;
  }
  const values = ((loop.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
  let zeebe: Node | undefined;
  for (const v of values) {
    if (v.$type === 'zeebe:LoopCharacteristics') zeebe = v;
    else cx.report('UNSUPPORTED_EXTENSION', node, { extension: v.$type });
  }
  if (loop.loopCardinality) cx.report('UNSUPPORTED_EXTENSION', node, { extension: 'bpmn:loopCardinality' });
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const inputCollection = str(zeebe?.inputCollection);
  if (!inputCollection) {
    cx.report('MI_INPUT_COLLECTION_MISSING', node);
    return undefined;
  }
  cx.checkFeel(node, inputCollection, 'the input collection', 'always');
  const outputCollection = str(zeebe?.outputCollection);
  const outputElement = str(zeebe?.outputElement);
  if (Boolean(outputCollection) !== Boolean(outputElement)) cx.report('MI_OUTPUT_INCOMPLETE', node);
  if (outputElement) cx.checkFeel(node, outputElement, 'the output element', 'always');
  const condition = str((loop.completionCondition as Node | undefined)?.body);
  if (condition) cx.checkFeel(node, condition, 'the completion condition', 'always');
  const inputElement = str(zeebe?.inputElement);
  return {
    sequential: loop.isSequential === true,
    inputCollection,
    ...(inputElement ? { inputElement } : {}),
    ...(outputCollection && outputElement ? { outputCollection, outputElement } : {}),
    ...(condition ? { completionCondition: condition } : {}),
  };
}

/**
 * The zeebe:property `workingTime` of a timer event ("true", or a calendar id; "false" or empty:
 * none) — an extension property Camunda Modeler writes without a custom element.
 */
function workingTimeOf(ext: Node[]): WorkingTimeSpec | undefined {
  const props = ext
    .filter((e) => e.$type === 'zeebe:Properties')
    .flatMap((e) => (e.properties as Node[] | undefined) ?? []);
  const found = props.find((p) => p.name === 'workingTime');
  const value = typeof found?.value === 'string' ? found.value.trim() : '';
  if (value === '' || value === 'false') return undefined;
  return value === 'true' ? {} : { calendar: value };
}

/** Why a timer cannot count working time (en, zh), or null. */
function workingTimeProblem(timer: TimerSpec): [string, string] | null {
  if (timer.kind === 'date') return ['a date', '日期'];
  const value: string = timer.value;
  if (value.startsWith('=')) return null; // FEEL: checked when it is evaluated
  if (timer.kind === 'cycle' && !value.startsWith('R')) return ['a cron expression', 'cron 表达式'];
  const duration = timer.kind === 'cycle' ? value.split('/').pop()! : value;
  const d = parseDuration(duration);
  if (d && (d.years || d.months)) return ['a duration in years or months', '以年或月计的持续时间'];
  return null;
}

export function timerOf(
  cx: Compilation,
  node: Node,
  def: Node,
  cycleAllowed: boolean,
  ext: Node[] = [],
): TimerSpec | null {
  const found: TimerSpec[] = [];
  for (const kind of ['duration', 'date', 'cycle'] as const) {
    const key = kind === 'duration' ? 'timeDuration' : kind === 'date' ? 'timeDate' : 'timeCycle';
    const body = (def[key] as Node | undefined)?.body;
    if (typeof body === 'string' && body.trim()) found.push({ kind, value: body.trim() });
  }
  if (found.length !== 1) {
    cx.report('TIMER_MISSING', node);
    return null;
  }
  const timer = found[0]!;
  if (timer.kind === 'cycle' && !cycleAllowed) cx.report('TIMER_CYCLE_INTERRUPTING', node);
  checkTimeValue(cx, node, timer.kind, timer.value, 'the timer');
  const workingTime = workingTimeOf(ext);
  if (!workingTime) return timer;
  const problem = workingTimeProblem(timer);
  if (problem) cx.report('TIMER_WORKING_TIME', node, { detail: problem[0], detailZh: problem[1] });
  return { ...timer, workingTime };
}

/** A timer value or task date: FEEL when marked `=`, else an ISO 8601 value of its kind. */
export function checkTimeValue(
  cx: Compilation,
  node: Node,
  kind: TimerSpec['kind'],
  value: string,
  what: string,
): void {
  if (isExpression(value)) cx.checkFeel(node, value, what, 'always');
  else {
    const error = timerValueError(kind, value);
    if (error) cx.report('TIMER_INVALID', node, { value, detail: error, detailZh: error });
  }
}

/** The message of a message event definition (name, and the subscription's correlation key). */
/** A signal event definition's signal (bpmn:signal name; FEEL allowed except on start events). */
export function signalOf(
  cx: Compilation,
  node: Node,
  def: Node,
  need: 'any' | 'fixedName',
): MessageSpec | null {
  const signal = def.signalRef as Node | undefined;
  const name = typeof signal?.name === 'string' ? signal.name.trim() : '';
  if (!signal || !name) {
    cx.report('SIGNAL_MISSING', node);
    return null;
  }
  if (need === 'fixedName' && isExpression(name)) cx.report('MESSAGE_START_NAME', node);
  else cx.checkFeel(node, name, 'the signal name', 'expression');
  return { name, signal: true };
}

export function messageOf(
  cx: Compilation,
  node: Node,
  def: Node,
  need: 'correlationKey' | 'fixedName',
): MessageSpec | null {
  const message = def.messageRef as Node | undefined;
  const name = typeof message?.name === 'string' ? message.name.trim() : '';
  if (!message || !name) {
    cx.report('MESSAGE_MISSING', node);
    return null;
  }
  cx.checkFeel(node, name, 'the message name', 'expression');
  const values = ((message.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
  const sub = values.find((v) => v.$type === 'zeebe:Subscription');
  const key = typeof sub?.correlationKey === 'string' ? sub.correlationKey.trim() : '';
  if (need === 'fixedName') {
    if (isExpression(name)) cx.report('MESSAGE_START_NAME', node);
    return { name };
  }
  if (!key) {
    cx.report('CORRELATION_KEY_MISSING', node, { name });
    return null;
  }
  cx.checkFeel(node, key, 'the correlation key', 'expression');
  return { name, correlationKey: key };
}
