// The rows of a user's task lists (open tasks, done tasks): one task view as the inbox shows it,
// how the open list is ordered, and the counts shown beside it. Pure: the task views, the process
// model and the org chart come from the caller (inbox.ts).
import type { RequestSummary } from '#engine/core/approvals/summary.ts';
import type { TaskView } from '#engine/core/flows/events.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import { nameIn, stepNameIn, type NameLocale } from '#engine/core/flows/names/localized-name.ts';
import type { OrgView } from '../org/org-chart.ts';

export interface InboxItem {
  id: string;
  instanceId: string;
  processId: string;
  processName: string;
  elementId: string;
  name: string;
  state: TaskView['state'];
  /** approval, resubmit (returned to me), delegated (someone asked me), group (claim it). */
  kind: 'approval' | 'resubmit' | 'delegated' | 'group';
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  requester?: string;
  requesterName?: string;
  businessKey?: string;
  formId?: string;
  createdAt: string;
  dueDate?: string;
  overdue: boolean;
  priority?: number;
  onBehalfOf?: string;
  delegatedBy?: string;
  completedAt?: string;
  completedBy?: string;
  outcome?: string;
  /** The request's title, amount and key fields as this step may see them (absent: no form). */
  summary?: RequestSummary;
}

export interface InboxFilter {
  processId?: string;
  elementId?: string;
  overdue?: boolean;
  /** Text in the step or flow name, the business key or the requester. */
  q?: string;
}

export interface InboxCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  returned: number;
  byProcess: Record<string, number>;
}

/** A task view as an inbox row; `model` is null when the task's process version is gone. */
export function inboxItemOf(
  t: TaskView,
  model: ProcessModel | null,
  org: OrgView,
  now: number,
  locale: NameLocale,
): InboxItem {
  const due = t.dueDate ? Date.parse(t.dueDate) : NaN;
  const kind: InboxItem['kind'] =
    t.kind === 'resubmit'
      ? 'resubmit'
      : typeof t.delegatedBy === 'string'
        ? 'delegated'
        : !t.assignee
          ? 'group'
          : 'approval';
  return {
    id: t.id,
    instanceId: t.instanceId,
    processId: t.processId,
    processName: nameIn(model, locale, t.processId),
    elementId: t.elementId,
    name: stepNameIn(t.name, model?.elements[t.elementId], locale, t.elementId),
    state: t.state,
    kind,
    ...(t.assignee ? { assignee: t.assignee } : {}),
    ...(t.candidateUsers?.length ? { candidateUsers: t.candidateUsers } : {}),
    ...(t.candidateGroups?.length ? { candidateGroups: t.candidateGroups } : {}),
    ...(t.requester
      ? { requester: t.requester, requesterName: org.user(t.requester)?.displayName ?? t.requester }
      : {}),
    ...(t.businessKey ? { businessKey: t.businessKey } : {}),
    ...(t.formId ? { formId: t.formId } : {}),
    createdAt: t.createdAt,
    ...(t.dueDate ? { dueDate: t.dueDate } : {}),
    overdue: t.state === 'open' && Number.isFinite(due) && due < now,
    ...(t.priority !== undefined ? { priority: t.priority } : {}),
    ...(typeof t.onBehalfOf === 'string' ? { onBehalfOf: t.onBehalfOf } : {}),
    ...(typeof t.delegatedBy === 'string' ? { delegatedBy: t.delegatedBy } : {}),
    ...(t.completedAt ? { completedAt: t.completedAt } : {}),
    ...(t.completedBy ? { completedBy: t.completedBy } : {}),
    ...(t.outcome ? { outcome: t.outcome } : {}),
  };
}

export function countsOf(items: InboxItem[], now: number): InboxCounts {
  const byProcess: Record<string, number> = {};
  for (const i of items) byProcess[i.processId] = (byProcess[i.processId] ?? 0) + 1;
  return {
    open: items.length,
    overdue: items.filter((i) => i.overdue).length,
    dueSoon: items.filter((i) => !i.overdue && i.dueDate && Date.parse(i.dueDate) - now <= 86_400_000).length,
    returned: items.filter((i) => i.kind === 'resubmit').length,
    byProcess,
  };
}

/** Overdue first (most overdue first), then by due date, then the oldest. */
export function inboxOrder(a: InboxItem, b: InboxItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.dueDate ? Date.parse(a.dueDate) : Infinity;
  const db = b.dueDate ? Date.parse(b.dueDate) : Infinity;
  if (da !== db) return da - db;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}
