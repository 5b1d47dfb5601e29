// What the forms and records services need from the rest of the platform, as narrow interfaces
// (the audit log service satisfies AuditSink; the notification service, AlertSink).
import type { AccessDecision, Principal } from '#engine/core/permissions/access.ts';

/** Who acts, with the access decision for the action at hand (resolved by the caller). */
export interface Actor {
  principal: Principal;
  decision: AccessDecision;
  requestId?: string;
  ip?: string;
}

export interface AuditInput {
  action: string;
  resource: string;
  resourceId?: string;
  actor?: { userId: string; login: string } | null;
  requestId?: string;
  ip?: string;
  /** Only digests of before/after are kept by the audit log. */
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditSink {
  record(input: AuditInput): Promise<unknown>;
}

/** Records an audit entry in the name of an actor (a no-op without a sink). */
export async function audit(
  sink: AuditSink | undefined,
  actor: Actor | null,
  entry: Omit<AuditInput, 'actor' | 'requestId' | 'ip'>,
): Promise<void> {
  if (!sink) return;
  await sink.record({
    ...entry,
    actor: actor ? { userId: actor.principal.userId, login: actor.principal.login } : null,
    ...(actor?.requestId !== undefined ? { requestId: actor.requestId } : {}),
    ...(actor?.ip !== undefined ? { ip: actor.ip } : {}),
  });
}
