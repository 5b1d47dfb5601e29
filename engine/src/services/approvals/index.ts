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
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { FieldRules, type FieldRulesDeps } from './field-rules.ts';
import type { RequestDocuments } from './ports.ts';
import { RequestViews } from './request-views.ts';
import { ApprovalRoad } from './road.ts';

export { approvalStepContext, type ApprovalStepContext } from './step-context.ts';
export type { ActionInput, ActionResult } from './approval-service.ts';
export type { ApprovalNotifier, ApprovalNotice, RequestDocument, RequestDocuments } from './ports.ts';
export { APPROVAL_QUEUES } from './actions/pending-docs.ts';
export { FieldRules } from './field-rules.ts';

/** How long a one-tap approval can be undone before it is sent (APPROVAL_UNDO_SECONDS). */
export const DEFAULT_UNDO_WINDOW_MS = 5000;

export interface Approvals {
  actions: ApprovalService;
  inbox: ApprovalInbox;
  escalation: ApprovalEscalation;
  settings: ApprovalSettingsStore;
  outOfOffice: OutOfOfficeService;
  /** Requests as their readers see them: summaries, the form data a step may see. */
  views: RequestViews;
  /** Approval chains: before submitting (a dry run), and of a request. */
  road: ApprovalRoad;
  /** Which fields each step may edit, read or not see. */
  fields: FieldRules;
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
  /** The flow settings store (shared with whoever else reads them); made here when absent. */
  settings?: ApprovalSettingsStore;
  /** The records behind requests (summaries, step fields); absent: requests show no summary. */
  documents?: RequestDocuments;
  /** Where a flow's field permissions come from besides its settings (its catalogue entry). */
  entryPermissions?: FieldRulesDeps['entryPermissions'];
  /** A flow's steps and form fields (to check permissions an analyst sets). */
  shape?: FieldRulesDeps['shape'];
  /** Where held approvals are sent from when their undo window ends; absent: no undo window. */
  queue?: JobQueue;
  undoWindowMs?: number;
}): Promise<Approvals> {
  const org = deps.org ?? new OrgChart(deps.store);
  const notifier = withChannels(deps.notifier ?? silentNotifier, deps.channels ?? []);
  const settings = deps.settings ?? new ApprovalSettingsStore(deps.store, deps.clock, deps.audit);
  const fields = new FieldRules({
    settings,
    ...(deps.entryPermissions ? { entryPermissions: deps.entryPermissions } : {}),
    ...(deps.shape ? { shape: deps.shape } : {}),
  });
  const outOfOffice = new OutOfOfficeService(deps.store, deps.clock, org, deps.audit);
  const views = new RequestViews({
    flows: deps.flows,
    ...(deps.documents ? { documents: deps.documents } : {}),
    fields,
  });
  const actions = new ApprovalService({
    store: deps.store,
    clock: deps.clock,
    flows: deps.flows,
    org,
    settings,
    notifier,
    views,
    fields,
    ...(deps.queue ? { queue: deps.queue } : {}),
    undoWindowMs: deps.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const road = new ApprovalRoad({ clock: deps.clock, flows: deps.flows, org, views });
  const inbox = new ApprovalInbox({
    clock: deps.clock,
    flows: deps.flows,
    org,
    cc: actions.cc,
    views,
    held: (userId) => actions.heldBy(userId),
  });
  const escalation = new ApprovalEscalation({
    flows: deps.flows,
    org,
    notifier,
    views,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const listeners = new ApprovalListeners({
    store: deps.store,
    clock: deps.clock,
    flows: deps.flows,
    org,
    notifier,
    views,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  await Promise.all([actions.init(), inbox.init(), outOfOffice.init()]);
  const detach = listeners.attach();
  return {
    actions,
    inbox,
    escalation,
    settings,
    outOfOffice,
    views,
    road,
    fields,
    detach,
  };
}
