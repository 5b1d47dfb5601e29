// SLA work the flow models trigger with non-interrupting boundary timers followed by a service
// task (workers/src/actions/approvals.ts):
//   approval.remind     notifies whoever holds the open tasks (of one step, or all)
//   approval.escalate   reassigns each overdue task to the next manager up (mode "reassign",
//                       the default) or tells that manager (mode "notify"); with nobody above,
//                       the administrators are told.
// Both run at least once per timer firing: the job's idempotency key makes a re-run change and
// notify nothing new (the key is kept on the task and in the notification keys).
import { notices } from '#engine/core/approvals/messages.ts';
import { requesterOf } from '#engine/core/approvals/access.ts';
import type { FlowEvent } from '#engine/core/flows/events.ts';
import type { InstanceState, Token } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { OrgChart, OrgView } from '../org/org-chart.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';
import type { ApprovalNotifier } from './ports.ts';
import type { RequestViews } from './request-views.ts';
import type { NoticeSubject } from '#engine/core/approvals/messages.ts';

interface Deps {
  flows: FlowService;
  org: OrgChart;
  notifier: ApprovalNotifier;
  views?: RequestViews;
  audit?: AuditSink;
}

export interface SlaOptions {
  /** Only tasks of this step (default: every open approval task of the instance). */
  elementId?: string;
  /** Stable per timer firing (the job's idempotency key). */
  key: string;
}

function openTasks(doc: InstanceState, elementId?: string): Token[] {
  return Object.values(doc.tokens).filter(
    (t) =>
      t.task &&
      t.state === 'waiting' &&
      (!elementId || t.elementId === elementId) &&
      t.task.attributes?.kind !== 'resubmit',
  );
}

const taskIdOf = (doc: InstanceState, t: Token): string => `${doc.id}-${t.id}`;

export class ApprovalEscalation {
  constructor(private readonly d: Deps) {}

  /** The step and the request as notices name them (title and amount when it has a form). */
  private async names(doc: InstanceState, model: ProcessModel, t: Token): Promise<NoticeSubject> {
    const flow = model.name ?? model.processId;
    return {
      step: model.elements[t.elementId]?.name ?? t.elementId,
      flow: this.d.views ? await this.d.views.label(doc, flow).catch(() => flow) : flow,
    };
  }

  async remind(instanceId: string, options: SlaOptions): Promise<{ reminded: string[] }> {
    const doc = await this.d.flows.runtime.instances.get(instanceId);
    if (!doc || doc.status !== 'active') return { reminded: [] };
    const model = await this.d.flows.definitions.model(doc.definitionKey);
    const reminded: string[] = [];
    for (const t of openTasks(doc, options.elementId)) {
      const task = t.task!;
      const taskId = taskIdOf(doc, t);
      await this.d.notifier.send({
        to: task.assignee
          ? { users: [task.assignee] }
          : {
              ...(task.candidateUsers ? { users: task.candidateUsers } : {}),
              ...(task.candidateGroups ? { roles: task.candidateGroups } : {}),
            },
        title: notices.reminder({
          ...(await this.names(doc, model, t)),
          ...(task.dueDate ? { due: task.dueDate } : {}),
        }),
        kind: 'task.reminder',
        link: `/inbox/${taskId}`,
        source: { type: 'task', id: taskId },
        key: `${options.key}.${taskId}.remind`,
      });
      reminded.push(taskId);
    }
    return { reminded };
  }

  async escalate(
    instanceId: string,
    options: SlaOptions & { mode?: 'reassign' | 'notify' },
  ): Promise<{ escalated: Array<{ taskId: string; from: string; to: string | null }> }> {
    const mode = options.mode ?? 'reassign';
    const org = await this.d.org.snapshot();
    const doc0 = await this.d.flows.runtime.instances.get(instanceId);
    if (!doc0 || doc0.status !== 'active') return { escalated: [] };
    const model = await this.d.flows.definitions.model(doc0.definitionKey);
    const keysOf = (t: Token): string[] => (t.task!.attributes?.escalationKeys as string[] | undefined) ?? [];
    const plan = (doc: InstanceState) =>
      openTasks(doc, options.elementId)
        // A task this firing already handled (its job ran before) is left alone.
        .filter(
          (t) => t.task!.assignee && !t.task!.attributes?.delegatedBy && !keysOf(t).includes(options.key),
        )
        .map((t) => ({
          token: t,
          from: t.task!.assignee!,
          to: nextUp(org, t.task!.assignee!, requesterOf(doc)),
        }));
    let done: ReturnType<typeof plan> = [];
    // One write marks every task this firing handles (reassigned or only reported), so that a
    // re-run of the job finds nothing left to do.
    await this.d.flows.send(instanceId, (doc) => {
      done = doc.status === 'active' ? plan(doc) : [];
      const events: FlowEvent[] = done.map((p) => {
        const attrs = p.token.task!.attributes ?? {};
        const escalationKeys = [...keysOf(p.token), options.key].slice(-10);
        if (mode === 'notify' || !p.to)
          return { type: 'updateTask', tokenId: p.token.id, changes: { attributes: { escalationKeys } } };
        return {
          type: 'updateTask',
          tokenId: p.token.id,
          changes: {
            assignee: p.to,
            candidateUsers: null,
            candidateGroups: null,
            attributes: {
              escalatedFrom: p.from,
              escalations: Number(attrs.escalations ?? 0) + 1,
              escalationKeys,
              onBehalfOf: null,
            },
          },
          action: 'escalate',
          data: { from: p.from, to: p.to, reason: 'overdue' },
        };
      });
      return { type: 'batch', events };
    });
    for (const p of done) {
      const taskId = taskIdOf(doc0, p.token);
      const names = await this.names(doc0, model, p.token);
      const fromName = org.user(p.from)?.displayName ?? p.from;
      const base = { kind: 'task.escalated', link: `/inbox/${taskId}`, source: { type: 'task', id: taskId } };
      if (mode === 'reassign' && p.to) {
        await this.d.notifier.send({
          ...base,
          to: { users: [p.to] },
          title: notices.escalatedToYou({ ...names, from: fromName }),
          key: `${options.key}.${taskId}.escalated-to`,
        });
        await this.d.notifier.send({
          ...base,
          to: { users: [p.from] },
          title: notices.escalatedAway({ ...names, to: org.user(p.to)?.displayName ?? p.to }),
          key: `${options.key}.${taskId}.escalated-from`,
        });
        await recordAudit(this.d.audit, null, {
          action: 'approval.escalate',
          resource: 'tasks',
          resourceId: taskId,
          details: { instanceId, from: p.from, to: p.to, mode, key: options.key },
        });
      } else {
        // Notify mode, or nobody above: the manager (or the administrators) learn it is overdue.
        await this.d.notifier.send({
          ...base,
          to: p.to ? { users: [p.to] } : { roles: ['admin'] },
          title: notices.overdueReport({ ...names, holder: fromName }),
          key: `${options.key}.${taskId}.overdue`,
        });
      }
    }
    return { escalated: done.map((p) => ({ taskId: taskIdOf(doc0, p.token), from: p.from, to: p.to })) };
  }
}

/** The next active manager above a user, never the requester (they do not approve their own request). */
function nextUp(org: OrgView, userId: string, requester: string | null): string | null {
  for (const m of org.managers(userId, 10)) if (m !== requester) return m;
  return null;
}
