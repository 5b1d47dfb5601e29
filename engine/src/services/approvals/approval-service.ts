// Approval actions on tasks and requests. Each action is one atomic step of the instance: the
// event is built from the instance as loaded for the write (FlowService.send with a builder), so
// the checks — is the task still open, does this person hold it, has anyone acted yet — hold when
// the write lands (a concurrent change makes the write fail and the checks run again). Every
// action lands in the instance history (who, when, comment, attachments, on behalf of whom) and
// in the audit log, and notifies whom it concerns.
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
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import {
  holderOf,
  isParticipant,
  requesterOf,
  someoneActed,
  type ApprovalActor,
} from '#engine/core/approvals/access.ts';
import {
  modelRoutes,
  passedUserTasks,
  restartElements,
  tokensToReplace,
} from '#engine/core/approvals/model.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { decisionVariables, multiInstanceDecided } from '#engine/core/approvals/outcomes.ts';
import { taskRules } from '#engine/core/approvals/settings.ts';
import type { Attachment } from '#engine/core/approvals/timeline.ts';
import { AppError } from '#engine/core/errors.ts';
import type { FlowEvent, TaskChanges, Variables } from '#engine/core/flows/events.ts';
import { parseTaskId, type InstanceState, type Token } from '#engine/core/flows/instance.ts';
import type { ProcessModel, UserTaskElement } from '#engine/core/flows/model.ts';
import { visibleVariables } from '#engine/core/flows/variables.ts';
import type { RequestContext } from '../audit/context.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { DuplicateKeyError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';
import type { FlowService, InstanceView } from '../flows/flow-service.ts';
import type { StoredInstance } from '../flows/runtime.ts';
import type { OrgChart, OrgView } from '../org/org-chart.ts';
import { recordIn } from './audit.ts';
import type { ApprovalAudit, ApprovalNotice, ApprovalNotifier } from './ports.ts';
import type { ApprovalSettingsStore } from './settings-store.ts';

export const APPROVAL_CC = 'approval_cc';

/** Who acts, and the request context the audit entries are written in. */
export interface Actor extends ApprovalActor {
  ctx: RequestContext;
}

export interface ActionInput {
  comment?: string;
  attachments?: Attachment[];
}

export interface ActionResult {
  taskId: string;
  instanceId: string;
  /** What happened: approved, rejected, returned, transferred, delegated, resolved, passed-on … */
  result: string;
  /** The instance status after the action. */
  status: InstanceView['status'];
  /** Tasks open after the action (id, step, holder). */
  openTasks: Array<{
    id: string;
    elementId: string;
    name?: string;
    assignee?: string;
    candidateGroups?: string[];
  }>;
}

export interface CcDoc {
  userId: string;
  instanceId: string;
  processId: string;
  by: string;
  at: string;
  comment?: string;
}

/** Variables people may not set through an action: they carry the approval record itself. */
const RESERVED = new Set(['approval', 'approvals', 'requester', 'record']);

interface Located {
  doc: Readonly<StoredInstance>;
  model: ProcessModel;
  token: Token;
  element: UserTaskElement;
  taskId: string;
}

interface Context {
  store: DocumentStore;
  clock: Clock;
  flows: FlowService;
  org: OrgChart;
  settings: ApprovalSettingsStore;
  audit?: ApprovalAudit;
  notifier: ApprovalNotifier;
}

export class ApprovalService {
  readonly cc: Collection<CcDoc>;

  constructor(private readonly c: Context) {
    this.cc = c.store.collection<CcDoc>(APPROVAL_CC);
  }

  async init(): Promise<void> {
    await this.cc.ensureIndex({
      fields: [
        ['userId', 1],
        ['at', -1],
      ],
    });
  }

  private now(): string {
    return new Date(this.c.clock.now()).toISOString();
  }

  // ---- locating and checking ------------------------------------------------------------

  /**
   * The open task `taskId` as the actor may act on it, from this instance state. Throws the
   * error a caller should see: 404 (unknown, or nothing to do with it), 409 (done), 403 (not theirs).
   */
  private check(
    doc: Readonly<InstanceState>,
    model: ProcessModel,
    taskId: string,
    tokenId: string,
    actor: Actor,
    options: { holder?: 'any' | 'assignee' | 'none'; admin?: boolean; heldIt?: boolean } = {},
  ): Located {
    const token = doc.tokens[tokenId];
    const known =
      token?.task ||
      options.heldIt ||
      doc.history.some((h) => h.tokenId === tokenId && h.type.startsWith('task.'));
    if (!known || !(options.heldIt || isParticipant(doc as InstanceState, actor)))
      throw approvalErrors.taskNotFound(taskId);
    if (doc.status !== 'active' || !token?.task || token.state !== 'waiting') {
      const last = [...doc.history]
        .reverse()
        .find((h) => h.tokenId === tokenId && h.type === 'task.completed');
      throw approvalErrors.taskDone(
        taskId,
        last?.outcome ?? (doc.status !== 'active' ? doc.status : undefined),
      );
    }
    const element = model.elements[token.elementId] as UserTaskElement;
    const located = { doc: doc as StoredInstance, model, token, element, taskId };
    if (options.holder === 'none') return located;
    const holder = holderOf(token.task, actor, requesterOf(doc as InstanceState));
    if (options.admin && actor.admin) return located;
    if (!holder || (options.holder === 'assignee' && holder !== 'assignee')) {
      const delegatedBy = token.task.attributes?.delegatedBy;
      if (delegatedBy === actor.userId) throw approvalErrors.delegated(taskId, token.task.assignee ?? '');
      throw approvalErrors.notYourTask(taskId);
    }
    return located;
  }

