// Audit entries of approval actions: in the name of the request (who, request id, address) when a
// person acted, as the system otherwise (auto-approvals, escalations).
import type { AuditRecordInput } from '../audit/audit-log.ts';
import type { RequestContext } from '../audit/context.ts';
import type { ApprovalAudit } from './ports.ts';

export async function recordIn(
  audit: ApprovalAudit | undefined,
  ctx: RequestContext | null,
  entry: Omit<AuditRecordInput, 'actor' | 'requestId' | 'ip'>,
): Promise<void> {
  if (!audit) return;
  if (ctx) ctx.audited = true;
  await audit.record({
    ...entry,
    actor: ctx?.actor ?? null,
    ...(ctx?.requestId !== undefined ? { requestId: ctx.requestId } : {}),
    ...(ctx?.ip !== undefined ? { ip: ctx.ip } : {}),
  });
}
