// Reminders and escalation of an approval step, drawn as BPMN the way the approvals layer expects
// them (engine/src/services/approvals/escalation.ts): a non-interrupting timer on the user task,
// then a service task `approval.remind` (repeating: timeCycle R/PT24H) or `approval.escalate`
// (once: timeDuration PT48H; header mode reassign | notify), with header `element` = the step,
// then an end event. The analyst sets "remind every 24 hours" in the panel; the shapes appear,
// change and disappear with it (each an undoable command).
import { isoDuration, parseIsoDuration, type Duration } from '../model/approvers.ts';
import {
  findExtension,
  readHeaders,
  setExtension,
  writeHeaders,
  writeTimer,
  type ModdleEditor,
} from '../model/zeebe-edit.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js shapes and services are untyped */
export type SlaKind = 'remind' | 'escalate';
export type EscalationMode = 'reassign' | 'notify';

const JOB: Record<SlaKind, string> = { remind: 'approval.remind', escalate: 'approval.escalate' };

export interface SlaShapes {
  boundary: any;
  service: any;
  end: any | null;
}

const isTimerBoundary = (e: any): boolean =>
  e.type === 'bpmn:BoundaryEvent' &&
  (e.businessObject.eventDefinitions ?? []).some((d: any) => d.$type === 'bpmn:TimerEventDefinition');

/** The reminder or escalation shapes of a task, if drawn. */
export function findSla(task: any, kind: SlaKind): SlaShapes | null {
  for (const boundary of task.attachers ?? []) {
    if (!isTimerBoundary(boundary) || boundary.businessObject.cancelActivity !== false) continue;
    const service = boundary.outgoing?.[0]?.target;
    if (!service || service.type !== 'bpmn:ServiceTask') continue;
    if (findExtension(service.businessObject, 'zeebe:TaskDefinition')?.type !== JOB[kind]) continue;
    const next = service.outgoing?.[0]?.target;
    return {
      boundary,
      service,
      end: next?.type === 'bpmn:EndEvent' && next.incoming.length === 1 ? next : null,
    };
  }
  return null;
}

export interface SlaSetting {
  every: Duration;
  /** escalate only */
  mode?: EscalationMode;
}

export function readSla(task: any, kind: SlaKind): SlaSetting | null {
  const found = findSla(task, kind);
  if (!found) return null;
  const def = (found.boundary.businessObject.eventDefinitions ?? []).find(
    (d: any) => d.$type === 'bpmn:TimerEventDefinition',
  );
  const text: string = def?.timeCycle?.body ?? def?.timeDuration?.body ?? '';
  const every = parseIsoDuration(text.replace(/^R\d*\//, '')) ?? { amount: 24, unit: 'hours' };
  const mode = readHeaders(found.service.businessObject).mode;
  return { every, ...(kind === 'escalate' ? { mode: mode === 'notify' ? 'notify' : 'reassign' } : {}) };
}

export function writeSla(
  modeler: any,
  task: any,
  kind: SlaKind,
  setting: SlaSetting | null,
  /** The service task says what happens and when ("Remind every 24 hours"); the end event "done". */
  names: { service: string; end: string },
): void {
  const modeling = modeler.get('modeling');
  const elementFactory = modeler.get('elementFactory');
  const moddle = modeler.get('moddle');
  const editorFor = (element: any): ModdleEditor => ({
    create: (type, attrs) => moddle.create(type, attrs),
    set: (target, props) => modeling.updateModdleProperties(element, target, props),
  });
  const found = findSla(task, kind);
  if (!setting) {
    if (found) modeling.removeElements([found.boundary, found.service, ...(found.end ? [found.end] : [])]);
    return;
  }
  const timer = {
    kind: kind === 'remind' ? ('timeCycle' as const) : ('timeDuration' as const),
    value: kind === 'remind' ? `R/${isoDuration(setting.every)}` : isoDuration(setting.every),
  };
  const headers = {
    element: task.businessObject.id as string,
    ...(kind === 'escalate' ? { mode: setting.mode ?? 'reassign' } : {}),
  };
  if (found) {
    writeTimer(found.boundary.businessObject, timer, editorFor(found.boundary));
    writeHeaders(found.service.businessObject, headers, editorFor(found.service));
    if (found.service.businessObject.name !== names.service)
      modeling.updateLabel(found.service, names.service);
    return;
  }
  // Below the step: the reminder to the lower left, the escalation straight down (a step's
  // outgoing paths usually leave to the right).
  const offset = kind === 'remind' ? 0.25 : 0.75;
  const boundary = modeling.createShape(
    elementFactory.createShape({
      type: 'bpmn:BoundaryEvent',
      eventDefinitionType: 'bpmn:TimerEventDefinition',
    }),
    { x: task.x + task.width * offset, y: task.y + task.height },
    task,
    { attach: true },
  );
  modeling.updateProperties(boundary, { cancelActivity: false });
  writeTimer(boundary.businessObject, timer, editorFor(boundary));
  const below = task.y + task.height + 110;
  const centre = task.x + task.width / 2;
  const service = modeling.appendShape(
    boundary,
    { type: 'bpmn:ServiceTask' },
    { x: kind === 'remind' ? centre - 140 : centre, y: below },
  );
  modeling.updateProperties(service, { name: names.service });
  setExtension(service.businessObject, 'zeebe:TaskDefinition', { type: JOB[kind] }, editorFor(service));
  writeHeaders(service.businessObject, headers, editorFor(service));
  const end = modeling.appendShape(
    service,
    { type: 'bpmn:EndEvent' },
    { x: service.x + service.width / 2, y: below + 110 },
  );
  modeling.updateProperties(end, { name: names.end });
}