  private ref(taskId: string): { instanceId: string; tokenId: string } {
    const ref = parseTaskId(taskId);
    if (!ref) throw approvalErrors.taskNotFound(taskId);
    return ref;
  }

  /**
   * Loads and checks before the write, so that errors are classified even if the builder never
   * runs. Someone who held the task (its last view in the tasks collection says so) learns that
   * it is done (409) rather than that it does not exist.
   */
  private async preflight(
    taskId: string,
    actor: Actor,
    options: Parameters<ApprovalService['check']>[5] = {},
  ) {
    const ref = this.ref(taskId);
    const [doc, last] = await Promise.all([
      this.c.flows.runtime.instances.get(ref.instanceId),
      this.c.flows.runtime.tasks.get(taskId),
    ]);
    if (!doc) throw approvalErrors.taskNotFound(taskId);
    const heldIt =
      !!last &&
      last.instanceId === doc.id &&
      (last.assignee === actor.userId ||
        !!last.candidateUsers?.includes(actor.userId) ||
        !!last.candidateGroups?.some((g) => actor.roles.includes(g)) ||
        last.onBehalfOf === actor.userId ||
        last.delegatedBy === actor.userId);
    const model = await this.c.flows.definitions.model(doc.definitionKey);
    const checked = { ...options, heldIt };
    return { ref, checked, located: this.check(doc, model, taskId, ref.tokenId, actor, checked) };
  }

  /** One atomic task action: checks and event built from the instance as written. */
  private async act(
    taskId: string,
    actor: Actor,
    options: Parameters<ApprovalService['check']>[5],
    build: (l: Located) => FlowEvent,
  ): Promise<{ view: InstanceView; located: Located }> {
    const { ref, checked } = await this.preflight(taskId, actor, options);
    let last: Located | undefined;
    const view = await this.c.flows.send(ref.instanceId, (doc, model) => {
      last = this.check(doc, model, taskId, ref.tokenId, actor, checked);
      return build(last);
    });
    return { view, located: last! };
  }

  private result(taskId: string, view: InstanceView, result: string): ActionResult {
    return {
      taskId,
      instanceId: view.id,
      result,
      status: view.status,
      openTasks: view.openTasks.map((t) => ({
        id: t.id,
        elementId: t.elementId,
        ...(t.name ? { name: t.name } : {}),
        ...(t.assignee ? { assignee: t.assignee } : {}),
        ...(t.candidateGroups ? { candidateGroups: t.candidateGroups } : {}),
      })),
    };
  }

  private async activeUser(field: string, userId: string): Promise<OrgView> {
    const org = await this.c.org.snapshot();
    if (org.user(userId)?.active !== true) throw approvalErrors.userUnknown(field, userId);
    return org;
  }

  private historyData(l: Located, actor: Actor, input: ActionInput, extra: Record<string, unknown> = {}) {
    const attrs = l.token.task!.attributes ?? {};
    const data: Record<string, unknown> = { ...extra };
    if (input.attachments?.length) data.attachments = input.attachments;
    if (typeof attrs.onBehalfOf === 'string' && l.token.task!.assignee === actor.userId)
      data.onBehalfOf = attrs.onBehalfOf;
    return Object.keys(data).length ? data : undefined;
  }

  private actedBy(l: Located, actor: Actor): string[] {
    const list = l.token.task!.attributes?.actedBy;
    const prior = Array.isArray(list) ? (list as string[]) : [];
    return prior.includes(actor.userId) ? prior : [...prior, actor.userId];
  }

  private decision(l: Located, actor: Actor | null, outcome: string, comment?: string): Variables {
    const onBehalfOf = l.token.task!.attributes?.onBehalfOf;
    return decisionVariables(visibleVariables(l.doc as InstanceState, l.token.id), {
      outcome,
      elementId: l.token.elementId,
      taskId: l.taskId,
      at: this.now(),
      ...(actor ? { by: actor.userId } : {}),
      ...(actor && typeof onBehalfOf === 'string' && l.token.task!.assignee === actor.userId
        ? { onBehalfOf }
        : {}),
      ...(comment ? { comment } : {}),
    });
  }

  private names(l: Located): { step: string; flow: string } {
    return {
      step: l.element?.name ?? l.token.elementId,
      flow: l.model.name ?? l.model.processId,
    };
  }

  private async audit(
    actor: Actor,
    action: string,
    l: Located,
    details: Record<string, unknown>,
  ): Promise<void> {
    await recordIn(this.c.audit, actor.ctx, {
      action: `approval.${action}`,
      resource: 'tasks',
      resourceId: l.taskId,
      details: {
        instanceId: l.doc.id,
        processId: l.doc.processId,
        elementId: l.token.elementId,
        ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
      },
    });
  }

