// Reading and writing the zeebe extension elements of BPMN business objects (bpmn-moddle with the
// zeebe descriptor), through an editor the caller provides: in the modeler it is bpmn-js's
// `modeling.updateModdleProperties` (every change undoable), in tests plain assignment. So the
// same code writes what the approval panel chooses, and the tests check it with the engine's own
// BPMN compiler.
import { toAssignment, type ApproverConfig, type TaskAssignment } from './approvers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements are dynamic by nature */
export type ModdleElement = any;

export interface ModdleEditor {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  /** Sets properties of `target` (a business object, or one of its nested elements). */
  set(target: ModdleElement, props: Record<string, unknown>): void;
}

export const extensionsOf = (bo: ModdleElement): ModdleElement[] => bo?.extensionElements?.values ?? [];

export function findExtension(bo: ModdleElement, type: string): ModdleElement | undefined {
  return extensionsOf(bo).find((v: ModdleElement) => v.$type === type);
}

function ensureExtensions(bo: ModdleElement, editor: ModdleEditor): ModdleElement {
  if (bo.extensionElements) return bo.extensionElements;
  const ext = editor.create('bpmn:ExtensionElements', { values: [] });
  ext.$parent = bo;
  editor.set(bo, { extensionElements: ext });
  return ext;
}

/** Creates, replaces the attributes of, or (attrs null) removes an extension element of a type. */
export function setExtension(
  bo: ModdleElement,
  type: string,
  attrs: Record<string, unknown> | null,
  editor: ModdleEditor,
): ModdleElement | undefined {
  const existing = findExtension(bo, type);
  if (!attrs) {
    if (existing)
      editor.set(bo.extensionElements, {
        values: extensionsOf(bo).filter((v: ModdleElement) => v !== existing),
      });
    return undefined;
  }
  if (existing) {
    const props: Record<string, unknown> = {};
    for (const key of Object.keys(existing))
      if (!key.startsWith('$') && !(key in attrs)) props[key] = undefined;
    editor.set(existing, { ...props, ...attrs });
    return existing;
  }
  const ext = ensureExtensions(bo, editor);
  const created = editor.create(type, attrs);
  created.$parent = ext;
  editor.set(ext, { values: [...(ext.values ?? []), created] });
  return created;
}

export function readHeaders(bo: ModdleElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of findExtension(bo, 'zeebe:TaskHeaders')?.values ?? [])
    if (typeof h.key === 'string') out[h.key] = typeof h.value === 'string' ? h.value : '';
  return out;
}

/** Sets some headers (undefined removes one), keeping the others. */
export function writeHeaders(
  bo: ModdleElement,
  patch: Record<string, string | undefined>,
  editor: ModdleEditor,
): void {
  const current = readHeaders(bo);
  const next: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') delete next[k];
    else next[k] = v;
  }
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  const entries = Object.entries(next);
  if (entries.length === 0) {
    setExtension(bo, 'zeebe:TaskHeaders', null, editor);
    return;
  }
  const headers = editor.create('zeebe:TaskHeaders', {
    values: entries.map(([key, value]) => editor.create('zeebe:Header', { key, value })),
  });
  const existing = findExtension(bo, 'zeebe:TaskHeaders');
  if (existing) {
    for (const h of headers.values) h.$parent = existing;
    editor.set(existing, { values: headers.values });
  } else setExtension(bo, 'zeebe:TaskHeaders', { values: headers.values }, editor);
}

/** The approval-relevant zeebe attributes of a user task. */
export function readAssignment(bo: ModdleElement): TaskAssignment {
  const def = findExtension(bo, 'zeebe:AssignmentDefinition');
  const loop = bo.loopCharacteristics;
  const zloop = loop ? findExtension(loop, 'zeebe:LoopCharacteristics') : undefined;
  const headers = readHeaders(bo);
  return {
    ...(def?.assignee ? { assignee: def.assignee as string } : {}),
    ...(def?.candidateUsers ? { candidateUsers: def.candidateUsers as string } : {}),
    ...(def?.candidateGroups ? { candidateGroups: def.candidateGroups as string } : {}),
    loop:
      loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics'
        ? {
            sequential: loop.isSequential === true,
            inputCollection: (zloop?.inputCollection as string | undefined) ?? '',
            inputElement: (zloop?.inputElement as string | undefined) ?? '',
          }
        : null,
    headers: {
      ...(headers.approvalMode ? { approvalMode: headers.approvalMode } : {}),
      ...(headers.approvalThreshold ? { approvalThreshold: headers.approvalThreshold } : {}),
    },
  };
}

