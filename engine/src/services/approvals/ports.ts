// What approvals need from the outside world, as narrow ports: the notification centre
// (engine/src/services/notifications: NotificationService implements ApprovalNotifier as is) and
// the audit log (a plain AuditSink). Approvals never build messages of their own kind of centre:
// they send here.
import type { LocalizedText } from '#engine/core/approvals/messages.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';

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

/** The record a request was submitted with, as the platform reads it (no row rules, decrypted). */
export interface RequestDocument {
  ref: { id: string; form: string };
  /** The form version the record was made with. */
  form: CompiledForm;
  data: Record<string, unknown>;
  rev: number;
  owner?: string;
  /** The currency of its money fields (the form's, its module's setting, or the platform's). */
  currency: string;
}

/**
 * The request forms behind approvals (engine/src/services/modules/request-documents.ts implements
 * it over records and modules): summaries and per-step fields read the record through it, and an
 * approver's edits of the fields their step may edit are written through it.
 */
export interface RequestDocuments {
  read(ref: { id: string; form: string }): Promise<RequestDocument | null>;
  /** The name people know the flow's requests by (its catalogue entry's), or null. */
  name(processId: string): Promise<LocalizedText | null>;
  /** Writes fields as a step of the instance (checked by the form); the document after the write. */
  write(
    doc: RequestDocument,
    patch: Record<string, unknown>,
    by: string,
    instanceId: string,
  ): Promise<RequestDocument>;
}