  private async notify(notice: ApprovalNotice): Promise<void> {
    const users = (notice.to.users ?? []).filter(Boolean);
    if (!users.length && !notice.to.roles?.length) return;
    await this.c.notifier.send({ ...notice, to: { ...notice.to, users } });
  }

  private displayName(org: OrgView | null, id: string): string {
    return org?.user(id)?.displayName ?? id;
  }

  // ---- approve / reject -------------------------------------------------------------------

  async approve(
    actor: Actor,
    taskId: string,
    input: ActionInput & { variables?: Variables } = {},
  ): Promise<ActionResult> {
    const variables = cleanVariables(input.variables);
    const st: { kind: 'complete' | 'resolve' | 'pass'; passTo?: string; owner?: string } = {
      kind: 'complete',
    };
    const { view, located } = await this.act(taskId, actor, { holder: 'any' }, (l) => {
      const attrs = l.token.task!.attributes ?? {};
      if (attrs.kind === 'resubmit')
        throw approvalErrors.actionNotAllowed(
          taskId,
          'approve',
          'it was returned to the requester',
          '已退回申请人',
        );
      const comment = input.comment;
      st.kind = 'complete';
      if (typeof attrs.delegatedBy === 'string' && l.token.task!.assignee === actor.userId) {
        st.kind = 'resolve';
        st.owner = attrs.delegatedBy;
        return this.resolveDelegation(l, actor, 'approved', input);
      }
      const stack = Array.isArray(attrs.returnTo) ? (attrs.returnTo as string[]) : [];
      if (stack.length) {
        st.kind = 'pass';
        const passTo = (st.passTo = stack[stack.length - 1]!);
        return {
          type: 'batch',
          events: [
            {
              type: 'setVariables',
              variables: this.decision(l, actor, 'approved', comment),
              by: actor.userId,
            },
            {
              type: 'updateTask',
              tokenId: l.token.id,
              changes: {
                assignee: passTo,
                attributes: {
                  returnTo: stack.length > 1 ? stack.slice(0, -1) : null,
                  actedBy: this.actedBy(l, actor),
                },
              },
              by: actor.userId,
              action: 'approve',
              ...(comment ? { comment } : {}),
              data: { ...this.historyData(l, actor, input), outcome: 'approved', next: passTo },
            },
          ],
        };
      }
      const data = this.historyData(
        l,
        actor,
        input,
        attrs.delegation ? { delegation: attrs.delegation } : {},
      );
      return {
        type: 'completeTask',
        tokenId: l.token.id,
        outcome: 'approved',
        by: actor.userId,
        action: 'approve',
        ...(comment ? { comment } : {}),
        ...(data ? { data } : {}),
        variables: { ...variables, ...this.decision(l, actor, 'approved', comment) },
        localVariables: { outcome: 'approved', ...(comment ? { comment } : {}) },
      };
    });
    const names = this.names(located);
    const org = await this.c.org.snapshot();
    const who = this.displayName(org, actor.userId);
    const { kind, passTo, owner } = st;
    if (kind === 'pass' && passTo)
      await this.notify({
        to: { users: [passTo] },
        title: notices.backToYou({ ...names, who }),
        kind: 'task.assigned',
        link: `/inbox/${taskId}`,
        source: { type: 'task', id: taskId },
        key: `${taskId}.pass.${located.token.task!.version}`,
      });
    if (kind === 'resolve' && owner)
      await this.notify({
        to: { users: [owner] },
        title: notices.delegationBack({ ...names, who, outcome: 'approved' }),
        kind: 'task.assigned',
        link: `/inbox/${taskId}`,
        source: { type: 'task', id: taskId },
        key: `${taskId}.resolve.${located.token.task!.version}`,
      });
    await this.audit(actor, kind === 'resolve' ? 'delegate-resolve' : 'approve', located, {
      outcome: 'approved',
      comment: input.comment,
      onBehalfOf: this.onBehalfOf(located, actor),
      attachments: input.attachments?.length,
      next: passTo,
    });
    return this.result(
      taskId,
      view,
      kind === 'complete' ? 'approved' : kind === 'pass' ? 'passed-on' : 'resolved',
    );
  }

