// Approval actions on tasks and requests, one file per action under actions/ (as diagram-js keeps
// one command handler per operation); this class only holds what they share and hands each call
// on. Every action is one atomic step of the instance, lands in its history (who, when, comment,
// attachments, on behalf of whom) and in the audit log, and notifies whom it concerns.
//
//   approve / reject            complete the task (outcome variables for gateways); a rejection the
//                               model does not route ends the request as rejected
//   return                      to the requester (a resubmit task) or to an earlier step
//   transfer / delegate         another person takes it over / acts and gives it back to confirm
//   add signer before / after   someone signs before me (then it comes back) / after my approval
//   claim / unclaim             a group task
//   resubmit / recall           the requester after a return / while nobody has acted
//   cc / comment / attachments  notes in the history
//   bulk approve                many tasks, each checked on its own
//   approve later / undo        one tap, then a few seconds to take it back (approve-later.ts)
import type { Actor } from '#engine/core/actor.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import type { Collection } from '#engine/ports/document-store.ts';
import type { InstanceView } from '../flows/flow-service.ts';
import { addSigner } from './actions/add-signer.ts';
import { approve } from './actions/approve.ts';
import {
  approveLater,
  heldApproval,
  sendHeld,
  undoApproval,
  type HeldApproval,
} from './actions/approve-later.ts';
import { APPROVAL_PENDING, type PendingDoc, type SendJob } from './actions/pending-docs.ts';
import type { Job } from '#engine/ports/job-queue.ts';
import { bulkApprove, type BulkOutcome } from './actions/bulk-approve.ts';
import { ccUsers } from './actions/cc.ts';
import { claim, unclaim } from './actions/claim.ts';
import { comment } from './actions/comment.ts';
import { delegate } from './actions/delegate.ts';
import { recall } from './actions/recall.ts';
import { reject } from './actions/reject.ts';
import { resubmit } from './actions/resubmit.ts';
import { returnTask } from './actions/return.ts';
import { transfer } from './actions/transfer.ts';
import {
  APPROVAL_CC,
  approverOf,
  type ActionContext,
  type ActionInput,
  type ActionResult,
  type CcDoc,
} from './actions/types.ts';

export { APPROVAL_CC, type ActionInput, type ActionResult, type CcDoc, type HeldApproval };

export class ApprovalService {
  readonly cc: Collection<CcDoc>;
  readonly pending: Collection<PendingDoc>;
  private readonly c: ActionContext;

  constructor(deps: Omit<ActionContext, 'cc' | 'pending'>) {
    this.cc = deps.store.collection<CcDoc>(APPROVAL_CC);
    this.pending = deps.store.collection<PendingDoc>(APPROVAL_PENDING);
    this.c = { ...deps, cc: this.cc, pending: this.pending };
  }

  async init(): Promise<void> {
    await this.cc.ensureIndex({
      fields: [
        ['userId', 1],
        ['at', -1],
      ],
    });
    await this.pending.ensureIndex({
      fields: [
        ['userId', 1],
        ['state', 1],
      ],
    });
  }

  approve(
    actor: Actor,
    taskId: string,
    input: ActionInput & { variables?: Variables; data?: Record<string, unknown> } = {},
  ): Promise<ActionResult> {
    return approve(this.c, approverOf(actor), taskId, input);
  }

  /** Approve with an undo window: held on the server, sent when the window ends. */
  approveLater(
    actor: Actor,
    taskId: string,
    input: ActionInput & { data?: Record<string, unknown> } = {},
  ): Promise<HeldApproval> {
    return approveLater(this.c, approverOf(actor), taskId, input);
  }

  /** Takes back an approval still in its undo window. */
  undo(actor: Actor, taskId: string): Promise<{ taskId: string; instanceId: string; result: 'undone' }> {
    return undoApproval(this.c, approverOf(actor), taskId);
  }

  /** The actor's approval of a task waiting for its undo window, if any. */
  async held(actor: Actor, taskId: string): Promise<{ until: string } | null> {
    const doc = await heldApproval(this.c, taskId, approverOf(actor).userId);
    return doc ? { until: doc.dueAt } : null;
  }

  /** Task ids whose approval by `userId` is held (they leave that person's inbox meanwhile). */
  async heldBy(userId: string): Promise<Set<string>> {
    const { items } = await this.pending.find(
      { userId, state: { $in: ['pending', 'sending'] } },
      { limit: 2000, projection: ['taskId'] },
    );
    return new Set(items.map((d) => d.id));
  }

  /** The job handler that sends held approvals (registered by the processors). */
  readonly handleSend = async (job: Job<SendJob>): Promise<void> => sendHeld(this.c, job.payload);

  reject(actor: Actor, taskId: string, input: ActionInput = {}): Promise<ActionResult> {
    return reject(this.c, approverOf(actor), taskId, input);
  }

  returnTask(actor: Actor, taskId: string, input: ActionInput & { to: string }): Promise<ActionResult> {
    return returnTask(this.c, approverOf(actor), taskId, input);
  }

  /** The requester sends a returned request again: the flow starts over from its first step. */
  resubmit(
    actor: Actor,
    taskId: string,
    input: ActionInput & { variables?: Variables } = {},
  ): Promise<ActionResult> {
    return resubmit(this.c, approverOf(actor), taskId, input);
  }

  transfer(actor: Actor, taskId: string, input: ActionInput & { to: string }): Promise<ActionResult> {
    return transfer(this.c, approverOf(actor), taskId, input);
  }

  delegate(actor: Actor, taskId: string, input: ActionInput & { to: string }): Promise<ActionResult> {
    return delegate(this.c, approverOf(actor), taskId, input);
  }

  addSigner(
    actor: Actor,
    taskId: string,
    input: ActionInput & { user: string; position: 'before' | 'after' },
  ): Promise<ActionResult> {
    return addSigner(this.c, approverOf(actor), taskId, input);
  }

  claim(actor: Actor, taskId: string): Promise<ActionResult> {
    return claim(this.c, approverOf(actor), taskId);
  }

  unclaim(actor: Actor, taskId: string): Promise<ActionResult> {
    return unclaim(this.c, approverOf(actor), taskId);
  }

  /** Approves each task on its own: one failing (not yours, done) does not stop the others. */
  bulkApprove(actor: Actor, taskIds: string[], input: ActionInput = {}): Promise<BulkOutcome[]> {
    return bulkApprove(this.c, approverOf(actor), taskIds, input);
  }

  /** The requester withdraws a request nobody has acted on yet (or one returned to them). */
  recall(actor: Actor, instanceId: string, input: ActionInput = {}): Promise<InstanceView> {
    return recall(this.c, approverOf(actor), instanceId, input);
  }

  ccUsers(actor: Actor, instanceId: string, input: ActionInput & { users: string[] }): Promise<InstanceView> {
    return ccUsers(this.c, approverOf(actor), instanceId, input);
  }

  comment(actor: Actor, instanceId: string, input: ActionInput & { taskId?: string }): Promise<InstanceView> {
    return comment(this.c, approverOf(actor), instanceId, input);
  }
}
