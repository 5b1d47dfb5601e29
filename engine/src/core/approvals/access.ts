// Who may do what with an approval task or request (pure, over the instance state):
// - a task's holders act on it: its assignee, or — while nobody has claimed it — its candidate
//   users and the members of its candidate groups (roles);
// - a request's participants see it: the requester, the holders of its open tasks, everyone who
//   acted on it, those it was CC'd to, and the absent users tasks went to proxies for.
import type { HistoryEntry, InstanceState, Token, UserTaskState } from '../flows/instance.ts';

export interface ApprovalActor {
  userId: string;
  /** Role ids (a candidate group is a role). */
  roles: readonly string[];
  /** May see and manage every task (transfer for someone absent, act as an administrator). */
  admin?: boolean;
  /** The reader's language: step and flow names are shown in it. */
  locale?: 'en' | 'zh-CN';
}

export type HolderKind = 'assignee' | 'candidate';

/**
 * How the actor holds an open task, or null. A requester never holds a task of their own request
 * through a group they belong to (a finance clerk does not approve their own expense claim); only
 * an explicit assignment (which the flow's auto-approve rules may settle) makes them its holder.
 */
export function holderOf(
  task: UserTaskState,
  actor: ApprovalActor,
  requester?: string | null,
): HolderKind | null {
  if (task.assignee) return task.assignee === actor.userId ? 'assignee' : null;
  if (requester && requester === actor.userId) return null;
  if (task.candidateUsers?.includes(actor.userId)) return 'candidate';
  if (task.candidateGroups?.some((g) => actor.roles.includes(g))) return 'candidate';
  return null;
}

/** Users named in a history entry as having acted or been addressed (CC, on behalf of …). */
function usersIn(h: HistoryEntry): string[] {
  const out: string[] = [];
  if (h.by) out.push(h.by);
  const d = h.data ?? {};
  for (const key of ['users', 'to', 'onBehalfOf', 'from', 'delegatedBy', 'signer']) {
    const v = d[key];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  const changes = d.changes as { assignee?: unknown } | undefined;
  if (changes && typeof changes.assignee === 'string') out.push(changes.assignee);
  return out;
}

export function requesterOf(instance: Pick<InstanceState, 'startedBy' | 'variables'>): string | null {
  const r = instance.variables?.requester as { id?: unknown } | undefined;
  if (r && typeof r.id === 'string' && r.id) return r.id;
  return instance.startedBy ?? null;
}

export function isParticipant(instance: InstanceState, actor: ApprovalActor): boolean {
  if (actor.admin) return true;
  if (requesterOf(instance) === actor.userId) return true;
  for (const t of Object.values(instance.tokens) as Token[]) {
    if (!t.task) continue;
    if (holderOf(t.task, actor)) return true;
    const attrs = t.task.attributes ?? {};
    if (attrs.onBehalfOf === actor.userId || attrs.delegatedBy === actor.userId) return true;
    const returnTo = attrs.returnTo;
    if (Array.isArray(returnTo) && returnTo.includes(actor.userId)) return true;
  }
  return instance.history.some((h) => usersIn(h).includes(actor.userId));
}

/** Did anyone other than the requester act on the request (recall is possible only before)? */
export function someoneActed(instance: InstanceState): boolean {
  const requester = requesterOf(instance);
  // A resubmission starts the approval over: only what approvers did since then counts (the
  // requester may recall a corrected request until someone acts on it again).
  const since = instance.history.findLastIndex((h) => h.action === 'resubmit' && h.by === requester);
  return instance.history
    .slice(since + 1)
    .some((h) => (h.type === 'task.completed' || h.type === 'task.updated') && !!h.by && h.by !== requester);
}

export type TaskActionName =
  | 'approve'
  | 'reject'
  | 'return'
  | 'transfer'
  | 'delegate'
  | 'addSigner'
  | 'claim'
  | 'unclaim'
  | 'resubmit'
  | 'recall'
  | 'cc'
  | 'comment';

/** The actions the actor may take on an open task (what the inbox shows as buttons). */
export function allowedActions(
  instance: InstanceState,
  token: Token,
  actor: ApprovalActor,
): TaskActionName[] {
  const task = token.task;
  if (!task || token.state !== 'waiting' || instance.status !== 'active') return [];
  const attrs = task.attributes ?? {};
  const holder = holderOf(task, actor, requesterOf(instance));
  const out: TaskActionName[] = [];
  if (attrs.kind === 'resubmit') {
    if (holder === 'assignee') out.push('resubmit', 'recall');
  } else if (typeof attrs.delegatedBy === 'string') {
    if (holder === 'assignee') out.push('approve', 'reject');
  } else if (holder) {
    out.push('approve', 'reject', 'return', 'transfer', 'delegate', 'addSigner');
    if (holder === 'candidate') out.push('claim');
    else if (task.candidateUsers?.length || task.candidateGroups?.length) out.push('unclaim');
  } else if (actor.admin) out.push('transfer');
  if (isParticipant(instance, actor)) out.push('cc', 'comment');
  return out;
}
