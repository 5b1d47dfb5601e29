// The one way a service records an audit entry: in the name of the actor (who, request id, client
// address), together with the change it audits. Services take the audit log as this narrow port.
import type { Actor } from '#engine/core/actor.ts';
import type { AuditRecordInput } from './audit-log.ts';

/** Where entries go: the audit log, or anything that keeps them (a test's memory). */
export interface AuditSink {
  record(input: AuditRecordInput): Promise<unknown>;
}

/** What a service says about a change; who did it and in which request come from the actor. */
export type AuditEntryInput = Omit<AuditRecordInput, 'actor' | 'requestId' | 'ip'>;

/**
 * Records an entry in the actor's name (null: the platform itself) and marks a request's actor as
 * audited, so the HTTP write safety net does not record that request a second time. No sink: a
 * no-op (a service built without an audit log, as in some tests and tools).
 */
export async function recordAudit(
  sink: AuditSink | undefined,
  actor: Actor | null,
  entry: AuditEntryInput,
): Promise<void> {
  if (!sink) return;
  if (actor?.requestId !== undefined) actor.audited = true;
  const p = actor?.principal;
  await sink.record({
    ...entry,
    actor: p ? { userId: p.userId, login: p.login } : null,
    ...(actor?.requestId !== undefined ? { requestId: actor.requestId } : {}),
    ...(actor?.ip !== undefined ? { ip: actor.ip } : {}),
  });
}