/** Writes who approves and how they decide onto a user task. */
export function writeApprover(bo: ModdleElement, config: ApproverConfig, editor: ModdleEditor): void {
  const a = toAssignment(config);
  const attrs: Record<string, unknown> = {};
  if (a.assignee) attrs.assignee = a.assignee;
  if (a.candidateUsers) attrs.candidateUsers = a.candidateUsers;
  if (a.candidateGroups) attrs.candidateGroups = a.candidateGroups;
  setExtension(bo, 'zeebe:AssignmentDefinition', Object.keys(attrs).length ? attrs : null, editor);
  writeLoop(bo, a.loop, editor);
  writeHeaders(
    bo,
    { approvalMode: a.headers.approvalMode, approvalThreshold: a.headers.approvalThreshold },
    editor,
  );
}

function writeLoop(bo: ModdleElement, loop: TaskAssignment['loop'], editor: ModdleEditor): void {
  const current = bo.loopCharacteristics;
  if (!loop) {
    if (current) editor.set(bo, { loopCharacteristics: undefined });
    return;
  }
  let mi = current?.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? current : undefined;
  if (!mi) {
    mi = editor.create('bpmn:MultiInstanceLoopCharacteristics', { isSequential: loop.sequential });
    mi.$parent = bo;
    editor.set(bo, { loopCharacteristics: mi });
  } else if ((mi.isSequential === true) !== loop.sequential)
    editor.set(mi, { isSequential: loop.sequential });
  setExtension(
    mi,
    'zeebe:LoopCharacteristics',
    { inputCollection: loop.inputCollection, inputElement: loop.inputElement },
    editor,
  );
}

/** zeebe:formDefinition formId (start event: the request form; user task: the form to show). */
export function readFormId(bo: ModdleElement): string {
  return (findExtension(bo, 'zeebe:FormDefinition')?.formId as string | undefined) ?? '';
}

export function writeFormId(bo: ModdleElement, formId: string, editor: ModdleEditor): void {
  setExtension(bo, 'zeebe:FormDefinition', formId ? { formId } : null, editor);
}

export function readDueDate(bo: ModdleElement): string {
  return (findExtension(bo, 'zeebe:TaskSchedule')?.dueDate as string | undefined) ?? '';
}

export function writeDueDate(bo: ModdleElement, dueDate: string, editor: ModdleEditor): void {
  const schedule = findExtension(bo, 'zeebe:TaskSchedule');
  const followUp = schedule?.followUpDate as string | undefined;
  const attrs: Record<string, unknown> = {};
  if (dueDate) attrs.dueDate = dueDate;
  if (followUp) attrs.followUpDate = followUp;
  setExtension(bo, 'zeebe:TaskSchedule', Object.keys(attrs).length ? attrs : null, editor);
}

/** A sequence flow's condition (FEEL with `=`), or '' for none. */
export function readCondition(bo: ModdleElement): string {
  return (bo.conditionExpression?.body as string | undefined) ?? '';
}

export function writeCondition(bo: ModdleElement, feel: string, editor: ModdleEditor): void {
  if (!feel) {
    if (bo.conditionExpression) editor.set(bo, { conditionExpression: undefined });
    return;
  }
  const expr = editor.create('bpmn:FormalExpression', { body: feel });
  expr.$parent = bo;
  editor.set(bo, { conditionExpression: expr });
}

/** The zeebe:TaskDefinition type of a service task. */
export function readJobType(bo: ModdleElement): string {
  return (findExtension(bo, 'zeebe:TaskDefinition')?.type as string | undefined) ?? '';
}

/** A timer event definition's expression: which kind and its text. */
export function readTimer(
  bo: ModdleElement,
): { kind: 'timeDuration' | 'timeCycle' | 'timeDate'; value: string } | null {
  const def = (bo.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
  if (!def) return null;
  for (const kind of ['timeDuration', 'timeCycle', 'timeDate'] as const)
    if (def[kind]) return { kind, value: (def[kind].body as string | undefined) ?? '' };
  return { kind: 'timeDuration', value: '' };
}

export function writeTimer(
  bo: ModdleElement,
  timer: { kind: 'timeDuration' | 'timeCycle' | 'timeDate'; value: string },
  editor: ModdleEditor,
): void {
  const def = (bo.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
  if (!def) return;
  const expr = editor.create('bpmn:FormalExpression', { body: timer.value });
  expr.$parent = def;
  editor.set(def, { timeDuration: undefined, timeCycle: undefined, timeDate: undefined, [timer.kind]: expr });
}
