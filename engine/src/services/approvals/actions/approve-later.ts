// Approve with an undo window (DingTalk's "撤销" after a one-tap approval): the server holds the
// approval for a few seconds, then a delayed job sends it. Holding it on the server — rather than
// in the browser — means closing the page, losing the network or navigating away changes nothing:
// the approval goes when the window ends, and until then the approver can take it back from any
// page or device. Nothing reaches the flow (no next approver notified, no voucher posted) before
// the window ends, so an undo has nothing to reverse.
//
//   approveLater(task, input)   checks now what approve would check (the task is theirs and open,
//                               the fields they change are theirs to change), holds it, and
//                               enqueues the send at the window's end; the task leaves their inbox
//   undo(task)                  within the window: the approval is dropped, the task is back
//   send(job)                   at the window's end: approve in the approver's name; a refusal
//                               (someone else acted meanwhile) is recorded and the approver told
// Without a queue (a process that runs no processors), the approval is sent at once.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { AppError } from '#engine/core/errors.ts';
import { RevisionConflictError, type Stored } from '#engine/ports/document-store.ts';
import { approve } from './approve.ts';
import { checkEdits } from './field-edits.ts';
import { preflight } from './locate.ts';
import { auditTask, notify, requestName, taskNotice } from './notices.ts';
import { APPROVAL_QUEUES, type PendingDoc, type SendJob } from './pending-docs.ts';
import type { ActionContext, ActionInput, ActionResult, Approver } from './types.ts';

export type HeldApproval = Pick<ActionResult, 'taskId' | 'instanceId' | 'status' | 'openTasks'> & {
  result: 'pending' | string;
  /** When the approval is sent (ISO); absent when it was sent at once. */
  undoUntil?: string;
};

/** The approver as a held approval remembers them (to act in their name when it is sent). */
function approverFrom(doc: PendingDoc): Approver {
  return {
    userId: doc.userId,
    roles: doc.roles,
    admin: doc.admin,
    actor: { principal: { userId: doc.userId, login: doc.login, roles: doc.roles, locale: 'en' } },
  };
}

export async function approveLater(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { data?: Record<string, unknown> },
): Promise<HeldApproval> {
  if (!c.queue || c.undoWindowMs <= 0) return approve(c, actor, taskId, input);
  const { located } = await preflight(c, taskId, actor, { holder: 'any' });
  if (located.token.task!.attributes?.kind === 'resubmit')
    throw approvalErrors.actionNotAllowed(
      taskId,
      'approve',
      'it was returned to the requester',
      '已退回申请人',
    );
  await checkEdits(c, located, input.data);
  const now = c.clock.now();
  const dueAt = new Date(now + c.undoWindowMs).toISOString();
  const doc: PendingDoc & { id: string } = {
    id: taskId,
    taskId,
    instanceId: located.doc.id,
    userId: actor.userId,
    login: actor.actor.principal?.login ?? actor.userId,
    roles: [...actor.roles],
    admin: actor.admin === true,
    input: {
      ...(input.comment ? { comment: input.comment } : {}),
      ...(input.attachments?.length ? { attachments: input.attachments } : {}),
      ...(input.data && Object.keys(input.data).length ? { data: input.data } : {}),
    },
    dueAt,
    createdAt: new Date(now).toISOString(),
    state: 'pending',
  };
  const existing = await c.pending.get(taskId);
  if (existing && (existing.state === 'pending' || existing.state === 'sending'))
    throw approvalErrors.approvalPending(taskId);
  if (existing) await c.pending.replace(taskId, existing.rev, doc);
  else await c.pending.insert(doc);
  await c.queue.enqueue<SendJob>(
    APPROVAL_QUEUES.send,
    { taskId },
    {
      jobId: `apv-${taskId}-${now}`,
      delay: c.undoWindowMs,
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
    },
  );
  await auditTask(c, actor, 'approve-held', located, { undoUntil: dueAt, comment: input.comment });
  return {
    taskId,
    instanceId: located.doc.id,
    result: 'pending',
    status: 'active',
    openTasks: [],
    undoUntil: dueAt,
  };
}