  async reject(actor: Actor, taskId: string, input: ActionInput = {}): Promise<ActionResult> {
    if (!input.comment?.trim()) throw approvalErrors.commentRequired();
    const settings = await this.settingsFor(taskId);
    const st: { kind: 'complete' | 'resolve'; owner?: string; ended: boolean } = {
      kind: 'complete',
      ended: false,
    };
    const { view, located } = await this.act(taskId, actor, { holder: 'any' }, (l) => {
      const attrs = l.token.task!.attributes ?? {};
      if (attrs.kind === 'resubmit')
        throw approvalErrors.actionNotAllowed(
          taskId,
          'reject',
          'it was returned to the requester',
          '已退回申请人',
        );
      st.kind = 'complete';
      st.ended = false;
      if (typeof attrs.delegatedBy === 'string' && l.token.task!.assignee === actor.userId) {
        st.kind = 'resolve';
        st.owner = attrs.delegatedBy;
        return this.resolveDelegation(l, actor, 'rejected', input);
      }
      const ended = (st.ended = this.rejectionEnds(l, settings));
      const data = this.historyData(
        l,
        actor,
        input,
        attrs.delegation ? { delegation: attrs.delegation } : {},
      );
      return {
        type: 'completeTask',
        tokenId: l.token.id,
        outcome: 'rejected',
        by: actor.userId,
        action: 'reject',
        comment: input.comment!,
        ...(data ? { data } : {}),
        variables: this.decision(l, actor, 'rejected', input.comment),
        localVariables: { outcome: 'rejected', comment: input.comment! },
        ...(ended ? { endInstance: true } : {}),
      };
    });
    const { kind, owner, ended } = st;
    if (kind === 'resolve' && owner) {
      const org = await this.c.org.snapshot();
      await this.notify({
        to: { users: [owner] },
        title: notices.delegationBack({
          ...this.names(located),
          who: this.displayName(org, actor.userId),
          outcome: 'rejected',
        }),
        kind: 'task.assigned',
        link: `/inbox/${taskId}`,
        source: { type: 'task', id: taskId },
        key: `${taskId}.resolve.${located.token.task!.version}`,
      });
    }
    await this.audit(actor, kind === 'resolve' ? 'delegate-resolve' : 'reject', located, {
      outcome: 'rejected',
      comment: input.comment,
      onBehalfOf: this.onBehalfOf(located, actor),
      attachments: input.attachments?.length,
      endedRequest: ended || undefined,
    });
    return this.result(taskId, view, kind === 'resolve' ? 'resolved' : 'rejected');
  }

  /** A rejection the model does not route ends the request — in a multi-instance task only once it decides it. */
  private rejectionEnds(l: Located, settings: Awaited<ReturnType<ApprovalSettingsStore['get']>>): boolean {
    if (modelRoutes(l.model, l.token.elementId, 'rejected')) return false;
    if (!l.token.inner || !l.token.scope) return true;
    const body = l.doc.tokens[l.token.scope];
    const vars = body?.vars ?? {};
    const { mode } = taskRules(settings, l.element.headers);
    return multiInstanceDecided(
      mode,
      {
        items: Number(vars.numberOfInstances ?? 0),
        approvals: Number(vars.numberOfApprovals ?? 0),
        rejections: Number(vars.numberOfRejections ?? 0) + 1,
      },
      'rejected',
    );
  }

  private resolveDelegation(
    l: Located,
    actor: Actor,
    outcome: 'approved' | 'rejected',
    input: ActionInput,
  ): FlowEvent {
    const owner = l.token.task!.attributes!.delegatedBy as string;
    return {
      type: 'updateTask',
      tokenId: l.token.id,
      changes: {
        assignee: owner,
        attributes: {
          delegatedBy: null,
          delegation: {
            by: actor.userId,
            outcome,
            at: this.now(),
            ...(input.comment ? { comment: input.comment } : {}),
          },
          actedBy: this.actedBy(l, actor),
        },
      },
      by: actor.userId,
      action: 'delegate-resolve',
      ...(input.comment ? { comment: input.comment } : {}),
      data: { ...this.historyData(l, actor, input), outcome, to: owner },
    };
  }

  private onBehalfOf(l: Located, actor: Actor): string | undefined {
    const o = l.token.task!.attributes?.onBehalfOf;
    return typeof o === 'string' && l.token.task!.assignee === actor.userId ? o : undefined;
  }

  private async settingsFor(taskId: string) {
    const ref = this.ref(taskId);
    const doc = await this.c.flows.runtime.instances.get(ref.instanceId);
    return this.c.settings.get(doc?.processId ?? '');
  }

  // ---- return / resubmit --------------------------------------------------------------------

