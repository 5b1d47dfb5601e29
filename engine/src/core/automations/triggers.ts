// Which automations an event triggers, and the deterministic id of the run it causes (pure).
// Events come from the record service (created, updated, …) and the flow engine (an instance
// ended); a run id is derived from the automation and the event, so an event delivered twice —
// the flow engine delivers at least once — enqueues one job (the queue de-duplicates by id).
import { CronExpressionParser } from 'cron-parser';
import type { Automation } from '#schemas/generated/index.ts';
import { fieldPathOfPointer } from '../forms/field-index.ts';

export interface RecordDomainEvent {
  type: 'record';
  kind: 'created' | 'updated' | 'deleted' | 'restored' | 'status' | 'submitted' | 'cancelled';
  form: string;
  recordId: string;
  rev: number;
  actor: string;
  /** JSON pointers of the changed data fields. */
  changed: string[];
  status: string;
}

export interface FlowEndedDomainEvent {
  type: 'flow.ended';
  instanceId: string;
  processId: string;
  version: number;
  /** completed or cancelled. */
  status: string;
  businessKey?: string;
}

export interface ScheduleDomainEvent {
  type: 'schedule';
  automationId: string;
  /** The tick (epoch ms) the run belongs to. */
  at: number;
}

export type DomainEvent = RecordDomainEvent | FlowEndedDomainEvent | ScheduleDomainEvent;

/** The actor id automations act as: events they cause themselves do not trigger them again. */
export const automationActor = (automationId: string): string => `automation:${automationId}`;

/**
 * Whether a record or flow event triggers an automation (before its conditions). The outcome
 * of flow.ended is checked when the run starts (it needs the instance's variables).
 */
export function triggers(automation: Automation, event: DomainEvent): boolean {
  const t = automation.trigger;
  if (event.type === 'record') {
    if (t.form !== event.form) return false;
    if (event.actor === automationActor(automation.id)) return false;
    if (t.type === 'record.created') return event.kind === 'created';
    if (t.type === 'record.updated')
      return ['updated', 'status', 'submitted', 'cancelled'].includes(event.kind);
    if (t.type === 'record.submitted') return event.kind === 'submitted';
    if (t.type === 'record.cancelled') return event.kind === 'cancelled';
    if (t.type === 'field.changed')
      return (
        event.kind === 'updated' &&
        !!t.field &&
        event.changed.some((p) => {
          const path = fieldPathOfPointer(p);
          return path === t.field || path.startsWith(`${t.field}.`);
        })
      );
    return false;
  }
  if (event.type === 'flow.ended') return t.type === 'flow.ended' && t.process === event.processId;
  return t.type === 'schedule' && event.automationId === automation.id;
}

/** The run id (also the job id: no ':' allowed) of an automation for an event. */
export function runId(automationId: string, event: DomainEvent): string {
  const id = automationId.replace(/[^A-Za-z0-9._-]/g, '_');
  if (event.type === 'record') return `auto-${id}-${event.recordId}-${event.rev}`;
  if (event.type === 'flow.ended') return `auto-${id}-${event.instanceId}-end`;
  return `auto-${id}-at-${event.at}`;
}

/** The store key automations are looked up by for an event. */
export function triggerKeyOf(event: DomainEvent): string {
  if (event.type === 'record') return `form:${event.form}`;
  if (event.type === 'flow.ended') return `process:${event.processId}`;
  return `schedule:${event.automationId}`;
}

export function triggerKey(automation: Automation): string {
  const t = automation.trigger;
  if (t.type === 'flow.ended') return `process:${t.process ?? ''}`;
  if (t.type === 'schedule') return `schedule:${automation.id}`;
  return `form:${t.form ?? ''}`;
}

/** Why a cron expression is unusable, or null. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return 'a cron expression has 5 or 6 fields';
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Problems of an automation's trigger that its schema cannot express. */
export function triggerProblems(
  automation: Automation,
): Array<{ path: string; message: string; messageZh: string }> {
  const t = automation.trigger;
  const out: Array<{ path: string; message: string; messageZh: string }> = [];
  const need = (field: keyof typeof t, en: string, zh: string) => {
    if (!t[field]) out.push({ path: `/trigger/${field}`, message: en, messageZh: zh });
  };
  if (t.type.startsWith('record.') || t.type === 'field.changed')
    need('form', 'the form is required', '须指定表单');
  if (t.type === 'field.changed') need('field', 'the field is required', '须指定字段');
  if (t.type === 'flow.ended') need('process', 'the process is required', '须指定流程');
  if (t.type === 'schedule') {
    need('cron', 'the cron expression is required', '须指定 cron 表达式');
    const problem = t.cron ? cronProblem(t.cron) : null;
    if (problem)
      out.push({ path: '/trigger/cron', message: problem, messageZh: `cron 表达式无效：${problem}` });
  }
  return out;
}
