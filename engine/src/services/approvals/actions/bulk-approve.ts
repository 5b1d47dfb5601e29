// Bulk approve: approves each task on its own; one failing (not yours, done) does not stop the others.
import { AppError } from '#engine/core/errors.ts';
import { approve } from './approve.ts';
import type { ActionContext, ActionInput, Approver } from './types.ts';

export type BulkOutcome =
  | { taskId: string; ok: true; result: string }
  | { taskId: string; ok: false; status: number; code: string; message: string; messageZh: string };

export async function bulkApprove(
  c: ActionContext,
  actor: Approver,
  taskIds: string[],
  input: ActionInput = {},
): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const taskId of [...new Set(taskIds)]) {
    try {
      const r = await approve(c, actor, taskId, input);
      out.push({ taskId, ok: true, result: r.result });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.push({
        taskId,
        ok: false,
        status: e.status,
        code: e.code,
        message: e.message,
        messageZh: e.messageZh,
      });
    }
  }
  return out;
}