  async returnTask(actor: Actor, taskId: string, input: ActionInput & { to: string }): Promise<ActionResult> {
    if (!input.comment?.trim()) throw approvalErrors.commentRequired();
    const st: { target: 'requester' | 'model' | 'step'; requester: string | null } = {
      target: 'requester',
      requester: null,
    };
    const { view, located } = await this.act(taskId, actor, { holder: 'any' }, (l) => {
      const attrs = l.token.task!.attributes ?? {};
      if (attrs.kind === 'resubmit')
        throw approvalErrors.actionNotAllowed(
          taskId,
          'return',
          'it is already with the requester',
          '已在申请人处',
        );
      if (typeof attrs.delegatedBy === 'string')
        throw approvalErrors.actionNotAllowed(taskId, 'return', 'it is delegated', '任务已委派');
      const data = this.historyData(l, actor, input, { to: input.to });
      const decision = this.decision(l, actor, 'returned', input.comment);
      if (input.to === 'requester') {
        const requester = (st.requester = requesterOf(l.doc as InstanceState));
        if (modelRoutes(l.model, l.token.elementId, 'returned')) {
          st.target = 'model';
          return {
            type: 'completeTask',
            tokenId: l.token.id,
            outcome: 'returned',
            by: actor.userId,
            action: 'return',
            comment: input.comment!,
            ...(data ? { data } : {}),
            variables: decision,
            localVariables: { outcome: 'returned', comment: input.comment! },
          };
        }
        if (!requester)
          throw approvalErrors.actionNotAllowed(
            taskId,
            'return',
            'the request has no requester',
            '申请没有申请人',
          );
        st.target = 'requester';
        const others = Object.values(l.doc.tokens)
          .filter((t) => t.task && t.state === 'waiting' && t.id !== l.token.id)
          .map((t) => ({ tokenId: t.id }));
        return {
          type: 'batch',
          events: [
            { type: 'setVariables', variables: decision, by: actor.userId },
            {
              type: 'updateTask',
              tokenId: l.token.id,
              changes: {
                assignee: requester,
                candidateUsers: null,
                candidateGroups: null,
                attributes: {
                  kind: 'resubmit',
                  returnedBy: actor.userId,
                  returnedAt: this.now(),
                  returnComment: input.comment!,
                  delegatedBy: null,
                  returnTo: null,
                  onBehalfOf: null,
                  actedBy: this.actedBy(l, actor),
                },
              },
              by: actor.userId,
              action: 'return',
              comment: input.comment!,
              ...(data ? { data } : {}),
            },
            ...(others.length
              ? [
                  {
                    type: 'modify' as const,
                    terminate: others,
                    by: actor.userId,
                    reason: 'returned to the requester',
                  },
                ]
              : []),
          ],
        };
      }
      st.target = 'step';
      if (!passedUserTasks(l.model, l.doc.history).includes(input.to) || input.to === l.token.elementId)
        throw approvalErrors.returnTargetInvalid(input.to);
      return {
        type: 'batch',
        events: [
          {
            type: 'updateTask',
            tokenId: l.token.id,
            changes: { attributes: { actedBy: this.actedBy(l, actor) } },
            by: actor.userId,
          },
          {
            type: 'note',
            tokenId: l.token.id,
            action: 'return',
            by: actor.userId,
            comment: input.comment!,
            ...(data ? { data } : {}),
          },
          { type: 'setVariables', variables: decision, by: actor.userId },
          {
            type: 'modify',
            activate: [{ elementId: input.to }],
            terminate: tokensToReplace(l.model, l.doc as InstanceState, input.to).map((tokenId) => ({
              tokenId,
            })),
            by: actor.userId,
            reason: `returned to ${input.to}`,
          },
        ],
      };
    });
    const org = await this.c.org.snapshot();
    const who = this.displayName(org, actor.userId);
    const names = this.names(located);
    const { target, requester } = st;
    if (target !== 'step' && requester)
      await this.notify({
        to: { users: [requester] },
        title: notices.returned({ ...names, who, comment: input.comment }),
        kind: 'request.returned',
        link: `/requests/${located.doc.id}`,
        source: { type: 'instance', id: located.doc.id },
        key: `${taskId}.return.${located.token.task!.version}`,
      });
    await this.audit(actor, 'return', located, {
      outcome: 'returned',
      to: input.to,
      comment: input.comment,
      onBehalfOf: this.onBehalfOf(located, actor),
      attachments: input.attachments?.length,
    });
    return this.result(taskId, view, 'returned');
  }

  /** The requester sends a returned request again: the flow starts over from its first step. */
  async resubmit(
    actor: Actor,
    taskId: string,
    input: ActionInput & { variables?: Variables } = {},
  ): Promise<ActionResult> {
    const variables = cleanVariables(input.variables);
    const { view, located } = await this.act(taskId, actor, { holder: 'assignee' }, (l) => {
      if (l.token.task!.attributes?.kind !== 'resubmit') throw approvalErrors.notReturned(taskId);
      const data = this.historyData(l, actor, input);
      return {
        type: 'batch',
        events: [
          {
            type: 'note',
            tokenId: l.token.id,
            action: 'resubmit',
            by: actor.userId,
            ...(input.comment ? { comment: input.comment } : {}),
            ...(data ? { data } : {}),
          },
          ...(Object.keys(variables).length
            ? [{ type: 'setVariables' as const, variables, by: actor.userId }]
            : []),
          {
            type: 'modify',
            activate: restartElements(l.model).map((elementId) => ({ elementId })),
            terminate: Object.values(l.doc.tokens)
              .filter((t) => t.scope === null)
              .map((t) => ({ tokenId: t.id })),
            by: actor.userId,
            reason: 'resubmitted',
          },
        ],
      };
    });
    await this.audit(actor, 'resubmit', located, {
      comment: input.comment,
      attachments: input.attachments?.length,
    });
    return this.result(taskId, view, 'resubmitted');
  }

  // ---- transfer / delegate / add signer / claim ------------------------------------------------

  private async checkTarget(
    field: string,
    target: string,
    actor: Actor,
    l: Located | null,
  ): Promise<OrgView> {
    if (target === actor.userId) throw approvalErrors.selfTarget(field);
    const org = await this.activeUser(field, target);
    if (l && requesterOf(l.doc as InstanceState) === target)
      throw approvalErrors.actionNotAllowed(
        l.taskId,
        field,
        'the requester cannot approve their own request',
        '申请人不能审批自己的申请',
      );
    return org;
  }

