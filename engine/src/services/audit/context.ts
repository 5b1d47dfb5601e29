// Who is acting and in which request: passed by routes to every service that writes, so the
// service can record the audit entry together with the change.
import type { AuditActor, AuditLog, AuditRecordInput } from './audit-log.ts';

export interface RequestContext {
  actor: AuditActor | null;
  requestId?: string;
  ip?: string;
  /** Set once something was recorded in this context (the HTTP write safety net reads it). */
  audited?: boolean;
}

/** A context for work the system does on its own (first start, seeding, jobs). */
export const SYSTEM: RequestContext = { actor: null };

/** Records an audit entry in the name of a request. */
export function auditIn(
  audit: AuditLog,
  ctx: RequestContext,
  entry: Omit<AuditRecordInput, 'actor' | 'requestId' | 'ip'>,
): Promise<unknown> {
  ctx.audited = true;
  return audit.record({
    ...entry,
    actor: ctx.actor,
    ...(ctx.requestId !== undefined ? { requestId: ctx.requestId } : {}),
    ...(ctx.ip !== undefined ? { ip: ctx.ip } : {}),
  });
}
