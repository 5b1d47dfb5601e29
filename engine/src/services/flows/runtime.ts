// Durable execution of flow instances over the ports: the engine may stop at any point and resume.
//
// An instance is one document. Every change: load → pure step → one conditional write on `rev`
// that stores the new state together with its effects in an outbox → dispatch the effects
// (tasks collection, jobs with deterministic ids, delayed timer jobs, listeners) → clear the
// delivered outbox entries with a second conditional write (skipped on conflict: the next writer
// carries the entries and delivers them again). On a store this process writes alone (embedded)
// that clearing is deferred and mostly folded into the instance's next write (deferred-clears.ts).
// A crash between write and dispatch loses nothing: the sweeper re-delivers outboxes older than a
// threshold and fires due timers from the stored due times using the injectable clock. Every
// delivery is idempotent.
import { flowErrors } from '#engine/core/flows/errors.ts';
import type { Effect, EffectKind, FlowEvent, TaskView } from '#engine/core/flows/events.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { StepContext } from '#engine/core/flows/step-context.ts';
import { step } from '#engine/core/flows/step.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { DeferredClears } from './deferred-clears.ts';
import { RecentInstances } from './recent-instances.ts';
import type { DefinitionRepository } from './definitions.ts';
import {
  afterClear,
  compactEffect,
  expandEffect,
  jobPending,
  outboxOf,
  reportClears,
  reportedJobSeq,
  seqOf,
} from './outbox.ts';
import { deliverTaskView, effectInfoOf, enqueueEffect, TaskRowRevisions } from './deliveries.ts';
import { isTransient, retryTransient, sleep } from './transient-retry.ts';

/**
 * The per-step context a layer above the core supplies (FEEL extras, the assignment hook, working
 * time); it gets the instance and its model, so it can leave out what the model never uses.
 */
export type StepContextProvider = (
  instance: Readonly<InstanceState>,
  model: ProcessModel,
) => Omit<StepContext, 'now'> | Promise<Omit<StepContext, 'now'>>;

/** The stored instance document: the core's state plus the outbox. */
export interface InstanceDoc extends InstanceState {
  /** Effects written but not yet confirmed delivered, by effect id. */
  outbox: Record<string, Effect>;
  /** When the oldest outbox entry was written (clock ms), null when empty: the sweeper's index. */
  outboxAt: number | null;
}

export type StoredInstance = Stored<InstanceDoc>;

export interface EffectInfo {
  instanceId: string;
  /** The instance's numeric key (keys.ts). */
  instanceKey?: string;
  processId: string;
  version: number;
  businessKey?: string;
  startedBy?: string;
  /** A called instance: its caller. */
  parent?: { instanceId: string; tokenId: string };
  rootInstanceId?: string;
}

/**
 * Builds the event to apply from the instance as just loaded (run again on every conflict retry);
 * throws (e.g. an AppError) to refuse. Lets a caller check-and-act atomically.
 */
export type EventBuilder = (instance: Readonly<StoredInstance>, model: ProcessModel) => FlowEvent;

/** Called for every delivered effect, at least once: listeners must be idempotent. */
export type EffectListener = (effect: Effect, info: EffectInfo) => void | Promise<void>;

/**
 * Delivers one kind of effect that another part of the flow engine owns (external jobs, message
 * subscriptions, call activities); at least once, so idempotent.
 */
export type EffectHandler = (effect: Effect, info: EffectInfo) => Promise<void>;

export interface RuntimeOptions {
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  definitions: DefinitionRepository;
  /** Per-step context supplied by the caller: FEEL extras (org functions), assignment hook. */
  stepContext?: StepContextProvider;
  /** Base delay of the exponential backoff between service-task attempts (default 1 s). */
  retryBackoffMs?: number;
  /**
   * Whether a job type is a platform action (run by the platform's workers). Without it every job
   * is; with it, any other type is a job for an external worker.
   */
  isPlatformAction?: (type: string) => boolean;
  /** Conditional-write retries before giving up with FLOW_INSTANCE_BUSY (default 50). */
  maxConflictRetries?: number;
  /** Errors the runtime recovers from by itself (delivery failures), for logging. */
  onError?: (error: unknown, context: { instanceId: string; during: string }) => void;
  /**
   * How long delivered outbox entries may wait for the instance's next write before a write of
   * their own clears them (default 1 s). Only on a store no other process writes (embedded).
   */
  deferredClearMs?: number;
}

