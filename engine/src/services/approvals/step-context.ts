// The approvals layer inside every flow step: before a step the runtime asks for its context,
// which loads what the pure rules need — an org-chart snapshot, the flow's approval settings and
// the out-of-office entries in force — and hands the flow core
//   feel                     requester + manager(), managers(), deptHead(), role(), usersOf()
//   assignTask               org-checked assignees, auto-approval, fallback, proxies
//   innerInstanceCompleted   countersign / or-sign / vote
// The same function runs in the API and in the workers (timers, service tasks), so a task created
// by either is assigned alike.
import { decideAssignment } from '#engine/core/approvals/assignment.ts';
import { approvalInnerInstanceRule } from '#engine/core/approvals/multi-instance.ts';
import { approvalFeelContext, requesterIdOf } from '#engine/core/approvals/org-functions.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import type { StepContext } from '#engine/core/flows/step-context.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { OrgChart } from '../org/org-chart.ts';
import { OutOfOfficeService } from './out-of-office.ts';
import { ApprovalSettingsStore } from './settings-store.ts';

export type ApprovalStepContext = (instance: Readonly<InstanceState>) => Promise<Omit<StepContext, 'now'>>;

export function approvalStepContext(deps: {
  store: DocumentStore;
  clock: Clock;
  org?: OrgChart;
  settings?: ApprovalSettingsStore;
  outOfOffice?: OutOfOfficeService;
}): ApprovalStepContext {
  const org = deps.org ?? new OrgChart(deps.store);
  const settingsStore = deps.settings ?? new ApprovalSettingsStore(deps.store, deps.clock);
  const ooo = deps.outOfOffice ?? new OutOfOfficeService(deps.store, deps.clock, org);
  return async (instance) => {
    const [view, settings, away] = await Promise.all([
      org.snapshot(),
      settingsStore.get(instance.processId),
      ooo.current(),
    ]);
    const requesterId = requesterIdOf(instance);
    return {
      feel: approvalFeelContext(view, requesterId, instance.variables),
      // The step's time is read when the hook runs: the runtime sets `now` from the same clock.
      assignTask: (input) =>
        decideAssignment(input, {
          org: view,
          settings,
          outOfOffice: away,
          now: deps.clock.now(),
          requesterId,
        }),
      innerInstanceCompleted: (progress) => approvalInnerInstanceRule(settings, progress),
    };
  };
}
