// A record under a running approval is locked: what the approvers decide on must not change under
// them. A person's update, delete or restore of a record whose flow instance is still active is
// refused (RECORD_LOCKED_BY_FLOW, 409) — from the API, a list's bulk action or a board's drag alike.
// The flow itself may still write it (the system acts for flows and automations), and so may the
// requester correcting a request the approver returned to them (a step of that same instance).
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { WriteGuard } from './record-service.ts';

/** `instanceStatus`: the status of a flow instance ('active' while it runs), null when unknown. */
export function flowLock(instanceStatus: (instanceId: string) => Promise<string | null>): WriteGuard {
  return async ({ actor, row, withinInstance }) => {
    if (!row.instanceId || actor.principal.roles.includes('system')) return;
    if (withinInstance === row.instanceId) return;
    if ((await instanceStatus(row.instanceId)) === 'active') throw recordErrors.lockedByFlow();
  };
}