export class FlowRuntime {
  readonly instances: Collection<InstanceDoc>;
  readonly tasks: Collection<TaskView>;
  private readonly listeners = new Map<EffectKind | '*', Set<EffectListener>>();
  private readonly handlers = new Map<EffectKind, EffectHandler>();
  /**
   * Set when this process is the store's only writer: the embedded store admits one process per
   * data directory, and its conditional writes are atomic within it. Then no other process can
   * race a clearing write, so it may be deferred (see dispatch).
   */
  private readonly clears: DeferredClears | null;
  /** On a store other processes share: the copies this process last wrote (recent-instances.ts). */
  private readonly recent: RecentInstances | null;
  private readonly taskRevisions = new TaskRowRevisions();

  constructor(readonly options: RuntimeOptions) {
    this.instances = options.store.collection<InstanceDoc>('flow_instances');
    this.tasks = options.store.collection<TaskView>('tasks');
    this.clears =
      options.store.kind === 'embedded'
        ? new DeferredClears(this.instances, options.deferredClearMs ?? 1000, (error, instanceId) =>
            options.onError?.(error, { instanceId, during: 'outbox clear' }),
          )
        : null;
    this.recent = options.store.kind === 'embedded' ? null : new RecentInstances();
  }

  /**
   * Writes the deferred outbox clears now (at shutdown: otherwise the next start delivers those
   * effects once more, which is harmless but needless).
   */
  async flushDeferredClears(): Promise<void> {
    await this.clears?.flushAll();
  }

  get clock(): Clock {
    return this.options.clock;
  }

  async init(): Promise<void> {
    const idx = (
      col: Collection<never> | Collection<InstanceDoc> | Collection<TaskView>,
      ...fields: string[]
    ) => col.ensureIndex({ fields: fields.map((f) => [f, 1] as const) });
    await Promise.all([
      idx(this.instances, 'processId', 'version', 'status'),
      idx(this.instances, 'status'),
      idx(this.instances, 'nextDueAt'),
      idx(this.instances, 'outboxAt'),
      idx(this.instances, 'incidentCount'),
      idx(this.instances, 'startedBy'),
      idx(this.instances, 'businessKey'),
      idx(this.instances, 'key'),
      idx(this.instances, 'messageKeys'),
      idx(this.instances, 'rootInstanceId'),
      idx(this.tasks, 'instanceId'),
      idx(this.tasks, 'state', 'assignee'),
      idx(this.tasks, 'state', 'candidateGroups'),
      idx(this.tasks, 'state', 'candidateUsers'),
    ]);
  }

  /** The delivery of one effect kind, owned by another part of the engine (one handler per kind). */
  handle(kind: EffectKind, handler: EffectHandler): void {
    this.handlers.set(kind, handler);
  }

