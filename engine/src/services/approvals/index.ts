// Approvals on top of the flow engine, wired over the ports. Two steps, because the flow service
// needs the approvals' step context and the approval actions need the flow service:
//
//   const stepContext = approvalStepContext({ store, clock, org });
//   const flows = new FlowService({ …, stepContext });
//   const approvals = await createApprovals({ store, clock, flows, org, audit, notifier });
//
// The composition root (platform/compose.ts) does this once per process, API and worker alike.
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { FlowService } from '../flows/flow-service.ts';
import { OrgChart } from '../org/org-chart.ts';
import { ApprovalService } from './approval-service.ts';
import { ApprovalEscalation } from './escalation.ts';
import { ApprovalInbox } from './inbox.ts';
import { ApprovalListeners } from './listeners.ts';
import { OutOfOfficeService } from './out-of-office.ts';
import type { AuditSink } from '../audit/record-audit.ts';
import { silentNotifier, type ApprovalNotifier } from './ports.ts';
import { ApprovalSettingsStore } from './settings-store.ts';

export { approvalStepContext, type ApprovalStepContext } from './step-context.ts';
export type { ActionInput, ActionResult } from './approval-service.ts';
export type { ApprovalNotifier, ApprovalNotice } from './ports.ts';

export interface Approvals {
  actions: ApprovalService;
  inbox: ApprovalInbox;
  escalation: ApprovalEscalation;
  settings: ApprovalSettingsStore;
  outOfOffice: OutOfOfficeService;
  /** Stops the effect listeners (tests; a process that keeps running without approvals). */
  detach(): void;
}

/**
 * Besides the in-app centre, what leaves through the notification channels the platform has: every
 * approval notice by e-mail (discussion aside), escalations and reminders by SMS too.
 */
export function withChannels(notifier: ApprovalNotifier, available: readonly string[]): ApprovalNotifier {
  if (!available.length) return notifier;
  return {
    send(notice) {
      const channels: string[] = [];
      if (available.includes('email') && notice.kind !== 'approval.comment') channels.push('email');
      if (available.includes('sms') && (notice.kind === 'task.escalated' || notice.kind === 'task.reminder'))
        channels.push('sms');
      return notifier.send(channels.length ? { ...notice, channels } : notice);
    },
  };
}

export async function createApprovals(deps: {
  store: DocumentStore;
  clock: Clock;
  flows: FlowService;
  org?: OrgChart;
  audit?: AuditSink;
  notifier?: ApprovalNotifier;
  /** Channel names the notifier can deliver through besides the in-app centre (email, sms). */
  channels?: readonly string[];
}): Promise<Approvals> {
  const org = deps.org ?? new OrgChart(deps.store);
  const notifier = withChannels(deps.notifier ?? silentNotifier, deps.channels ?? []);
  const settings = new ApprovalSettingsStore(deps.store, deps.clock, deps.audit);
  const outOfOffice = new OutOfOfficeService(deps.store, deps.clock, org, deps.audit);
  const actions = new ApprovalService({
    store: deps.store,
    clock: deps.clock,
    flows: deps.flows,
    org,
    settings,
    notifier,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const inbox = new ApprovalInbox({ clock: deps.clock, flows: deps.flows, org, cc: actions.cc });
  const escalation = new ApprovalEscalation({
    flows: deps.flows,
    org,
    notifier,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const listeners = new ApprovalListeners({
    store: deps.store,
    clock: deps.clock,
    flows: deps.flows,
    org,
    notifier,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  await Promise.all([actions.init(), inbox.init(), outOfOffice.init()]);
  const detach = listeners.attach();
  return { actions, inbox, escalation, settings, outOfOffice, detach };
}
