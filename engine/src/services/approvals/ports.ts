// What approvals need from the outside world, as narrow ports: the notification centre
// (engine/src/services/notifications: NotificationService implements ApprovalNotifier as is) and
// the audit log (a plain AuditSink). Approvals never build messages of their own kind of centre:
// they send here.
import type { LocalizedText } from '#engine/core/approvals/messages.ts';

export type { LocalizedText };

/** One notification to users (and/or everyone holding a role), in both languages, with a link. */
export interface ApprovalNotice {
  to: { users?: string[]; roles?: string[] };
  title: LocalizedText;
  body?: LocalizedText;
  /** A path in the web app (the inbox item or the request). */
  link?: string;
  /** task.assigned, task.reminder, task.escalated, request.approved, request.rejected, approval.cc … */
  kind: string;
  source?: { type: string; id: string };
  /** Idempotency key: a re-delivered event notifies nobody twice. */
  key: string;
  /** Channels besides the in-app centre (email, sms) — when the centre has them. */
  channels?: string[];
}

export interface ApprovalNotifier {
  send(notice: ApprovalNotice): Promise<unknown>;
}

/** Used when no notification centre is wired (a worker started without one): drops notices. */
export const silentNotifier: ApprovalNotifier = { send: async () => undefined };
