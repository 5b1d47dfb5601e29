// What an approval decided on stays as it was decided (pure). A document type declares
// `approvalLock: { statuses, editable }` (doctype.json): while a record's status is one of
// `statuses`, its data may change only in the `editable` top-level fields. Checked on the server
// for every writer alike — a person through the API or a board, a bulk action, an automation or a
// flow's service task (the system actor is not exempt: an approved amount changed by a rule is
// as wrong as one changed by hand). A new approval moves the status out of `statuses`, which
// lifts the lock for the requester's correction; the approval after it locks the new data again.
import type { ApprovalLock } from '#schemas/generated/index.ts';
import { defineErrors, type ErrorDetail } from '../errors.ts';
import type { FieldChange } from './diff.ts';

export const approvalLockErrors = defineErrors('approval-lock', {
  locked: {
    code: 'RECORD_APPROVED_LOCKED',
    status: 409,
    text: (status: string, details: ErrorDetail[]) => ({
      en: `The record is ${status}: what was approved cannot change without a new approval`,
      zh: `该记录已${status === 'approved' ? '批准' : `处于“${status}”状态`}：未经重新审批，已批准的内容不能修改`,
      details,
    }),
  },
});

/** The top-level field a change's JSON pointer is in (`/lines/0/amount` → `lines`). */
function topField(pointer: string): string {
  const first = pointer.split('/')[1] ?? '';
  return first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The changes the lock refuses for a record in `status` (empty: the change may go ahead). */
export function lockedChanges(
  lock: ApprovalLock | undefined,
  status: string,
  changes: readonly FieldChange[],
): ErrorDetail[] {
  if (!lock || !lock.statuses.includes(status)) return [];
  const editable = new Set(lock.editable ?? []);
  const fields = [...new Set(changes.map((c) => topField(c.path)))].filter((f) => !editable.has(f));
  return fields.map((f) => ({
    path: `/data/${f}`,
    message: `"${f}" was approved as it is and is locked`,
    messageZh: `“${f}”已按当前内容批准，不能修改`,
  }));
}
