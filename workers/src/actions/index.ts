// The platform's built-in actions. Other features register theirs on the same registry
// (record.create, ledger.post, notify, http.request …).
import type { Approvals } from '#engine/services/approvals/index.ts';
import { approvalActions, type ApprovalsProvider } from './approvals.ts';
import { computeAction } from './compute.ts';
import { platformActions, type ActionServicesProvider } from './platform.ts';
import { ActionRegistry } from './registry.ts';
import { testActions } from './testing.ts';

export type { ActionServices, ActionServicesProvider } from './platform.ts';
export {
  ActionRegistry,
  BpmnError,
  type ActionContext,
  type ActionDefinition,
  type ActionResult,
} from './registry.ts';

export type { ApprovalsProvider } from './approvals.ts';

export function defaultActions(
  options: { testActions?: boolean; services?: ActionServicesProvider; approvals?: ApprovalsProvider } = {},
): ActionRegistry {
  // The platform actions are always registered, so their names are known to BPMN and
  // module validation; they run once `services` returns the wired platform.
  const registry = new ActionRegistry().register(
    computeAction,
    ...platformActions(options.services ?? (() => undefined)),
    // Approval SLA actions (reminders, escalation): known everywhere, run once approvals are wired.
    ...approvalActions(
      options.approvals ?? (() => (options.services?.() as { approvals?: Approvals } | undefined)?.approvals),
    ),
  );
  if (options.testActions) registry.register(...testActions);
  return registry;
}
