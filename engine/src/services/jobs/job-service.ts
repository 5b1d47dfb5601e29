// JobService: jobs for external workers (Zeebe's job workers) over the flow runtime. The runtime's
// `job.created` effect of a service task whose type is no platform action writes a job here, its
// `job.closed` effect removes it (completed, caught, terminated) or marks it failed (an incident).
// Workers activate jobs by type (long polling), complete them with variables, fail them with
// retries and a back-off (no retries left: an incident on the instance, visible with the others),
// or throw a BPMN error (caught by an error boundary event, else an incident). A lock that
// expires makes the job activatable again (the sweeper, and any activation that finds it); a
// completion after that is accepted while the job still waits (as Zeebe accepts it) and refused
// once another worker completed it (404) or it stopped on an incident (409).
//
// Which types have no worker: every activation request notes its type (at most every 10 s per
// process); types whose jobs waited longer than `workerAbsentMs` with no request meanwhile are
// listed by `health()` (queue health) and warned about at deploy (`deployWarnings`).
import type { Effect } from '#engine/core/flows/events.ts';
import { elementKeyOf, instanceKeyOf, numericKeyOf } from '#engine/core/flows/keys.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import { visibleVariables } from '#engine/core/flows/variables.ts';
import {
  activatedView,
  checkActivateRequest,
  checkFailRequest,
  checkThrowErrorRequest,
  longPollMs,
  pickVariables,
  requireOpen,
  typesWithoutWorker,
  type ActivateRequest,
  type ActivatedJob,
  type CompleteRequest,
  type FailRequest,
  type JobRecord,
  type ThrowErrorRequest,
} from '#engine/core/jobs/jobs.ts';
import { jobErrors } from '#engine/core/jobs/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { EffectInfo, StoredInstance } from '../flows/runtime.ts';
import { JobWake } from './wake.ts';

export const JOBS = 'flow_jobs';
export const JOB_WORKERS = 'flow_job_workers';

export interface JobServiceOptions {
  flows: FlowService;
  clock: Clock;
  /** Whether a type is a platform action (never an external job). */
  isPlatformAction: (type: string) => boolean;
  /** How often a waiting activation looks at the store (default 500 ms). */
  pollMs?: number;
  /** No request for a type this long while its jobs wait: "no worker" (default 5 minutes). */
  workerAbsentMs?: number;
}

interface WorkerSeen {
  type: string;
  lastSeenAt: number;
  worker?: string;
}

export interface JobTypeHealth {
  type: string;
  waiting: number;
  activated: number;
  failed: number;
  /** When a worker last asked for this type (ISO), if ever. */
  lastRequestAt?: string;
  lastWorker?: string;
  /** Jobs waited longer than the threshold and no worker asked meanwhile. */
  noWorker: boolean;
}

export interface JobWarning {
  code: 'JOB_TYPE_NO_WORKER';
  type: string;
  elementIds: string[];
  message: string;
  messageZh: string;
}

const NOTE_EVERY_MS = 10_000;

export class JobService {
  readonly jobs: Collection<JobRecord>;
  readonly workers: Collection<WorkerSeen>;
  private readonly wake = new JobWake();
  private readonly noted = new Map<string, number>();
  private readonly pollMs: number;
  readonly workerAbsentMs: number;

  constructor(private readonly options: JobServiceOptions) {
    const store = options.flows.runtime.options.store;
    this.jobs = store.collection<JobRecord>(JOBS);
    this.workers = store.collection<WorkerSeen>(JOB_WORKERS);
    this.pollMs = options.pollMs ?? 500;
    this.workerAbsentMs = options.workerAbsentMs ?? 5 * 60_000;
    const runtime = options.flows.runtime;
    runtime.handle('job.created', (effect, info) => this.created(effect, info));
    runtime.handle('job.closed', (effect, info) => this.closed(effect, info));
  }

  private get now(): number {
    return this.options.clock.now();
  }