  async transfer(actor: Actor, taskId: string, input: ActionInput & { to: string }): Promise<ActionResult> {
    const { located: pre } = await this.preflight(taskId, actor, { holder: 'any', admin: true });
    const org = await this.checkTarget('to', input.to, actor, pre);
    let from: string | undefined;
    const { view, located } = await this.act(taskId, actor, { holder: 'any', admin: true }, (l) => {
      const attrs = l.token.task!.attributes ?? {};
      if (typeof attrs.delegatedBy === 'string')
        throw approvalErrors.actionNotAllowed(taskId, 'transfer', 'it is delegated', '任务已委派');
      if (attrs.kind === 'resubmit')
        throw approvalErrors.actionNotAllowed(taskId, 'transfer', 'it is with the requester', '已在申请人处');
      from = l.token.task!.assignee ?? actor.userId;
      if (l.token.task!.assignee === input.to) throw approvalErrors.selfTarget('to');
      return {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: {
          assignee: input.to,
          candidateUsers: null,
          candidateGroups: null,
          attributes: { transferredFrom: from, onBehalfOf: null, actedBy: this.actedBy(l, actor) },
        },
        by: actor.userId,
        action: 'transfer',
        ...(input.comment ? { comment: input.comment } : {}),
        data: { ...this.historyData(l, actor, input), from, to: input.to },
      };
    });
    await this.notify({
      to: { users: [input.to] },
      title: notices.transferred({ ...this.names(located), who: this.displayName(org, actor.userId) }),
      kind: 'task.assigned',
      link: `/inbox/${taskId}`,
      source: { type: 'task', id: taskId },
      key: `${taskId}.transfer.${located.token.task!.version}`,
    });
    await this.audit(actor, 'transfer', located, {
      from,
      to: input.to,
      comment: input.comment,
      onBehalfOf: this.onBehalfOf(located, actor),
    });
    return this.result(taskId, view, 'transferred');
  }

  async delegate(actor: Actor, taskId: string, input: ActionInput & { to: string }): Promise<ActionResult> {
    const { located: pre } = await this.preflight(taskId, actor, { holder: 'any' });
    const org = await this.checkTarget('to', input.to, actor, pre);
    const { view, located } = await this.act(taskId, actor, { holder: 'any' }, (l) => {
      const attrs = l.token.task!.attributes ?? {};
      if (typeof attrs.delegatedBy === 'string')
        throw approvalErrors.actionNotAllowed(taskId, 'delegate', 'it is already delegated', '任务已委派');
      if (attrs.kind === 'resubmit')
        throw approvalErrors.actionNotAllowed(taskId, 'delegate', 'it is with the requester', '已在申请人处');
      return {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: {
          assignee: input.to,
          attributes: { delegatedBy: actor.userId, delegation: null, actedBy: this.actedBy(l, actor) },
        },
        by: actor.userId,
        action: 'delegate',
        ...(input.comment ? { comment: input.comment } : {}),
        data: { ...this.historyData(l, actor, input), to: input.to },
      };
    });
    await this.notify({
      to: { users: [input.to] },
      title: notices.delegated({ ...this.names(located), who: this.displayName(org, actor.userId) }),
      kind: 'task.assigned',
      link: `/inbox/${taskId}`,
      source: { type: 'task', id: taskId },
      key: `${taskId}.delegate.${located.token.task!.version}`,
    });
    await this.audit(actor, 'delegate', located, {
      to: input.to,
      comment: input.comment,
      onBehalfOf: this.onBehalfOf(located, actor),
    });
    return this.result(taskId, view, 'delegated');
  }

  async addSigner(
    actor: Actor,
    taskId: string,
    input: ActionInput & { user: string; position: 'before' | 'after' },
  ): Promise<ActionResult> {
    const { located: pre } = await this.preflight(taskId, actor, { holder: 'any' });
    const org = await this.checkTarget('user', input.user, actor, pre);
    const { view, located } = await this.act(taskId, actor, { holder: 'any' }, (l) => {
      const attrs = l.token.task!.attributes ?? {};
      if (typeof attrs.delegatedBy === 'string')
        throw approvalErrors.actionNotAllowed(taskId, 'add signer', 'it is delegated', '任务已委派');
      if (attrs.kind === 'resubmit')
        throw approvalErrors.actionNotAllowed(
          taskId,
          'add signer',
          'it is with the requester',
          '已在申请人处',
        );
      const stack = Array.isArray(attrs.returnTo) ? (attrs.returnTo as string[]) : [];
      const common: Pick<TaskChanges, 'assignee' | 'candidateUsers' | 'candidateGroups'> = {
        assignee: input.user,
        candidateUsers: null,
        candidateGroups: null,
      };
      const data = { ...this.historyData(l, actor, input), signer: input.user, position: input.position };
      if (input.position === 'before')
        return {
          type: 'updateTask',
          tokenId: l.token.id,
          changes: {
            ...common,
            attributes: { returnTo: [...stack, actor.userId], actedBy: this.actedBy(l, actor) },
          },
          by: actor.userId,
          action: 'add-signer-before',
          ...(input.comment ? { comment: input.comment } : {}),
          data,
        };
      return {
        type: 'batch',
        events: [
          {
            type: 'setVariables',
            variables: this.decision(l, actor, 'approved', input.comment),
            by: actor.userId,
          },
          {
            type: 'updateTask',
            tokenId: l.token.id,
            changes: { ...common, attributes: { onBehalfOf: null, actedBy: this.actedBy(l, actor) } },
            by: actor.userId,
            action: 'add-signer-after',
            ...(input.comment ? { comment: input.comment } : {}),
            data: { ...data, outcome: 'approved' },
          },
        ],
      };
    });
    await this.notify({
      to: { users: [input.user] },
      title: notices.signerAdded({ ...this.names(located), who: this.displayName(org, actor.userId) }),
      kind: 'task.assigned',
      link: `/inbox/${taskId}`,
      source: { type: 'task', id: taskId },
      key: `${taskId}.signer.${located.token.task!.version}`,
    });
    await this.audit(actor, `add-signer-${input.position}`, located, {
      signer: input.user,
      comment: input.comment,
      onBehalfOf: this.onBehalfOf(located, actor),
    });
    return this.result(
      taskId,
      view,
      input.position === 'before' ? 'signer-added-before' : 'signer-added-after',
    );
  }

