// What the flow service hands out: an instance with its tokens, open tasks, incidents and
// history (InstanceView), the short forms for lists and commands, and the functions that make
// them from a stored instance.
import type { TaskView, Variables } from '#engine/core/flows/events.ts';
import {
  taskIdOf,
  type HistoryEntry,
  type Incident,
  type InstanceStatus,
  type Token,
} from '#engine/core/flows/instance.ts';
import { elementKeyOf } from '#engine/core/flows/keys.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import { taskViewOf } from '#engine/core/flows/task-view.ts';
import type { StoredInstance } from './runtime.ts';

export const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

export interface TokenView {
  id: string;
  elementId: string;
  elementName?: string;
  elementType: string;
  scope: string | null;
  state: Token['state'];
  enteredAt: string;
  taskId?: string;
  /** The element instance key (also the key of its job and user task). */
  key?: string;
  incidentId?: string;
  multiInstance?: { items: number; active: number; completed: number; terminated: number };
}

export interface IncidentView extends Omit<Incident, 'createdAt'> {
  instanceId: string;
  processId: string;
  version: number;
  createdAt: string;
}

export interface InstanceView {
  id: string;
  /** The numeric instance key (Camunda's processInstanceKey; core/flows/keys.ts). */
  key?: string;
  /** A called instance: its caller's instance and token. */
  parent?: { instanceId: string; tokenId: string };
  rev: number;
  processId: string;
  version: number;
  status: InstanceStatus;
  businessKey?: string;
  startedBy?: string;
  startedAt: string;
  endedAt?: string;
  variables: Variables;
  tokens: TokenView[];
  openTasks: TaskView[];
  incidents: IncidentView[];
  history: HistoryView[];
}

/** What a command returns to a caller that does not need the whole InstanceView. */
export interface InstanceRef {
  id: string;
  rev: number;
  processId: string;
  version: number;
  status: InstanceStatus;
  businessKey?: string;
}

export interface InstanceSummary {
  id: string;
  processId: string;
  version: number;
  status: InstanceStatus;
  businessKey?: string;
  startedBy?: string;
  startedAt: string;
  endedAt?: string;
  currentElements: string[];
  incidentCount: number;
}

export type HistoryView = Omit<HistoryEntry, 'at'> & { at: string };

export function instanceView(doc: StoredInstance, model: ProcessModel): InstanceView {
  const tokens = Object.values(doc.tokens).sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const openTasks: TaskView[] = [];
  for (const t of tokens) {
    if (!t.task || t.state !== 'waiting') continue;
    openTasks.push(taskViewOf(doc, t, model.elements[t.elementId], 'open'));
  }
  return {
    id: doc.id,
    ...(doc.key ? { key: doc.key } : {}),
    ...(doc.parent ? { parent: doc.parent } : {}),
    rev: doc.rev,
    processId: doc.processId,
    version: doc.version,
    status: doc.status,
    ...(doc.businessKey ? { businessKey: doc.businessKey } : {}),
    ...(doc.startedBy ? { startedBy: doc.startedBy } : {}),
    startedAt: iso(doc.startedAt)!,
    ...(doc.endedAt !== undefined ? { endedAt: iso(doc.endedAt)! } : {}),
    variables: doc.variables,
    tokens: tokens.map((t) => {
      const el = model.elements[t.elementId];
      return {
        id: t.id,
        elementId: t.elementId,
        ...(el?.name ? { elementName: el.name } : {}),
        elementType: el?.type ?? 'unknown',
        scope: t.scope,
        state: t.state,
        enteredAt: iso(t.enteredAt)!,
        ...(t.task ? { taskId: taskIdOf(doc.id, t.id) } : {}),
        ...(doc.key ? { key: elementKeyOf(doc.key, t.id) } : {}),
        ...(t.incidentId ? { incidentId: t.incidentId } : {}),
        ...(t.mi
          ? {
              multiInstance: {
                items: t.mi.items.length,
                active: t.mi.active,
                completed: t.mi.completed,
                terminated: t.mi.terminated,
              },
            }
          : {}),
      };
    }),
    openTasks,
    incidents: Object.values(doc.incidents).map((i) => incidentView(doc, i)),
    history: doc.history.map(historyView),
  };
}

export function refOf(doc: StoredInstance): InstanceRef {
  return {
    id: doc.id,
    rev: doc.rev,
    processId: doc.processId,
    version: doc.version,
    status: doc.status,
    ...(doc.businessKey ? { businessKey: doc.businessKey } : {}),
  };
}

export function historyView(h: HistoryEntry): HistoryView {
  return { ...h, at: new Date(h.at).toISOString() };
}

export function incidentView(
  doc: { id: string; processId: string; version: number },
  i: Incident,
): IncidentView {
  return {
    ...i,
    instanceId: doc.id,
    processId: doc.processId,
    version: doc.version,
    createdAt: new Date(i.createdAt).toISOString(),
  };
}

export function stripRev<T extends { rev?: number }>(doc: T): Omit<T, 'rev'> & TaskView {
  const { rev: _rev, ...rest } = doc;
  return rest as Omit<T, 'rev'> & TaskView;
}
