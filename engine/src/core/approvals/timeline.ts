// A request's timeline as people read it — who did what, when, with which comment and files — from
// the instance history (the engine's element activations are left out).
import type { HistoryEntry } from '../flows/instance.ts';
import type { ProcessModel } from '../flows/model.ts';

export interface Attachment {
  name: string;
  /** A file reference: an URL or a file-store id. */
  ref: string;
  size?: number;
  contentType?: string;
}

export interface TimelineEntry {
  at: string;
  /** submitted, approve, reject, return, transfer, delegate, claim, cc, comment, auto-approve, escalate, recall … */
  action: string;
  by?: string;
  onBehalfOf?: string;
  elementId?: string;
  stepName?: string;
  taskId?: string;
  outcome?: string;
  comment?: string;
  attachments?: Attachment[];
  /** Users the action was about: the new holder of a transfer, the CC'd users … */
  users?: string[];
  data?: Record<string, unknown>;
}

const ACTION_OF_TYPE: Partial<Record<HistoryEntry['type'], string>> = {
  'instance.started': 'submitted',
  'instance.completed': 'completed',
  'instance.cancelled': 'cancelled',
  'incident.raised': 'incident',
  'incident.resolved': 'incident-resolved',
};

const SKIP_DATA = new Set(['attachments', 'onBehalfOf', 'users', 'changes']);

export function timeline(
  history: readonly HistoryEntry[],
  model: ProcessModel | null,
  instanceId: string,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const h of history) {
    let action: string | undefined;
    if (h.type === 'task.completed')
      action = h.action ?? (h.outcome === 'cancelled' ? undefined : 'complete');
    else if (h.type === 'task.updated' || h.type === 'note') action = h.action;
    else if (h.type === 'instance.modified') action = h.action === 'modify' ? undefined : h.action;
    else action = ACTION_OF_TYPE[h.type];
    if (!action) continue;
    const d = h.data ?? {};
    const entry: TimelineEntry = { at: new Date(h.at).toISOString(), action };
    if (h.by) entry.by = h.by;
    if (typeof d.onBehalfOf === 'string') entry.onBehalfOf = d.onBehalfOf;
    if (h.elementId) {
      entry.elementId = h.elementId;
      const name = model?.elements[h.elementId]?.name;
      if (name) entry.stepName = name;
    }
    if (h.tokenId && (h.type === 'task.completed' || h.type === 'task.updated' || h.type === 'note'))
      entry.taskId = `${instanceId}-${h.tokenId}`;
    if (h.outcome) entry.outcome = h.outcome;
    if (h.comment) entry.comment = h.comment;
    if (Array.isArray(d.attachments) && d.attachments.length)
      entry.attachments = d.attachments as Attachment[];
    const users = Array.isArray(d.users)
      ? (d.users as string[])
      : typeof (d.changes as { assignee?: unknown } | undefined)?.assignee === 'string'
        ? [(d.changes as { assignee: string }).assignee]
        : undefined;
    if (users?.length) entry.users = users;
    const rest = Object.fromEntries(Object.entries(d).filter(([k]) => !SKIP_DATA.has(k)));
    if (Object.keys(rest).length) entry.data = rest;
    if (h.type === 'incident.raised' && typeof d.message === 'string') entry.comment = d.message;
    out.push(entry);
  }
  return out;
}
