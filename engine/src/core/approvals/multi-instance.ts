// The multi-instance completion rule of approval tasks (the flow core's inner-instance hook):
// counts approvals and rejections on the body (numberOfApprovals, numberOfRejections) and ends
// the body as soon as its mode decides it — countersign at the first rejection, or-sign at the
// first decision, vote when the threshold is reached or can no longer be.
import type { InnerInstanceCompleted } from '../flows/step-context.ts';
import { multiInstanceDecided } from './outcomes.ts';
import { taskRules, type ApprovalSettings } from './settings.ts';

export function approvalInnerInstanceRule(
  settings: ApprovalSettings,
  progress: InnerInstanceCompleted,
): { done?: boolean; variables?: Record<string, unknown> } | undefined {
  const outcome = progress.inner.outcome;
  if (outcome !== 'approved' && outcome !== 'rejected') return undefined;
  const approvals = Number(progress.body.numberOfApprovals ?? 0) + (outcome === 'approved' ? 1 : 0);
  const rejections = Number(progress.body.numberOfRejections ?? 0) + (outcome === 'rejected' ? 1 : 0);
  const items = Number(progress.body.numberOfInstances ?? 0);
  const { mode } = taskRules(settings, progress.headers);
  return {
    done: multiInstanceDecided(mode, { items, approvals, rejections }, outcome),
    variables: { numberOfApprovals: approvals, numberOfRejections: rejections },
  };
}
