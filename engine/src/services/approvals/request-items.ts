// A request (a flow instance someone started) as its requester and participants read it: its
// status in words, the steps it waits at and who holds them, and the variables the reader may see.
// Pure: the instance, its model, the org chart and the summary come from the caller (inbox.ts).
import { requesterOf } from '#engine/core/approvals/access.ts';
import type { RequestSummary } from '#engine/core/approvals/summary.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import { nameIn, type NameLocale } from '#engine/core/flows/names/localized-name.ts';
import type { StoredInstance } from '../flows/runtime.ts';
import type { OrgView } from '../org/org-chart.ts';
import type { RequestDocumentView } from './request-views.ts';

export interface RequestItem {
  id: string;
  processId: string;
  processName: string;
  version: number;
  /** running, returned, incident, approved, rejected, withdrawn, cancelled, completed */
  status: string;
  businessKey?: string;
  requester?: string;
  startedAt: string;
  endedAt?: string;
  currentSteps: Array<{
    elementId: string;
    name: string;
    taskId: string;
    holders: string[];
    holderNames: string[];
  }>;
  /** The request's title, amount and key fields as the reader may see them (absent: no form). */
  summary?: RequestSummary;
}

/** An instance as a request row; `model` is null when its process version is gone. */
export function requestItemOf(
  doc: StoredInstance,
  model: ProcessModel | null,
  org: OrgView,
  summary: RequestSummary | undefined,
  locale?: NameLocale,
): RequestItem {
  const open = Object.values(doc.tokens).filter((t) => t.task && t.state === 'waiting');
  const currentSteps = open.map((t) => {
    const holders = t.task!.assignee
      ? [t.task!.assignee]
      : [
          ...(t.task!.candidateUsers ?? []),
          ...(t.task!.candidateGroups ?? []).flatMap((g) => org.membersOfRole(g)),
        ];
    return {
      elementId: t.elementId,
      name: nameIn(model?.elements[t.elementId], locale, t.elementId),
      taskId: `${doc.id}-${t.id}`,
      holders: [...new Set(holders)],
      holderNames: [...new Set(holders)].map((h) => org.user(h)?.displayName ?? h),
    };
  });
  const requester = requesterOf(doc);
  return {
    id: doc.id,
    processId: doc.processId,
    processName: nameIn(model, locale, doc.processId),
    version: doc.version,
    status: requestStatus(doc),
    ...(doc.businessKey ? { businessKey: doc.businessKey } : {}),
    ...(requester ? { requester } : {}),
    startedAt: new Date(doc.startedAt).toISOString(),
    ...(doc.endedAt !== undefined ? { endedAt: new Date(doc.endedAt).toISOString() } : {}),
    currentSteps,
    ...(summary ? { summary } : {}),
  };
}

/** The flow's variables without the form fields the reader may not see. */
export function visibleVariables(
  variables: Record<string, unknown>,
  document: RequestDocumentView | null | undefined,
): Record<string, unknown> {
  if (!document) return variables;
  return Object.fromEntries(Object.entries(variables).filter(([k]) => document.fields[k] !== 'hidden'));
}

/** A request's status as its requester reads it. */
export function requestStatus(doc: InstanceState): string {
  const approval = doc.variables.approval as { outcome?: unknown } | undefined;
  if (doc.status === 'cancelled') return approval?.outcome === 'withdrawn' ? 'withdrawn' : 'cancelled';
  if (doc.status === 'completed')
    return typeof approval?.outcome === 'string' && approval.outcome !== 'returned'
      ? approval.outcome
      : 'completed';
  if (Object.values(doc.tokens).some((t) => t.task?.attributes?.kind === 'resubmit')) return 'returned';
  if (doc.incidentCount > 0) return 'incident';
  return 'running';
}
