// Forma's views in Camunda's reply shapes (camelCase, keys as decimal strings, dates in ISO 8601,
// `null` where Camunda has no value, the single tenant `<default>`), and Camunda's search pages.
// The keys are the engine's numeric keys (core/flows/keys.ts): an instance's key, an element
// instance's key (its job and user task) and a definition's key; incidents and variables get keys
// derived from what identifies them, so the same incident or variable always has the same key.
import type { TaskView } from '#engine/core/flows/events.ts';
import type { InstanceStatus } from '#engine/core/flows/instance.ts';
import { elementKeyOf, instanceKeyOf, numericKeyOf } from '#engine/core/flows/keys.ts';
import type { StoredInstance } from '#engine/services/flows/runtime.ts';
import type { IncidentView } from '#engine/services/flows/views.ts';

export const TENANT = '<default>';

const STATES: Record<InstanceStatus, 'ACTIVE' | 'COMPLETED' | 'TERMINATED'> = {
  active: 'ACTIVE',
  completed: 'COMPLETED',
  cancelled: 'TERMINATED',
};
export const STATUS_OF_STATE: Record<string, InstanceStatus> = {
  ACTIVE: 'active',
  COMPLETED: 'completed',
  TERMINATED: 'cancelled',
};

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export const definitionKeyOf = (processId: string, version: number): string =>
  numericKeyOf(`${processId}@${version}`);

export const keyOfInstance = (doc: { id: string; key?: string }): string => doc.key ?? instanceKeyOf(doc.id);

type InstanceFields = Pick<
  StoredInstance,
  'id' | 'key' | 'processId' | 'version' | 'status' | 'startedAt' | 'endedAt' | 'incidentCount' | 'parent'
> & { rootInstanceId?: string };

/** A process instance as Camunda's searches and lookups return it. */
export function processInstanceOf(doc: InstanceFields, names: { name?: string; versionTag?: string } = {}) {
  const parentKey = doc.parent ? instanceKeyOf(doc.parent.instanceId) : null;
  return {
    processDefinitionId: doc.processId,
    processDefinitionName: names.name ?? null,
    processDefinitionVersion: doc.version,
    processDefinitionVersionTag: names.versionTag ?? null,
    startDate: iso(doc.startedAt)!,
    endDate: iso(doc.endedAt),
    state: STATES[doc.status],
    hasIncident: (doc.incidentCount ?? 0) > 0,
    tenantId: TENANT,
    processInstanceKey: keyOfInstance(doc),
    processDefinitionKey: definitionKeyOf(doc.processId, doc.version),
    parentProcessInstanceKey: parentKey,
    parentElementInstanceKey: doc.parent ? elementKeyOf(parentKey!, doc.parent.tokenId) : null,
    rootProcessInstanceKey: doc.rootInstanceId ? instanceKeyOf(doc.rootInstanceId) : keyOfInstance(doc),
    tags: [] as string[],
    businessId: null,
  };
}

const TASK_STATES: Record<TaskView['state'], string> = {
  open: 'CREATED',
  completed: 'COMPLETED',
  cancelled: 'CANCELED',
};
export const TASK_STATE_OF: Record<string, TaskView['state']> = {
  CREATED: 'open',
  COMPLETED: 'completed',
  CANCELED: 'cancelled',
};

const stringHeaders = (h: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((h ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));

/** A user task as Camunda's user-task search returns it. */
export function userTaskOf(task: TaskView, processName?: string) {
  const instanceKey = instanceKeyOf(task.instanceId);
  const key = task.key ?? elementKeyOf(instanceKey, task.tokenId);
  const priority = typeof task.priority === 'number' ? Math.max(0, Math.min(100, task.priority)) : 50;
  return {
    name: typeof task.name === 'string' ? task.name : null,
    state: TASK_STATES[task.state],
    assignee: task.assignee ?? null,
    elementId: task.elementId,
    candidateGroups: task.candidateGroups ?? [],
    candidateUsers: task.candidateUsers ?? [],
    processDefinitionId: task.processId,
    creationDate: task.createdAt,
    completionDate: task.completedAt ?? null,
    followUpDate: typeof task.followUpDate === 'string' ? task.followUpDate : null,
    dueDate: typeof task.dueDate === 'string' ? task.dueDate : null,
    tenantId: TENANT,
    externalFormReference: typeof task.externalFormReference === 'string' ? task.externalFormReference : null,
    processDefinitionVersion: task.processVersion,
    customHeaders: stringHeaders(task.headers),
    priority,
    userTaskKey: key,
    elementInstanceKey: key,
    processName: processName ?? null,
    processDefinitionKey: definitionKeyOf(task.processId, task.processVersion),
    processInstanceKey: instanceKey,
    rootProcessInstanceKey: instanceKey,
    formKey: null,
    tags: [] as string[],
  };
}

const ERROR_TYPES: Record<string, string> = {
  'job-failed': 'JOB_NO_RETRIES',
  'unhandled-error': 'UNHANDLED_ERROR_EVENT',
  'no-outgoing-flow': 'CONDITION_ERROR',
  'expression-failed': 'EXTRACT_VALUE_ERROR',
  'assignment-failed': 'EXTRACT_VALUE_ERROR',
  'unknown-action': 'UNKNOWN',
  'loop-limit': 'UNKNOWN',
  'call-failed': 'CALLED_ELEMENT_ERROR',
};

export const incidentKeyOf = (instanceId: string, incidentId: string): string =>
  numericKeyOf(`${instanceId}/incident/${incidentId}`);

/** An open incident as Camunda's incident search returns it. */
export function incidentOf(i: IncidentView, instanceKey: string) {
  const elementKey = elementKeyOf(instanceKey, i.tokenId);
  return {
    processDefinitionId: i.processId,
    errorType: ERROR_TYPES[i.kind] ?? 'UNKNOWN',
    errorMessage: i.message,
    elementId: i.elementId,
    creationTime: i.createdAt,
    state: 'ACTIVE',
    tenantId: TENANT,
    incidentKey: incidentKeyOf(i.instanceId, i.id),
    processDefinitionKey: definitionKeyOf(i.processId, i.version),
    processInstanceKey: instanceKey,
    rootProcessInstanceKey: instanceKey,
    elementInstanceKey: elementKey,
    jobKey: i.phase === 'job' ? elementKey : null,
  };
}

/** A variable as Camunda's variable search returns it: the value as JSON text. */
export function variableOf(
  instanceId: string,
  instanceKey: string,
  scope: string,
  name: string,
  value: unknown,
) {
  return {
    name,
    value: JSON.stringify(value ?? null),
    isTruncated: false,
    tenantId: TENANT,
    variableKey: numericKeyOf(`${instanceId}/variable/${scope}/${name}`),
    scopeKey: scope === 'process' ? instanceKey : elementKeyOf(instanceKey, scope),
    processInstanceKey: instanceKey,
    rootProcessInstanceKey: instanceKey,
  };
}

/** Camunda's page of search results; the store's cursor travels base64-encoded, as Camunda's does. */
export function searchPage<T>(items: T[], totalItems: number, nextCursor: string | null) {
  return {
    items,
    page: {
      totalItems,
      hasMoreTotalItems: false,
      startCursor: null,
      endCursor: nextCursor ? Buffer.from(nextCursor, 'utf8').toString('base64') : null,
    },
  };
}

/** The store cursor a client sends back as `page.after`. */
export const cursorOf = (after: string | undefined): string | undefined =>
  after ? Buffer.from(after, 'base64').toString('utf8') : undefined;
