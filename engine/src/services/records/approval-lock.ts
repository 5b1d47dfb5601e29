// The approval lock on every record write (core/forms/approval-lock.ts): an update of a record in
// an approved status may change only the document type's editable fields. The lock is read from
// the form's current version as well as the record's own: records approved before a module
// version declared the lock are locked by it too.
import type { ApprovalLock } from '#schemas/generated/index.ts';
import { approvalLockErrors, lockedChanges } from '#engine/core/forms/approval-lock.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { DataGuard } from './record-service.ts';

export function approvalLock(current: (formId: string) => Promise<CompiledForm | null>): DataGuard {
  return async ({ form, row, changes }) => {
    if (!row || changes.length === 0) return;
    const latest = await current(form.definition.id).catch(() => null);
    const locks = [form.definition.approvalLock, latest?.definition.approvalLock].filter(
      (l): l is ApprovalLock => !!l,
    );
    for (const lock of locks) {
      const refused = lockedChanges(lock, row.status, changes);
      if (refused.length) throw approvalLockErrors.locked(row.status, refused);
    }
  };
}