  async claim(actor: Actor, taskId: string): Promise<ActionResult> {
    const { view, located } = await this.act(taskId, actor, { holder: 'none' }, (l) => {
      const task = l.token.task!;
      if (task.assignee) throw approvalErrors.notClaimable(taskId);
      if (holderOf(task, actor, requesterOf(l.doc as InstanceState)) !== 'candidate')
        throw approvalErrors.notYourTask(taskId);
      return {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: { assignee: actor.userId },
        by: actor.userId,
        action: 'claim',
      };
    });
    await this.audit(actor, 'claim', located, {});
    return this.result(taskId, view, 'claimed');
  }

  async unclaim(actor: Actor, taskId: string): Promise<ActionResult> {
    const { view, located } = await this.act(taskId, actor, { holder: 'none' }, (l) => {
      const task = l.token.task!;
      const attrs = task.attributes ?? {};
      if (task.assignee !== actor.userId) {
        if (holderOf(task, actor) === 'candidate') throw approvalErrors.notClaimedByYou(taskId);
        throw approvalErrors.notYourTask(taskId);
      }
      const offered = task.candidateUsers?.length || task.candidateGroups?.length;
      if (!offered || attrs.delegatedBy || attrs.returnTo || attrs.kind)
        throw approvalErrors.notClaimedByYou(taskId);
      return {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: { assignee: null },
        by: actor.userId,
        action: 'unclaim',
      };
    });
    await this.audit(actor, 'unclaim', located, {});
    return this.result(taskId, view, 'unclaimed');
  }

  // ---- bulk ---------------------------------------------------------------------------------

  /** Approves each task on its own: one failing (not yours, done) does not stop the others. */
  async bulkApprove(
    actor: Actor,
    taskIds: string[],
    input: ActionInput = {},
  ): Promise<
    Array<
      | { taskId: string; ok: true; result: string }
      | { taskId: string; ok: false; status: number; code: string; message: string; messageZh: string }
    >
  > {
    const out = [];
    for (const taskId of [...new Set(taskIds)]) {
      try {
        const r = await this.approve(actor, taskId, input);
        out.push({ taskId, ok: true as const, result: r.result });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        out.push({
          taskId,
          ok: false as const,
          status: e.status,
          code: e.code,
          message: e.message,
          messageZh: e.messageZh,
        });
      }
    }
    return out;
  }

  // ---- request-level: recall, cc, comment -----------------------------------------------------

  private async requestOf(
    instanceId: string,
    actor: Actor,
  ): Promise<{ doc: StoredInstance; model: ProcessModel }> {
    const doc = await this.c.flows.runtime.instances.get(instanceId);
    if (!doc || !isParticipant(doc, actor)) throw approvalErrors.requestNotFound(instanceId);
    return { doc, model: await this.c.flows.definitions.model(doc.definitionKey) };
  }

  /** The requester withdraws a request nobody has acted on yet (or one returned to them). */
  async recall(actor: Actor, instanceId: string, input: ActionInput = {}): Promise<InstanceView> {
    const { model } = await this.requestOf(instanceId, actor);
    const holders: { users: Set<string>; roles: Set<string> } = { users: new Set(), roles: new Set() };
    const view = await this.c.flows.send(instanceId, (doc) => {
      if (!isParticipant(doc, actor)) throw approvalErrors.requestNotFound(instanceId);
      if (requesterOf(doc) !== actor.userId) throw approvalErrors.notYourRequest(instanceId);
      holders.users.clear();
      holders.roles.clear();
      for (const t of Object.values(doc.tokens)) {
        const task = t.task;
        if (!task || t.state !== 'waiting' || task.assignee === actor.userId) continue;
        if (task.assignee) holders.users.add(task.assignee);
        else {
          for (const u of task.candidateUsers ?? []) holders.users.add(u);
          for (const g of task.candidateGroups ?? []) holders.roles.add(g);
        }
      }
      if (doc.status !== 'active') throw approvalErrors.requestEnded(instanceId, doc.status);
      const returned = Object.values(doc.tokens).some(
        (t) => t.task?.attributes?.kind === 'resubmit' && t.task.assignee === actor.userId,
      );
      if (someoneActed(doc) && !returned) throw approvalErrors.recallTooLate(instanceId);
      const approval = {
        outcome: 'withdrawn',
        by: actor.userId,
        at: this.now(),
        ...(input.comment ? { comment: input.comment } : {}),
      };
      return {
        type: 'batch',
        events: [
          {
            type: 'note',
            action: 'recall',
            by: actor.userId,
            ...(input.comment ? { comment: input.comment } : {}),
            ...(input.attachments?.length ? { data: { attachments: input.attachments } } : {}),
          },
          { type: 'setVariables', variables: { approval }, by: actor.userId },
          { type: 'cancel', by: actor.userId, reason: input.comment || 'withdrawn by the requester' },
        ],
      };
    });
    // Whoever had a task on it need not look for it any more.
    const org = await this.c.org.snapshot();
    await this.notify({
      to: { users: [...holders.users], ...(holders.roles.size ? { roles: [...holders.roles] } : {}) },
      title: notices.withdrawn({
        step: '',
        flow: model.name ?? model.processId,
        who: this.displayName(org, actor.userId),
      }),
      kind: 'request.withdrawn',
      link: `/requests/${instanceId}`,
      source: { type: 'instance', id: instanceId },
      key: `${instanceId}.withdrawn`,
    });
    await recordIn(this.c.audit, actor.ctx, {
      action: 'approval.recall',
      resource: 'requests',
      resourceId: instanceId,
      details: { processId: view.processId, ...(input.comment ? { comment: input.comment } : {}) },
    });
    return view;
  }

