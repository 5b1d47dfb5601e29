// What approvals do when the flow engine reports an effect (at least once, from whichever process
// wrote the step — API or worker): notify whoever a new task is for (and the absent user whose
// proxy got it), tell the requester how their request ended, alert admins when nobody can take a
// task, and audit what the system did on its own (auto-approvals, skips, proxy assignments).
// Notifications carry idempotency keys; audit entries are written once per effect (a marker
// document per effect guards against re-delivery).
import { notices } from '#engine/core/approvals/messages.ts';
import type { Effect, TaskView } from '#engine/core/flows/events.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { DuplicateKeyError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { EffectInfo } from '../flows/runtime.ts';
import type { OrgChart } from '../org/org-chart.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';
import type { ApprovalNotifier } from './ports.ts';
import type { RequestViews } from './request-views.ts';
import type { NoticeSubject } from '#engine/core/approvals/messages.ts';

export const APPROVAL_EVENTS = 'approval_events';

interface Deps {
  store: DocumentStore;
  clock: Clock;
  flows: FlowService;
  org: OrgChart;
  notifier: ApprovalNotifier;
  views?: RequestViews;
  audit?: AuditSink;
}

export class ApprovalListeners {
  private readonly markers: Collection<{ at: string }>;

  constructor(private readonly d: Deps) {
    this.markers = d.store.collection(APPROVAL_EVENTS);
  }

  attach(): () => void {
    const offs = [
      this.d.flows.on('task.opened', (e, info) => this.taskOpened(e, info)),
      this.d.flows.on('task.closed', (e, info) => this.taskClosed(e, info)),
      this.d.flows.on('instance.ended', (e, info) => this.instanceEnded(e, info)),
      this.d.flows.on('incident.raised', (e, info) => this.incidentRaised(e, info)),
    ];
    return () => offs.forEach((off) => off());
  }

