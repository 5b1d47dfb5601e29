// Approval outcomes as variables, so that gateways can route on them:
//   approval                 the latest decision: { outcome, by, onBehalfOf?, comment?, elementId, taskId, at, auto? }
//   approvals.<elementId>    per task: { outcome, by, comment?, at, decisions: [{ by, outcome, at }] }
// (a multi-instance task keeps every signer's decision in `decisions`). The task's own local
// variable `outcome` is set as well (output mappings and completion conditions read it).
//
// Multi-instance approval tasks follow their mode (task header approvalMode): countersign "all"
// ends at the first rejection, or-sign "any" at the first decision, "vote" as soon as the result
// is decided (enough approvals, or too many rejections to reach the threshold). The body's local
// variables numberOfApprovals and numberOfRejections are visible to completion conditions.
import type { ApprovalMode } from './settings.ts';

export type ApprovalOutcome =
  | 'approved'
  | 'rejected'
  | 'returned'
  | 'withdrawn'
  | 'skipped'
  | 'auto-approved'
  | 'cancelled'
  | 'completed';

export interface Decision {
  outcome: string;
  elementId: string;
  taskId: string;
  at: string;
  by?: string;
  onBehalfOf?: string;
  comment?: string;
  /** An auto-approval or a skip: nobody acted. */
  auto?: string;
}

interface TaskResult {
  outcome: string;
  at: string;
  by?: string;
  comment?: string;
  decisions: Array<{ by?: string; outcome: string; at: string; onBehalfOf?: string; auto?: string }>;
}

/** The variables one decision sets, merged with what the instance already holds. */
export function decisionVariables(
  current: Readonly<Record<string, unknown>>,
  d: Decision,
): Record<string, unknown> {
  const approval: Record<string, unknown> = {
    outcome: d.outcome,
    elementId: d.elementId,
    taskId: d.taskId,
    at: d.at,
  };
  if (d.by) approval.by = d.by;
  if (d.onBehalfOf) approval.onBehalfOf = d.onBehalfOf;
  if (d.comment) approval.comment = d.comment;
  if (d.auto) approval.auto = d.auto;
  const all =
    current.approvals && typeof current.approvals === 'object' && !Array.isArray(current.approvals)
      ? (current.approvals as Record<string, TaskResult>)
      : {};
  const previous = all[d.elementId];
  const decisions = [...(Array.isArray(previous?.decisions) ? previous.decisions : [])];
  decisions.push({
    outcome: d.outcome,
    at: d.at,
    ...(d.by ? { by: d.by } : {}),
    ...(d.onBehalfOf ? { onBehalfOf: d.onBehalfOf } : {}),
    ...(d.auto ? { auto: d.auto } : {}),
  });
  const result: TaskResult = {
    outcome: d.outcome,
    at: d.at,
    ...(d.by ? { by: d.by } : {}),
    ...(d.comment ? { comment: d.comment } : {}),
    decisions,
  };
  return { approval, approvals: { ...all, [d.elementId]: result } };
}

export interface VoteState {
  items: number;
  approvals: number;
  rejections: number;
}

/** Whether a multi-instance approval is decided after one more inner decision. */
export function multiInstanceDecided(mode: ApprovalMode, s: VoteState, outcome: string): boolean {
  if (outcome !== 'approved' && outcome !== 'rejected') return false;
  switch (mode.kind) {
    case 'all':
      return outcome === 'rejected';
    case 'any':
      return true;
    case 'vote': {
      const needed = Math.ceil(mode.threshold * s.items - 1e-9);
      if (s.approvals >= needed) return true;
      return s.items - s.rejections < needed;
    }
  }
}

/** The final outcome of a vote whose result is decided or whose signers all decided. */
export function voteOutcome(mode: ApprovalMode, s: VoteState): 'approved' | 'rejected' {
  if (mode.kind === 'all') return s.rejections > 0 ? 'rejected' : 'approved';
  if (mode.kind === 'any') return s.approvals > 0 ? 'approved' : 'rejected';
  return s.approvals >= Math.ceil(mode.threshold * s.items - 1e-9) ? 'approved' : 'rejected';
}
