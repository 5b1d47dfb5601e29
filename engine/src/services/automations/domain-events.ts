// What automations are started by: a record service event as a domain event, and which
// automations the scheduler starts instead of an event.
import type { Automation } from '#schemas/generated/index.ts';
import type { DomainEvent } from '#engine/core/automations/triggers.ts';
import type { RecordEvent } from '../records/record-service.ts';

/** A record service event as the automations see it. */
export function recordEvent(e: RecordEvent): DomainEvent {
  return {
    type: 'record',
    kind: e.type,
    form: e.form,
    recordId: e.recordId,
    rev: e.rev,
    actor: e.actor,
    changed: e.changed,
    status: e.status,
  };
}

/** Automations the queue's scheduler starts (a cron or a record set), not an event. */
export const isScheduled = (a: Automation): boolean =>
  a.trigger.type === 'schedule' || a.trigger.type === 'record.set';