  /** True the first time for this effect (and purpose). */
  private async once(info: EffectInfo, effect: Effect, what: string): Promise<boolean> {
    try {
      await this.markers.insert({
        id: `${info.instanceId}.${effect.id}.${what}`,
        at: new Date(this.d.clock.now()).toISOString(),
      });
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  private async flowName(info: EffectInfo): Promise<string> {
    try {
      const model = await this.d.flows.definitions.model(`${info.processId}@${info.version}`);
      return model.name ?? info.processId;
    } catch {
      return info.processId;
    }
  }

  /** The request as notices name it: its name, title and amount (or the flow's name alone). */
  private async requestName(
    info: EffectInfo,
    variables?: Record<string, unknown>,
  ): Promise<NoticeSubject['flow']> {
    const flow = await this.flowName(info);
    if (!this.d.views) return flow;
    const vars = variables ?? (await this.d.flows.runtime.instances.get(info.instanceId))?.variables;
    if (!vars) return flow;
    return this.d.views.label({ processId: info.processId, variables: vars }, flow).catch(() => flow);
  }

  private async taskOpened(effect: Effect, info: EffectInfo): Promise<void> {
    if (effect.kind !== 'task.opened') return;
    const task = effect.task;
    const flow = await this.requestName(info);
    const step = task.name ?? task.elementId;
    const onBehalfOf = typeof task.onBehalfOf === 'string' ? task.onBehalfOf : undefined;
    const base = {
      kind: 'task.assigned',
      link: `/inbox/${task.id}`,
      source: { type: 'task', id: task.id },
    };
    if (task.assignee) {
      const org = onBehalfOf ? await this.d.org.snapshot() : null;
      const absent = onBehalfOf ? (org?.user(onBehalfOf)?.displayName ?? onBehalfOf) : undefined;
      await this.d.notifier.send({
        ...base,
        to: { users: [task.assignee] },
        title: absent ? notices.assignedOnBehalf({ step, flow, absent }) : notices.assigned({ step, flow }),
        key: `${task.id}.opened`,
      });
      if (onBehalfOf) {
        const proxy = org?.user(task.assignee)?.displayName ?? task.assignee;
        await this.d.notifier.send({
          ...base,
          kind: 'task.proxied',
          to: { users: [onBehalfOf] },
          title: notices.wentToProxy({ step, flow, proxy }),
          key: `${task.id}.proxied`,
        });
        if (await this.once(info, effect, 'proxy'))
          await recordAudit(this.d.audit, null, {
            action: 'approval.proxy-assign',
            resource: 'tasks',
            resourceId: task.id,
            details: {
              instanceId: info.instanceId,
              assignee: task.assignee,
              onBehalfOf,
              elementId: task.elementId,
            },
          });
      }
      if (task.fallback && (await this.once(info, effect, 'fallback')))
        await recordAudit(this.d.audit, null, {
          action: 'approval.fallback-assign',
          resource: 'tasks',
          resourceId: task.id,
          details: { instanceId: info.instanceId, assignee: task.assignee, reason: task.fallbackReason },
        });
      return;
    }
    await this.d.notifier.send({
      ...base,
      to: {
        ...(task.candidateUsers?.length ? { users: task.candidateUsers } : {}),
        ...(task.candidateGroups?.length ? { roles: task.candidateGroups } : {}),
      },
      title: notices.assigned({ step, flow }),
      key: `${task.id}.opened`,
    });
  }

  private async taskClosed(effect: Effect, info: EffectInfo): Promise<void> {
    if (effect.kind !== 'task.closed') return;
    const task: TaskView = effect.task;
    if (task.action !== 'auto-approve' && task.action !== 'skip') return;
    if (!(await this.once(info, effect, 'auto'))) return;
    await recordAudit(this.d.audit, null, {
      action: task.action === 'skip' ? 'approval.skip' : 'approval.auto-approve',
      resource: 'tasks',
      resourceId: task.id,
      details: {
        instanceId: info.instanceId,
        elementId: task.elementId,
        ...(task.comment ? { reason: task.comment } : {}),
      },
    });
  }

  private async instanceEnded(effect: Effect, info: EffectInfo): Promise<void> {
    if (effect.kind !== 'instance.ended') return;
    const doc = await this.d.flows.runtime.instances.get(info.instanceId);
    if (!doc) return;
    const approval = doc.variables.approval as { outcome?: unknown; by?: unknown } | undefined;
    const requesterVar = doc.variables.requester as { id?: unknown } | undefined;
    const requester = typeof requesterVar?.id === 'string' ? requesterVar.id : doc.startedBy;
    if (!requester) return;
    const outcome =
      effect.status === 'cancelled'
        ? approval?.outcome === 'withdrawn'
          ? 'withdrawn'
          : 'cancelled'
        : typeof approval?.outcome === 'string' && approval.outcome !== 'returned'
          ? approval.outcome
          : 'completed';
    // The requester withdrew it themselves: nothing to tell them.
    if (outcome === 'withdrawn' && approval?.by === requester) return;
    await this.d.notifier.send({
      to: { users: [requester] },
      title: notices.ended({ step: '', flow: await this.requestName(info, doc.variables), outcome }),
      kind: `request.${outcome}`,
      link: `/requests/${info.instanceId}`,
      source: { type: 'instance', id: info.instanceId },
      key: `${info.instanceId}.ended`,
    });
  }

  private async incidentRaised(effect: Effect, info: EffectInfo): Promise<void> {
    if (effect.kind !== 'incident.raised' || effect.incident.kind !== 'assignment-failed') return;
    const flow = await this.requestName(info);
    await this.d.notifier.send({
      to: { roles: ['admin'] },
      title: notices.noApprover({ step: effect.incident.elementId, flow, reason: effect.incident.message }),
      kind: 'approval.no-approver',
      link: `/admin/incidents`,
      source: { type: 'instance', id: info.instanceId },
      key: `${info.instanceId}.${effect.incident.id}.no-approver`,
    });
  }
}
