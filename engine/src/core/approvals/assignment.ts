// Who gets a user task (the flow core's assignment hook, pure): the modelled assignee and
// candidates, checked against the org chart, then the per-flow rules —
//   1. nobody who can act (no assignee, inactive users, empty groups) → auto-approve if the flow
//      says so, else its fallback: skip, assign to a user (default: an administrator), incident;
//   2. auto-approve when the requester is the approver, or when the same person approved the
//      previous step;
//   3. an absent assignee's task goes to their out-of-office proxy "on behalf of" them.
// Every auto-approval and skip is completed with a recorded reason, so the history shows it.
import type { AssignmentDecision, AssignmentInput } from '../flows/step-context.ts';
import type { HistoryEntry } from '../flows/instance.ts';
import type { OrgView } from '../org/org-view.ts';
import { decisionVariables } from './outcomes.ts';
import { resolveProxy, type OutOfOffice } from './proxies.ts';
import { taskRules, type ApprovalSettings } from './settings.ts';

export const ADMIN_ROLE = 'admin';

export interface AssignmentEnv {
  org: OrgView;
  settings: ApprovalSettings;
  outOfOffice: readonly OutOfOffice[];
  now: number;
  requesterId: string | null;
}

export type AutoReason = 'no-approver' | 'requester-is-approver' | 'same-approver';

const isActive = (org: OrgView, id: string | undefined): id is string =>
  !!id && org.user(id)?.active === true;

/** The most recent decision a person made on a task of this instance (auto-approvals do not count). */
export function lastHumanApproval(history: readonly HistoryEntry[]): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.type === 'task.completed' && h.by) return h.outcome === 'approved' ? h : undefined;
  }
  return undefined;
}

export function decideAssignment(input: AssignmentInput, env: AssignmentEnv): AssignmentDecision {
  const { org } = env;
  // Without a directory (a store nobody has set up, e.g. an engine-only test) there is nothing to
  // check people against: the task goes as modelled.
  if (org.userCount === 0) return { kind: 'assign' };
  const rules = taskRules(env.settings, input.headers);
  const at = new Date(env.now).toISOString();
  const taskId = `${input.instance.id}-${input.tokenId}`;
  const label = input.name ? `"${input.name}" (${input.elementId})` : input.elementId;

  const complete = (outcome: 'approved' | 'skipped', reason: AutoReason | 'skipped', comment: string) => {
    const { approval, approvals } = decisionVariables(input.variables, {
      outcome,
      elementId: input.elementId,
      taskId,
      at,
      auto: reason,
    });
    // A skipped step decides nothing: the latest decision (`approval`) stays what it was.
    const variables = outcome === 'skipped' ? { approvals } : { approval, approvals };
    const decision: AssignmentDecision = {
      kind: 'complete',
      outcome: outcome === 'approved' ? 'auto-approved' : 'skipped',
      localVariables: { outcome },
      variables,
      comment,
      action: outcome === 'approved' ? 'auto-approve' : 'skip',
      data: { reason },
    };
    return decision;
  };

  // 1. Who can act, as modelled.
  const notes: string[] = [];
  let assignee = input.assignee;
  if (assignee !== undefined && !isActive(org, assignee)) {
    notes.push(`${assignee} is ${org.user(assignee) ? 'inactive' : 'not a user'}`);
    assignee = undefined;
  }
  const candidateUsers = (input.candidateUsers ?? []).filter((u) => isActive(org, u));
  const candidateGroups = (input.candidateGroups ?? []).filter((g) => org.membersOfRole(g).length > 0);
  for (const g of input.candidateGroups ?? [])
    if (!candidateGroups.includes(g)) notes.push(`nobody holds role ${g}`);
  if (!assignee && candidateUsers.length === 0 && candidateGroups.length === 0) {
    const why = notes.length ? notes.join('; ') : 'the assignment resolved to nobody';
    if (rules.autoApprove.noApprover)
      return complete('approved', 'no-approver', `Auto-approved: no approver found for ${label} (${why}).`);
    const fb = rules.noAssigneeFallback;
    if (fb.type === 'skip')
      return complete('skipped', 'skipped', `Skipped: no approver found for ${label} (${why}).`);
    if (fb.type === 'assign') {
      const target = fb.user ?? org.membersOfRole(ADMIN_ROLE).find((u) => u !== env.requesterId);
      if (target && isActive(org, target))
        return {
          kind: 'assign',
          assignee: target,
          candidateUsers: [],
          candidateGroups: [],
          attributes: { fallback: 'no-approver', fallbackReason: why },
        };
      return {
        kind: 'incident',
        message: `No approver for ${label} (${why}), and the fallback user ${target ?? '(an administrator)'} cannot act.`,
      };
    }
    return {
      kind: 'incident',
      message: `No approver for ${label}: ${why}. Fix the org chart or the flow, then retry.`,
    };
  }

  // 2. Auto-approval rules (they look at the person the task was meant for).
  if (assignee) {
    if (rules.autoApprove.requesterIsApprover && env.requesterId && assignee === env.requesterId)
      return complete('approved', 'requester-is-approver', `Auto-approved: ${assignee} is the requester.`);
    if (
      rules.autoApprove.sameApproverConsecutive &&
      lastHumanApproval(input.instance.history)?.by === assignee
    )
      return complete('approved', 'same-approver', `Auto-approved: ${assignee} approved the previous step.`);
  }

  // 3. Out-of-office proxies (never the requester: nobody approves their own request).
  const attributes: Record<string, unknown> = {};
  const canProxy = (u: string): boolean => isActive(org, u) && u !== env.requesterId;
  if (rules.proxies && env.outOfOffice.length) {
    if (assignee) {
      const r = resolveProxy(assignee, env.outOfOffice, env.now, canProxy);
      if (r.onBehalfOf) {
        attributes.onBehalfOf = r.onBehalfOf;
        if (r.chain.length > 2) attributes.proxyChain = r.chain;
        assignee = r.assignee;
      }
    }
    const proxiesFor: Record<string, string> = {};
    for (let i = 0; i < candidateUsers.length; i++) {
      const r = resolveProxy(candidateUsers[i]!, env.outOfOffice, env.now, canProxy);
      if (r.onBehalfOf) {
        proxiesFor[r.assignee] = r.onBehalfOf;
        candidateUsers[i] = r.assignee;
      }
    }
    if (Object.keys(proxiesFor).length) attributes.proxiesFor = proxiesFor;
  }
  return {
    kind: 'assign',
    ...(assignee ? { assignee } : { assignee: '' }),
    candidateUsers: [...new Set(candidateUsers)],
    candidateGroups,
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}