/** The approver's held approval of a task, if it is still waiting (or being sent). */
export async function heldApproval(
  c: ActionContext,
  taskId: string,
  userId: string,
): Promise<Stored<PendingDoc> | null> {
  const doc = await c.pending.get(taskId);
  return doc && doc.userId === userId && (doc.state === 'pending' || doc.state === 'sending') ? doc : null;
}

export async function undoApproval(
  c: ActionContext,
  actor: Approver,
  taskId: string,
): Promise<{ taskId: string; instanceId: string; result: 'undone' }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await c.pending.get(taskId);
    if (!doc || doc.userId !== actor.userId || doc.state === 'undone' || doc.state === 'failed')
      throw approvalErrors.nothingToUndo(taskId);
    if (doc.state !== 'pending') throw approvalErrors.undoTooLate(taskId);
    try {
      await c.pending.update(taskId, doc.rev, { set: { state: 'undone' } });
    } catch (e) {
      if (e instanceof RevisionConflictError) continue; // the send took it meanwhile: look again
      throw e;
    }
    const { located } = await preflight(c, taskId, actor, { holder: 'any' }).catch(() => ({ located: null }));
    if (located) await auditTask(c, actor, 'approve-undone', located, {});
    return { taskId, instanceId: doc.instanceId, result: 'undone' };
  }
  throw approvalErrors.undoTooLate(taskId);
}

/** The delayed job: sends a held approval unless it was undone (idempotent: re-runs send once). */
export async function sendHeld(c: ActionContext, job: SendJob): Promise<void> {
  let doc = await c.pending.get(job.taskId);
  if (!doc || (doc.state !== 'pending' && doc.state !== 'sending')) return;
  if (doc.state === 'pending') {
    try {
      doc = await c.pending.update(doc.id, doc.rev, { set: { state: 'sending' } });
    } catch (e) {
      if (e instanceof RevisionConflictError) return sendHeld(c, job); // undone meanwhile, or taken
      throw e;
    }
  }
  const approver = approverFrom(doc);
  try {
    await approve(c, approver, doc.taskId, doc.input);
  } catch (e) {
    if (!(e instanceof AppError)) throw e; // the queue retries (a store hiccup)
    // Sent before a crash, then retried: the history says this approver completed it.
    const instance = await c.flows.runtime.instances.get(doc.instanceId);
    const tokenId = doc.taskId.slice(doc.instanceId.length + 1);
    const done = instance?.history.some(
      (h) => h.type === 'task.completed' && h.tokenId === tokenId && h.by === doc!.userId,
    );
    if (!done) {
      await c.pending.update(doc.id, doc.rev, {
        set: { state: 'failed', error: { code: e.code, message: e.message, messageZh: e.messageZh } },
      });
      await tellNotSent(c, doc, e);
      return;
    }
  }
  await c.pending.update(doc.id, doc.rev, { set: { state: 'sent' } }).catch(() => undefined);
}

async function tellNotSent(c: ActionContext, doc: PendingDoc, error: AppError): Promise<void> {
  const instance = await c.flows.runtime.instances.get(doc.instanceId);
  if (!instance) return;
  const model = await c.flows.definitions.model(instance.definitionKey);
  const tokenId = doc.taskId.slice(doc.instanceId.length + 1);
  const elementId =
    instance.tokens[tokenId]?.elementId ?? instance.history.find((h) => h.tokenId === tokenId)?.elementId;
  const step = (elementId && model.elements[elementId]?.name) || elementId || '';
  const title = notices.notSent({
    step,
    flow: await requestName(c, instance, model),
    reason: { en: error.message, 'zh-CN': error.messageZh },
  });
  await notify(c, {
    ...taskNotice(doc.userId, title, doc.taskId, `not-sent.${doc.createdAt}`),
    kind: 'approval.not-sent',
  });
}
