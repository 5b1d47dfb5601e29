// Approvals held for their undo window, one document per task in `approval_pending` (its id is
// the task's): who approved (enough of them to act in their name later), what they sent, when it
// goes, and where it stands —
//   pending   waiting for the window to end; the approver may still undo it
//   sending   the delayed job took it (undo is too late); a crash here re-runs the send
//   sent      the approval is in the flow
//   undone    the approver took it back in time
//   failed    the flow refused it when it was sent (someone else acted meanwhile …); the approver
//             was told
import type { Attachment } from '#engine/core/approvals/timeline.ts';

export const APPROVAL_PENDING = 'approval_pending';

/** The delayed job that sends a held approval when its window ends. */
export const APPROVAL_QUEUES = { send: 'approval-send' } as const;

export interface PendingDoc {
  taskId: string;
  instanceId: string;
  userId: string;
  login: string;
  roles: string[];
  admin: boolean;
  input: { comment?: string; attachments?: Attachment[]; data?: Record<string, unknown> };
  /** When the window ends (ISO): the job runs then. */
  dueAt: string;
  createdAt: string;
  state: 'pending' | 'sending' | 'sent' | 'undone' | 'failed';
  error?: { code: string; message: string; messageZh: string };
}

export interface SendJob {
  taskId: string;
}