  async init(): Promise<this> {
    await Promise.all([
      this.jobs.ensureIndex({
        fields: [
          ['type', 1],
          ['state', 1],
          ['notBefore', 1],
        ],
      }),
      this.jobs.ensureIndex({
        fields: [
          ['state', 1],
          ['deadline', 1],
        ],
      }),
    ]);
    return this;
  }

  // ---- the runtime's effects ----------------------------------------------------------------

  private keyOf(info: EffectInfo, tokenId: string): string {
    return elementKeyOf(info.instanceKey ?? instanceKeyOf(info.instanceId), tokenId);
  }

  private async created(effect: Effect, info: EffectInfo): Promise<void> {
    if (effect.kind !== 'job.created') return;
    const key = this.keyOf(info, effect.tokenId);
    const model = await this.options.flows.definitions.model(`${info.processId}@${info.version}`);
    const element = model.elements[effect.elementId];
    const headers = element && 'headers' in element && element.headers ? element.headers : {};
    const record: JobRecord = {
      key,
      type: effect.jobType,
      state: 'activatable',
      retries: effect.retries,
      instanceId: info.instanceId,
      instanceKey: info.instanceKey ?? instanceKeyOf(info.instanceId),
      processId: info.processId,
      version: info.version,
      definitionKey: numericKeyOf(`${info.processId}@${info.version}`),
      elementId: effect.elementId,
      tokenId: effect.tokenId,
      round: effect.round,
      customHeaders: headers,
      createdAt: this.now,
      notBefore: 0,
      deadline: 0,
    };
    for (let attempt = 0; attempt < 10; attempt++) {
      const existing = await this.jobs.get(key);
      // Delivered before (the same round), or a later round is already there.
      if (existing && existing.round >= effect.round) return;
      try {
        if (existing) await this.jobs.replace(key, existing.rev, record);
        else await this.jobs.insert({ ...record, id: key });
        this.wake.wake(record.type);
        return;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !(e instanceof RevisionConflictError)) throw e;
      }
    }
  }

  private async closed(effect: Effect, info: EffectInfo): Promise<void> {
    if (effect.kind !== 'job.closed') return;
    const key = this.keyOf(info, effect.tokenId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const job = await this.jobs.get(key);
      if (!job || job.round > effect.round) return;
      try {
        if (effect.state === 'done') await this.jobs.delete(key, job.rev);
        else if (job.state !== 'failed')
          await this.jobs.update(key, job.rev, { set: { state: 'failed', deadline: 0 } });
        return;
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
      }
    }
  }

  // ---- workers' commands --------------------------------------------------------------------

  /**
   * Activates up to `maxJobsToActivate` jobs of a type for `timeout` ms. Waits (long polling) up
   * to the request timeout when none is there; `signal` ends the wait early (a client gone).
   */
  async activate(request: ActivateRequest, signal?: AbortSignal): Promise<ActivatedJob[]> {
    const req = checkActivateRequest(request);
    await this.noteWorker(req.type, req.worker);
    const until = Date.now() + longPollMs(req.requestTimeout);
    for (;;) {
      const jobs = await this.activateNow(req);
      const left = until - Date.now();
      if (jobs.length > 0 || left <= 0 || signal?.aborted) return jobs;
      await this.wake.wait(req.type, Math.min(left, this.pollMs), signal);
    }
  }

  private async activateNow(req: ActivateRequest): Promise<ActivatedJob[]> {
    const now = this.now;
    const [waiting, expired] = await Promise.all([
      this.jobs.find(
        { type: req.type, state: 'activatable', notBefore: { $lte: now } },
        { sort: [['createdAt', 1]], limit: req.maxJobsToActivate * 2 },
      ),
      this.jobs.find(
        { type: req.type, state: 'activated', deadline: { $lte: now } },
        { limit: req.maxJobsToActivate },
      ),
    ]);
    const out: ActivatedJob[] = [];
    const instances = new Map<string, StoredInstance | null>();
    for (const job of [...expired.items, ...waiting.items]) {
      if (out.length >= req.maxJobsToActivate) break;
      let instance = instances.get(job.instanceId);
      if (instance === undefined) {
        instance = await this.options.flows.runtime.instances.get(job.instanceId);
        instances.set(job.instanceId, instance);
      }
      const token = instance?.tokens[job.tokenId];
      if (
        !instance ||
        instance.status !== 'active' ||
        token?.job?.round !== job.round ||
        token.state !== 'waiting'
      ) {
        // Left behind by a step whose close was not delivered yet: not a job any more.
        await this.jobs.delete(job.id, job.rev).catch(() => false);
        continue;
      }
      const deadline = now + req.timeout;
      let activated: Stored<JobRecord>;
      try {
        activated = await this.jobs.update(job.id, job.rev, {
          set: { state: 'activated', deadline, worker: req.worker ?? '' },
        });
      } catch (e) {
        if (e instanceof RevisionConflictError) continue; // another worker took it
        throw e;
      }
      const variables = pickVariables(visibleVariables(instance, job.tokenId), req.fetchVariable);
      out.push(activatedView(activated, structuredClone(variables)));
    }
    return out;
  }

  private async load(key: string): Promise<Stored<JobRecord>> {
    if (!/^\d{1,25}$/.test(key)) throw jobErrors.notFound(key);
    return requireOpen(await this.jobs.get(key), key) as Stored<JobRecord>;
  }

  /** Completes a job with variables (they propagate as the task's result). */
  async complete(key: string, request: CompleteRequest = {}): Promise<void> {
    const job = await this.load(key);
    const { changed } = await this.options.flows.runtime.apply(job.instanceId, {
      type: 'jobCompleted',
      tokenId: job.tokenId,
      round: job.round,
      ...(request.variables ? { variables: request.variables } : {}),
    });
    if (!changed) {
      await this.jobs.delete(key).catch(() => false);
      throw jobErrors.notFound(key);
    }
  }

  /**
   * Fails a job: with retries left it waits `retryBackOff` ms and is activatable again; with none
   * it stops on an incident (resolving the incident makes a new round of it).
   */
  async fail(key: string, request: FailRequest = {}): Promise<void> {
    const { retries, backoff, message } = checkFailRequest(request);
    const job = await this.load(key);
    const runtime = this.options.flows.runtime;
    if (request.variables && Object.keys(request.variables).length) {
      await runtime.apply(job.instanceId, (doc) => {
        if (doc.tokens[job.tokenId]?.job?.round !== job.round) throw jobErrors.notFound(key);
        return { type: 'setVariables', variables: request.variables!, tokenId: job.tokenId };
      });
    }
    if (retries > 0) {
      try {
        await this.jobs.update(key, job.rev, {
          set: {
            state: 'activatable',
            retries,
            notBefore: this.now + backoff,
            deadline: 0,
            errorMessage: message,
          },
          unset: ['worker'],
        });
      } catch (e) {
        if (e instanceof RevisionConflictError) throw jobErrors.notFound(key);
        throw e;
      }
      this.wake.wakeLater(job.type, backoff);
      return;
    }
    await this.jobs
      .update(key, job.rev, { set: { retries: 0, errorMessage: message } })
      .catch(() => undefined);
    const { changed } = await runtime.apply(job.instanceId, {
      type: 'jobFailed',
      tokenId: job.tokenId,
      round: job.round,
      message: message || `job ${job.type} failed with no retries left`,
    });
    if (!changed) throw jobErrors.notFound(key);
  }

  /** Throws a BPMN error: caught by an error boundary event of the task, else an incident. */
  async throwError(key: string, request: ThrowErrorRequest): Promise<void> {
    const { code, message } = checkThrowErrorRequest(request);
    const job = await this.load(key);
    const { changed } = await this.options.flows.runtime.apply(job.instanceId, {
      type: 'jobFailed',
      tokenId: job.tokenId,
      round: job.round,
      message,
      errorCode: code,
      ...(request.variables ? { variables: request.variables } : {}),
    });
    if (!changed) throw jobErrors.notFound(key);
  }

  // ---- sweeper and health -------------------------------------------------------------------

  /** Jobs whose lock expired become activatable again (idempotent: a conflict means someone acted). */
  async sweep(limit = 500): Promise<number> {
    const { items } = await this.jobs.find(
      { state: 'activated', deadline: { $lte: this.now } },
      { limit, projection: ['type', 'state', 'deadline'] },
    );
    let released = 0;
    for (const job of items) {
      try {
        await this.jobs.update(job.id, job.rev, {
          set: { state: 'activatable', deadline: 0 },
          unset: ['worker'],
        });
        released++;
        this.wake.wake(job.type);
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
      }
    }
    return released;
  }

  private async noteWorker(type: string, worker?: string): Promise<void> {
    const now = this.now;
    const last = this.noted.get(type);
    if (last !== undefined && now - last < NOTE_EVERY_MS && now >= last) return;
    this.noted.set(type, now);
    const doc = { type, lastSeenAt: now, ...(worker ? { worker } : {}) };
    const existing = await this.workers.get(type);
    try {
      if (existing) await this.workers.replace(type, existing.rev, doc);
      else await this.workers.insert({ ...doc, id: type });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError) && !(e instanceof RevisionConflictError)) throw e;
    }
  }

  /** Jobs per type (waiting, activated, failed) and whether a worker asks for them. */
  async health(): Promise<JobTypeHealth[]> {
    const now = this.now;
    const [{ items: jobs }, { items: seen }] = await Promise.all([
      this.jobs.find({}, { limit: 20_000, projection: ['type', 'state', 'createdAt', 'notBefore'] }),
      this.workers.find({}, { limit: 1000 }),
    ]);
    const byType = new Map<string, { waiting: number; activated: number; failed: number; oldest: number }>();
    for (const j of jobs) {
      const t = byType.get(j.type) ?? { waiting: 0, activated: 0, failed: 0, oldest: Infinity };
      if (j.state === 'activatable') {
        t.waiting++;
        t.oldest = Math.min(t.oldest, Math.max(j.createdAt, j.notBefore));
      } else if (j.state === 'activated') t.activated++;
      else t.failed++;
      byType.set(j.type, t);
    }
    const lastSeen = new Map(seen.map((s) => [s.id, s.lastSeenAt]));
    const missing = new Set(
      typesWithoutWorker(
        new Map([...byType].map(([type, t]) => [type, { count: t.waiting, oldest: t.oldest }])),
        lastSeen,
        now,
        this.workerAbsentMs,
      ),
    );
    const workerOf = new Map(seen.map((s) => [s.id, s]));
    return [...byType]
      .map(([type, t]) => {
        const w = workerOf.get(type);
        return {
          type,
          waiting: t.waiting,
          activated: t.activated,
          failed: t.failed,
          ...(w ? { lastRequestAt: new Date(w.lastSeenAt).toISOString() } : {}),
          ...(w?.worker ? { lastWorker: w.worker } : {}),
          noWorker: missing.has(type),
        };
      })
      .sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Deploying models whose external job types no worker asked for lately: warned, not refused. */
  async deployWarnings(models: readonly ProcessModel[]): Promise<JobWarning[]> {
    const byType = new Map<string, string[]>();
    for (const model of models)
      for (const el of Object.values(model.elements)) {
        if (el.type !== 'serviceTask' || !el.jobType || el.jobType.startsWith('=')) continue;
        if (this.options.isPlatformAction(el.jobType)) continue;
        byType.set(el.jobType, [...(byType.get(el.jobType) ?? []), el.id]);
      }
    const out: JobWarning[] = [];
    const now = this.now;
    const minutes = Math.round(this.workerAbsentMs / 60_000);
    for (const [type, elementIds] of byType) {
      const seen = await this.workers.get(type);
      if (seen && seen.lastSeenAt > now - this.workerAbsentMs) continue;
      out.push({
        code: 'JOB_TYPE_NO_WORKER',
        type,
        elementIds,
        message: `No worker has asked for jobs of type "${type}" in the last ${minutes} minutes: its tasks will wait until one does.`,
        messageZh: `最近 ${minutes} 分钟内没有工作者请求类型为“${type}”的作业：相关任务将一直等待，直到有工作者处理。`,
      });
    }
    return out;
  }
}
