// External jobs (pure parts): the stored shape of a job for an external worker, the request shapes
// of activate / complete / fail / throw error (those of Camunda 8's /v2 job endpoints, so the REST
// layer passes them through), their checks, what a failure does to a job, and the activated job as
// a worker receives it.
//
// A job is created when a service task whose type is no platform action is entered, and lives in
// the jobs collection until its instance consumes it: `activatable` (waiting for a worker, from
// `notBefore` on), `activated` (locked for one worker until `deadline`; past it, any worker may
// take it again), `failed` (no retries left: an incident on the instance; retrying the incident
// makes a new round of the same job). Its key is the element key of its token (keys.ts): stable
// across rounds, as Zeebe's job key is across incident resolution.
import { jobErrors } from './errors.ts';

export type JobStatus = 'activatable' | 'activated' | 'failed';

export interface JobRecord {
  /** The job key (decimal string). */
  key: string;
  type: string;
  state: JobStatus;
  /** Retries left (a worker's failure says how many). */
  retries: number;
  instanceId: string;
  instanceKey: string;
  processId: string;
  version: number;
  /** Numeric key of the process definition version. */
  definitionKey: string;
  elementId: string;
  tokenId: string;
  /** The instance's job round (stale reports of an earlier round change nothing). */
  round: number;
  customHeaders: Record<string, string>;
  createdAt: number;
  /** Activatable from this time on (a failure's back-off). */
  notBefore: number;
  /** Activated: locked until then (0 when not activated). */
  deadline: number;
  worker?: string;
  errorMessage?: string;
}

export interface ActivateRequest {
  type: string;
  worker?: string;
  /** Milliseconds a job stays locked for the activating worker. */
  timeout: number;
  maxJobsToActivate: number;
  /** Variables to return (all visible ones when empty). */
  fetchVariable?: string[];
  /** Long polling: at most this many ms (0: the default; < 0: answer at once). */
  requestTimeout?: number;
}

export interface CompleteRequest {
  variables?: Record<string, unknown>;
}

export interface FailRequest {
  /** Retries left after this failure; 0 (the default, as Camunda's) raises an incident. */
  retries?: number;
  errorMessage?: string;
  /** Milliseconds before the job may be activated again. */
  retryBackOff?: number;
  /** Set on the task's own scope (local variables). */
  variables?: Record<string, unknown>;
}

export interface ThrowErrorRequest {
  errorCode: string;
  errorMessage?: string;
  variables?: Record<string, unknown>;
}

/** An activated job as a worker receives it (Camunda's ActivatedJobResult). */
export interface ActivatedJob {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  deadline: number;
  variables: Record<string, unknown>;
  tenantId: string;
  kind: 'BPMN_ELEMENT';
  listenerEventType: 'UNSPECIFIED';
  /** Forma's instance id (the numeric key above addresses the same instance). */
  processInstanceId: string;
}

/** The long-poll wait when a request gives none (Zeebe's gateway default). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const MAX_REQUEST_TIMEOUT_MS = 60_000;
export const MAX_JOBS_PER_ACTIVATION = 200;
/** The tenant every job belongs to (Forma has one). */
export const DEFAULT_TENANT = '<default>';

const invalid = jobErrors.invalid;

export function checkActivateRequest(req: ActivateRequest): ActivateRequest {
  if (typeof req?.type !== 'string' || req.type.trim() === '') throw invalid('/type', 'is required', '必填');
  if (!Number.isInteger(req.maxJobsToActivate) || req.maxJobsToActivate < 1)
    throw invalid('/maxJobsToActivate', 'must be a whole number ≥ 1', '必须是 ≥ 1 的整数');
  if (!Number.isInteger(req.timeout) || req.timeout < 1)
    throw invalid('/timeout', 'must be a whole number of milliseconds ≥ 1', '必须是 ≥ 1 的毫秒数');
  if (req.requestTimeout !== undefined && !Number.isInteger(req.requestTimeout))
    throw invalid('/requestTimeout', 'must be a whole number of milliseconds', '必须是整数毫秒数');
  return {
    ...req,
    type: req.type.trim(),
    maxJobsToActivate: Math.min(req.maxJobsToActivate, MAX_JOBS_PER_ACTIVATION),
  };
}

/** How long an activation may wait for jobs (0: not at all). */
export function longPollMs(requestTimeout: number | undefined): number {
  if (requestTimeout === undefined || requestTimeout === 0) return DEFAULT_REQUEST_TIMEOUT_MS;
  return requestTimeout < 0 ? 0 : Math.min(requestTimeout, MAX_REQUEST_TIMEOUT_MS);
}

/** A command on a job must find it waiting or activated (Zeebe: ACTIVATABLE or ACTIVATED). */
export function requireOpen(job: JobRecord | null, key: string): JobRecord {
  if (!job) throw jobErrors.notFound(key);
  if (job.state === 'failed') throw jobErrors.notActive(key);
  return job;
}

export function checkFailRequest(req: FailRequest): { retries: number; backoff: number; message: string } {
  const retries = req.retries ?? 0;
  if (!Number.isInteger(retries) || retries < 0)
    throw invalid('/retries', 'must be a whole number ≥ 0', '必须是 ≥ 0 的整数');
  const backoff = req.retryBackOff ?? 0;
  if (!Number.isInteger(backoff) || backoff < 0)
    throw invalid('/retryBackOff', 'must be a whole number of milliseconds ≥ 0', '必须是 ≥ 0 的毫秒数');
  return { retries, backoff, message: typeof req.errorMessage === 'string' ? req.errorMessage : '' };
}

export function checkThrowErrorRequest(req: ThrowErrorRequest): { code: string; message: string } {
  if (typeof req?.errorCode !== 'string' || req.errorCode.trim() === '')
    throw invalid('/errorCode', 'is required', '必填');
  const code = req.errorCode.trim();
  return {
    code,
    message: typeof req.errorMessage === 'string' && req.errorMessage ? req.errorMessage : code,
  };
}

/** The variables a worker asked for (all when it named none). */
export function pickVariables(
  visible: Record<string, unknown>,
  names: readonly string[] | undefined,
): Record<string, unknown> {
  if (!names || names.length === 0) return visible;
  const out: Record<string, unknown> = {};
  for (const n of names) if (Object.hasOwn(visible, n)) out[n] = visible[n];
  return out;
}

export function activatedView(job: JobRecord, variables: Record<string, unknown>): ActivatedJob {
  return {
    jobKey: job.key,
    type: job.type,
    processInstanceKey: job.instanceKey,
    processDefinitionId: job.processId,
    processDefinitionVersion: job.version,
    processDefinitionKey: job.definitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.key,
    customHeaders: job.customHeaders,
    worker: job.worker ?? '',
    retries: job.retries,
    deadline: job.deadline,
    variables,
    tenantId: DEFAULT_TENANT,
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
    processInstanceId: job.instanceId,
  };
}

/**
 * Which job types wait without a worker: jobs have waited longer than `absentMs` and no worker
 * asked for that type within `absentMs`.
 */
export function typesWithoutWorker(
  waiting: ReadonlyMap<string, { count: number; oldest: number }>,
  lastSeen: ReadonlyMap<string, number>,
  now: number,
  absentMs: number,
): string[] {
  const out: string[] = [];
  for (const [type, w] of waiting) {
    const seen = lastSeen.get(type);
    if (w.count > 0 && w.oldest <= now - absentMs && (seen === undefined || seen <= now - absentMs))
      out.push(type);
  }
  return out.sort();
}