  on(kind: EffectKind | '*', listener: EffectListener): () => void {
    let set = this.listeners.get(kind);
    if (!set) this.listeners.set(kind, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async load(id: string): Promise<StoredInstance> {
    const doc = await this.instances.get(id);
    if (!doc) throw flowErrors.instanceNotFound(id);
    return doc;
  }

  /** The copy this process wrote last (after its dispatch) or a read; a stale copy's write fails. */
  async latest(id: string): Promise<StoredInstance | null> {
    await this.recent?.settled(id);
    return this.recent?.copy(id) ?? this.instances.get(id);
  }

  /** Creates and starts an instance in one write. */
  async create(initial: InstanceState, event: FlowEvent): Promise<StoredInstance> {
    const model = await this.options.definitions.model(initial.definitionKey);
    const ctx = await this.contextFor(initial, model);
    const result = step(model, initial, event, ctx, { inPlace: true });
    const doc: InstanceDoc & { id: string } = {
      ...result.instance,
      outbox: outboxOf(result.effects.map((e) => compactEffect(e, result.instance))),
      outboxAt: result.effects.length ? ctx.now : null,
    };
    let stored: StoredInstance;
    let retried = false;
    for (let i = 1; ; i++) {
      try {
        stored = await this.instances.insert(doc);
        break;
      } catch (e) {
        // An insert reported as failed may still have landed: then the document is there.
        if (e instanceof DuplicateKeyError && retried) {
          stored = await this.load(doc.id);
          break;
        }
        if (i >= 5 || !isTransient(e)) throw e;
        retried = true;
        await sleep(10 * 2 ** i);
      }
    }
    this.recent?.put(stored);
    await this.dispatchSafely(stored);
    return stored;
  }

  /**
   * Applies an event with optimistic concurrency: on a revision conflict the instance is
   * reloaded and the event stepped again. Returns the stored instance (unchanged when the event
   * did not apply). AppErrors from the core (e.g. a task already completed) propagate.
   */
  async apply(
    id: string,
    event: FlowEvent | EventBuilder,
    options: { preloaded?: StoredInstance } = {},
  ): Promise<{ instance: StoredInstance; changed: boolean }> {
    const release = this.recent && !options.preloaded ? await this.recent.turn(id) : undefined;
    try {
      return await this.applyInTurn(id, event, options.preloaded, release);
    } finally {
      release?.();
    }
  }

  private async applyInTurn(
    id: string,
    event: FlowEvent | EventBuilder,
    preloaded: StoredInstance | undefined,
    /** Ends this step's turn (recent-instances.ts) once its write landed: others may step. */
    endTurn: (() => void) | undefined,
  ): Promise<{ instance: StoredInstance; changed: boolean }> {
    const max = this.options.maxConflictRetries ?? 50;
    let transient = 0;
    for (let attempt = 0; attempt <= max; attempt++) {
      let doc: StoredInstance;
      let copied = false;
      try {
        // A copy the caller just read (and hands over), or the one this process last wrote, saves
        // a read; a stale one only costs a retry.
        if (!preloaded && this.recent) {
          await this.recent.settled(id);
          preloaded = this.recent.copy(id);
          copied = preloaded !== undefined;
        }
        doc = preloaded ?? (await this.load(id));
        preloaded = undefined;
      } catch (e) {
        if (isTransient(e) && transient++ < 5) {
          await sleep(10 * 2 ** transient);
          attempt--;
          continue;
        }
        throw e;
      }
      const model = await this.options.definitions.model(doc.definitionKey);
      const rev = doc.rev;
      const outboxBefore = { ...doc.outbox };
      let ev: FlowEvent;
      let ctx: StepContext;
      let result: ReturnType<typeof step>;
      try {
        // A builder decides from this very revision (and may refuse): what it checked still holds
        // when the write lands, because a concurrent change makes the write fail and it runs again.
        ev = typeof event === 'function' ? event(doc, model) : event;
        ctx = await this.contextFor(doc, model);
        result = step(model, doc, ev, ctx, { inPlace: true });
      } catch (e) {
        // Refused by a remembered copy: maybe only because it is stale. Ask the store.
        if (!copied) throw e;
        this.recent?.forget(id);
        attempt--;
        continue;
      }
      if (!result.changed && copied) {
        this.recent?.forget(id);
        attempt--;
        continue;
      }
      if (!result.changed) return { instance: doc, changed: false };
      const next = result.instance as InstanceDoc;
      // A job entry whose job was consumed (or superseded) by this step is delivered for good.
      // A job's report also proves that every older entry was delivered: the dispatcher delivers
      // all other entries before it enqueues a job (see dispatch), so they can go too.
      // Entries this process delivered but has not cleared yet (deferred clearing) go as well.
      const consumed = reportedJobSeq(outboxBefore, ev);
      const delivered = this.clears?.deliveredOf(id);
      for (const e of Object.values(next.outbox)) {
        if (
          (e.kind === 'job.created' && !jobPending(next, e)) ||
          seqOf(e) <= consumed ||
          delivered?.has(e.id)
        )
          delete next.outbox[e.id];
      }
      for (const e of result.effects) next.outbox[e.id] = compactEffect(e, next);
      if (Object.keys(next.outbox).length === 0) next.outboxAt = null;
      else next.outboxAt ??= ctx.now;
      let stored: StoredInstance;
      try {
        stored = await this.instances.replace(id, rev, next);
      } catch (e) {
        if (e instanceof RevisionConflictError) {
          this.recent?.forget(id);
          if (attempt > 2) await sleep(Math.min(50, attempt * 2));
          continue;
        }
        // A failed write (e.g. the server was busy) wrote nothing: step again from a fresh read.
        if (isTransient(e) && transient++ < 5) {
          await sleep(10 * 2 ** transient);
          attempt--;
          continue;
        }
        throw e;
      }
      this.clears?.written(stored);
      this.recent?.put(stored);
      endTurn?.();
      await this.dispatchSafely(stored);
      return { instance: stored, changed: true };
    }
    throw flowErrors.busy(id);
  }

  private async contextFor(instance: InstanceState, model: ProcessModel): Promise<StepContext> {
    const extra = this.options.stepContext ? await this.options.stepContext(instance, model) : {};
    const platform = this.options.isPlatformAction;
    return {
      ...extra,
      ...(platform ? { isExternalJob: (t: string) => !platform(t) } : {}),
      now: this.clock.now(),
    };
  }

  // ---- outbox -------------------------------------------------------------------------------

  /**
   * Dispatch after a successful write: a delivery failure does not fail the command (the state
   * is written); the entries stay in the outbox and the sweeper delivers them later.
   */
  private async dispatchSafely(doc: StoredInstance): Promise<void> {
    try {
      const run = () => this.dispatch(doc, { deferClear: this.clears !== null });
      await (this.recent ? this.recent.dispatching(doc.id, run) : run());
    } catch (e) {
      this.options.onError?.(e, { instanceId: doc.id, during: 'dispatch' });
    }
  }

  /**
   * Delivers the outbox of an instance. Order matters when several processes share a store whose
   * conditional writes are only atomic per process (FerretDB, docs/decisions/0002): effects that
   * make another process write the instance — a service-task job, a timer job — are enqueued only
   * after this dispatcher's own last write (clearing the delivered entries). So the next writer
   * never races this one.
   * - tasks, incidents, listeners: delivered first, then cleared — or, when a pending job newer
   *   than all of them goes out too, left for that job's report to drop (reportClears);
   * - timers: cleared (their due times live in the instance; the sweeper fires them), then
   *   enqueued as delayed jobs (the fast path);
   * - jobs: kept in the outbox until the job's report is applied (the step that consumes the job
   *   drops the entry), then enqueued; the sweeper re-enqueues a kept job (same id: a no-op when
   *   it is queued already).
   * With `deferClear` (only when this process is the store's only writer, so the ordering above
   * has nobody to protect against) the delivered entries are remembered instead of written off:
   * the instance's next write leaves them out, or a deferred write clears them (deferred-clears.ts).
   */
  async dispatch(doc: StoredInstance, options: { deferClear?: boolean } = {}): Promise<void> {
    const entries = Object.values(doc.outbox ?? {}).map((e) => expandEffect(e, doc));
    if (entries.length === 0) return;
    const info = effectInfoOf(doc);
    const first = entries.filter((e) => !afterClear(e));
    const queued = entries.filter(afterClear);
    await Promise.all(first.map((e) => retryTransient(() => this.deliver(e, info))));
    const kept = queued.filter((e) => e.kind === 'job.created' && !e.external && jobPending(doc, e));
    const cleared = entries.filter((e) => !kept.includes(e));
    if (cleared.length > 0 && !options.deferClear && reportClears(cleared, kept)) {
      // Nothing to write, here nor in the sweeper: the job's report drops these entries (see
      // reportClears), and a write of ours could race the report on FerretDB.
    } else if (cleared.length > 0 && options.deferClear && this.clears) {
      this.clears.add(
        doc,
        cleared.map((e) => e.id),
      );
    } else if (cleared.length > 0) {
      const outbox = { ...doc.outbox };
      for (const e of cleared) delete outbox[e.id];
      const next = { ...doc, outbox, outboxAt: kept.length ? doc.outboxAt : null };
      try {
        // Grouped with other clears (one command); one told "conflict" that landed costs a read.
        const written = await this.instances.replace(doc.id, doc.rev, next, { grouped: true });
        this.recent?.put(written);
      } catch (e) {
        // Someone wrote the instance meanwhile and carries these entries on: they deliver them again.
        if (!(e instanceof RevisionConflictError) && !(e instanceof NotFoundError)) throw e;
        this.recent?.forget(doc.id);
      }
    }
    await Promise.all(queued.map((e) => retryTransient(() => this.deliver(e, info))));
  }

  private async deliver(effect: Effect, info: EffectInfo): Promise<void> {
    const handler =
      effect.kind === 'job.created' && !effect.external ? undefined : this.handlers.get(effect.kind);
    if (handler && this.recent) await this.recent.delivering(info.instanceId, () => handler(effect, info));
    else if (handler) await handler(effect, info);
    else
      switch (effect.kind) {
        case 'task.opened':
        case 'task.updated':
        case 'task.closed':
          await deliverTaskView(this.tasks, effect, info.instanceId, this.taskRevisions);
          break;
        case 'job.created':
        case 'timer.scheduled':
          await enqueueEffect(effect, info, {
            queue: this.options.queue,
            clock: this.clock,
            retryBackoffMs: this.options.retryBackoffMs ?? 1000,
          });
          break;
        default:
          break;
      }
    const listeners = [...(this.listeners.get(effect.kind) ?? []), ...(this.listeners.get('*') ?? [])];
    for (const listener of listeners)
      if (this.recent) await this.recent.delivering(info.instanceId, async () => listener(effect, info));
      else await listener(effect, info);
  }

  // ---- sweeper ------------------------------------------------------------------------------

  /**
   * Fires due timers (by the injectable clock) and re-delivers outboxes older than
   * `outboxAgeMs`. Safe to run anywhere, any number of times.
   */
  async sweep(
    options: { limit?: number; outboxAgeMs?: number } = {},
  ): Promise<{ timers: number; outboxes: number }> {
    const limit = options.limit ?? 500;
    // Delivered entries waiting for a deferred clear are not stale: write them off first, so the
    // query below finds only outboxes that really were not delivered.
    await this.clears?.flushAll();
    const now = this.clock.now();
    let timers = 0;
    const due = await this.instances.find(
      { status: 'active', nextDueAt: { $lte: now } },
      { limit, sort: [['nextDueAt', 1]], projection: ['nextDueAt'] },
    );
    for (const { id } of due.items) {
      try {
        if ((await this.apply(id, { type: 'timersDue' })).changed) timers++;
      } catch {
        // One broken instance must not stop the sweep; it is tried again next time.
      }
    }
    let outboxes = 0;
    const stale = await this.instances.find(
      { outboxAt: { $lte: now - (options.outboxAgeMs ?? 30_000) } },
      { limit, projection: ['outboxAt'] },
    );
    for (const { id } of stale.items) {
      try {
        const doc = await this.instances.get(id);
        if (doc && Object.keys(doc.outbox ?? {}).length) {
          await this.dispatch(doc);
          outboxes++;
        }
      } catch {
        // Tried again at the next sweep.
      }
    }
    return { timers, outboxes };
  }
}