  async ccUsers(
    actor: Actor,
    instanceId: string,
    input: ActionInput & { users: string[] },
  ): Promise<InstanceView> {
    const users = [...new Set(input.users)].filter((u) => u !== actor.userId);
    if (!users.length) throw approvalErrors.selfTarget('users');
    const org = await this.c.org.snapshot();
    for (const u of users) if (org.user(u)?.active !== true) throw approvalErrors.userUnknown('users', u);
    const { doc } = await this.requestOf(instanceId, actor);
    const view = await this.c.flows.send(instanceId, (d) => {
      if (!isParticipant(d, actor)) throw approvalErrors.requestNotFound(instanceId);
      return {
        type: 'note',
        action: 'cc',
        by: actor.userId,
        ...(input.comment ? { comment: input.comment } : {}),
        data: { users, ...(input.attachments?.length ? { attachments: input.attachments } : {}) },
      };
    });
    const entry = [...view.history]
      .reverse()
      .find((h) => h.type === 'note' && h.action === 'cc' && h.by === actor.userId)!;
    const at = this.now();
    for (const u of users) {
      try {
        await this.cc.insert({
          id: `${instanceId}.${entry.seq}.${u}`,
          userId: u,
          instanceId,
          processId: doc.processId,
          by: actor.userId,
          at,
          ...(input.comment ? { comment: input.comment } : {}),
        });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
      }
    }
    const model = await this.c.flows.definitions.model(doc.definitionKey);
    await this.notify({
      to: { users },
      title: notices.cc({
        step: '',
        flow: model.name ?? model.processId,
        who: this.displayName(org, actor.userId),
      }),
      kind: 'approval.cc',
      link: `/requests/${instanceId}`,
      source: { type: 'instance', id: instanceId },
      key: `${instanceId}.cc.${entry.seq}`,
    });
    await recordIn(this.c.audit, actor.ctx, {
      action: 'approval.cc',
      resource: 'requests',
      resourceId: instanceId,
      details: { processId: doc.processId, users },
    });
    return view;
  }

  async comment(
    actor: Actor,
    instanceId: string,
    input: ActionInput & { taskId?: string },
  ): Promise<InstanceView> {
    if (!input.comment?.trim() && !input.attachments?.length) throw approvalErrors.commentRequired();
    const { doc, model } = await this.requestOf(instanceId, actor);
    const tokenId = input.taskId ? parseTaskId(input.taskId)?.tokenId : undefined;
    const view = await this.c.flows.send(instanceId, (d) => {
      if (!isParticipant(d, actor)) throw approvalErrors.requestNotFound(instanceId);
      return {
        type: 'note',
        action: input.comment?.trim() ? 'comment' : 'attach',
        by: actor.userId,
        ...(tokenId && d.tokens[tokenId] ? { tokenId } : {}),
        ...(input.comment ? { comment: input.comment } : {}),
        ...(input.attachments?.length ? { data: { attachments: input.attachments } } : {}),
      };
    });
    const entry = [...view.history].reverse().find((h) => h.type === 'note' && h.by === actor.userId)!;
    const requester = requesterOf(doc);
    const holders = view.openTasks.map((t) => t.assignee).filter((u): u is string => !!u);
    const to = [...new Set([requester, ...holders])].filter((u): u is string => !!u && u !== actor.userId);
    const org = await this.c.org.snapshot();
    await this.notify({
      to: { users: to },
      title: notices.commented({
        step: '',
        flow: model.name ?? model.processId,
        who: this.displayName(org, actor.userId),
        ...(input.comment ? { comment: input.comment.slice(0, 80) } : {}),
      }),
      kind: 'approval.comment',
      link: `/requests/${instanceId}`,
      source: { type: 'instance', id: instanceId },
      key: `${instanceId}.comment.${entry.seq}`,
    });
    await recordIn(this.c.audit, actor.ctx, {
      action: `approval.${entry.action}`,
      resource: 'requests',
      resourceId: instanceId,
      details: { processId: doc.processId, attachments: input.attachments?.length ?? 0 },
    });
    return view;
  }
}

/** Variables an approver may set with an action, without the reserved approval record. */
function cleanVariables(variables: Variables | undefined): Variables {
  if (!variables) return {};
  return Object.fromEntries(Object.entries(variables).filter(([k]) => !RESERVED.has(k)));
}
