// Automations at run time. A domain-event hook turns what happens into jobs:
//
//   record service ──onRecordEvent──┐
//   flow engine ──on('instance.ended')──> publish(event) ── matching automations ──> JobQueue
//   queue scheduler (cron) ─────────┘                         (job id = run id, deterministic)
//
// A run (one job) loads the automation, builds the FEEL context (the record with its decimal
// fields as numbers, the ended instance and its outcome, the module's settings), tests the
// conditions, then runs the actions in order through the worker action registry. Each action
// gets a stable idempotency key (`<run id>-<index>`), and its result is saved in the run log
// before the next one starts, so a retried run resumes after the last finished action instead of
// repeating it. Failures retry with backoff; the last one marks the run failed. Every run — done,
// skipped (conditions false, module disabled) or failed — is in the run log.
//
// The hook is explicit and small: `attach()` makes this service the record service's durable event
// subscriber (`useEventSink`: an event an automation wants is written into the record with the
// change, delivered after it and re-delivered by the sweeper after a crash — record-outbox.ts) and
// listens to the flow service's `instance.ended` (re-delivered by the flow outbox). Delivering an
// event twice enqueues its runs once: run ids come from the automation and the event.
import type { Automation } from '#schemas/generated/index.ts';
import { badRequest, notFound } from '#engine/core/errors.ts';
import {
  automationActor,
  runId as runIdOf,
  triggerKey,
  triggerKeyOf,
  triggers,
  type DomainEvent,
} from '#engine/core/automations/triggers.ts';
import { evaluateInput } from '#engine/core/automations/feel-values.ts';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import { DuplicateKeyError, type Collection, type Page, type Stored } from '#engine/ports/document-store.ts';
import { UnrecoverableJobError, type Job } from '#engine/ports/job-queue.ts';
import { byId } from '../modules/format-1-lookup.ts';
import { RecordSetRuns, SET_RUN_RECORDS } from './record-set-runs.ts';
import { forEachItem } from './for-each.ts';
import { isScheduled, recordEvent } from './domain-events.ts';
import { RunContexts } from './run-context.ts';
import { CollectionMemo, deepFreeze } from '#engine/ports/collection-memo.ts';

import {
  AUTOMATIONS,
  AUTOMATION_QUEUES,
  AUTOMATION_RUNS,
  type AutomationDoc,
  type AutomationJob,
  type AutomationServiceOptions,
  type RunDoc,
} from './automation-types.ts';

export {
  AUTOMATIONS,
  AUTOMATION_QUEUES,
  AUTOMATION_RUNS,
  type ActionCatalogue,
  type AutomationActionContext,
  type AutomationJob,
  type AutomationServiceOptions,
} from './automation-types.ts';

export class AutomationService {
  readonly automations: Collection<AutomationDoc>;
  readonly runs: Collection<RunDoc>;
  /** Runs of record-set automations: batches, progress, what each record got. */
  readonly sets: RecordSetRuns;
  private readonly contexts: RunContexts;
  /** Every record write asks which automations its trigger has: kept until they change. */
  private readonly byTrigger: CollectionMemo<readonly AutomationDoc[]>;
  private readonly findTriggered = async (triggerKey: string) =>
    deepFreeze((await this.automations.find({ triggerKey })).items);

  constructor(private readonly options: AutomationServiceOptions) {
    this.automations = options.store.collection<AutomationDoc>(AUTOMATIONS);
    this.runs = options.store.collection<RunDoc>(AUTOMATION_RUNS);
    this.byTrigger = new CollectionMemo(this.automations);
    this.contexts = new RunContexts(options);
    this.sets = new RecordSetRuns(
      {
        runs: this.runs,
        queue: options.queue,
        clock: options.clock,
        records: options.records,
        automation: (id) => byId(this.automations, id),
        moduleEnabled: options.moduleEnabled,
        context: (a, record, run) => this.contexts.forRecord(a, record, { ...run.event, period: run.period }),
        act: async (a, context, run) => {
          for (const i of a.actions.keys()) await this.invoke(a, i, context, run);
        },
        retryBackoffMs: options.retryBackoffMs ?? 2000,
        ...(options.onError ? { onError: options.onError } : {}),
      },
      options.store.collection(SET_RUN_RECORDS),
    );
  }

  async init(): Promise<void> {
    await this.automations.ensureIndex({ fields: [['triggerKey', 1]] });
    await this.automations.ensureIndex({ fields: [['module', 1]] });
    await this.runs.ensureIndex({
      fields: [
        ['automation', 1],
        ['startedAt', -1],
      ],
    });
    await this.sets.init();
  }

  /** Subscribes to the record and flow events (call once per process). */
  attach(): void {
    this.options.records.useEventSink({
      wants: async (e) => {
        const event = recordEvent(e);
        const items = await this.byTrigger.get(triggerKeyOf(event), this.findTriggered);
        return items.some((a) => a.enabled !== false && triggers(a, event));
      },
      deliver: async (events) => {
        for (const e of events) await this.publish(recordEvent(e));
      },
    });
    this.options.flows.on('instance.ended', async (effect, info) => {
      if (effect.kind !== 'instance.ended') return;
      await this.publish({
        type: 'flow.ended',
        instanceId: info.instanceId,
        processId: info.processId,
        version: info.version,
        status: effect.status,
        ...(info.businessKey ? { businessKey: info.businessKey } : {}),
      });
    });
  }

  /** Enqueues a run of every automation the event triggers (deterministic job ids). */
  async publish(event: DomainEvent): Promise<string[]> {
    const { items } = await this.automations.find({ triggerKey: triggerKeyOf(event) });
    const enqueued: string[] = [];
    for (const a of items) {
      if (a.enabled === false || !triggers(a, event)) continue;
      if (a.trigger.type === 'record.set' && event.type === 'schedule') {
        enqueued.push((await this.sets.start(a, event.at)).id);
        continue;
      }
      const runId = runIdOf(a.id, event);
      await this.options.queue.enqueue<AutomationJob>(
        AUTOMATION_QUEUES.run,
        { automationId: a.id, runId, event },
        {
          jobId: runId,
          attempts: a.retries ?? 5,
          backoff: { type: 'exponential', delay: this.options.retryBackoffMs ?? 2000 },
        },
      );
      enqueued.push(runId);
    }
    return enqueued;
  }

  // ---- definitions (the module installer) -------------------------------------------------------

  /** Replaces a module's automations; schedules follow `enabled`. */
  async replaceModule(module: string, automations: Automation[], enabled: boolean): Promise<void> {
    const { items } = await this.automations.find({ module });
    const keep = new Set(automations.map((a) => a.id));
    for (const old of items)
      if (!keep.has(old.id)) {
        await this.automations.delete(old.id);
        if (isScheduled(old)) await this.options.queue.removeRepeat(AUTOMATION_QUEUES.schedule, old.id);
      }
    for (const a of automations) {
      const doc: AutomationDoc = { ...a, module, triggerKey: triggerKey(a) };
      const current = await this.automations.get(a.id);
      if (current) await this.automations.replace(a.id, current.rev, doc);
      else await this.automations.insert({ ...doc, id: a.id });
    }
    await this.setSchedules(module, enabled);
  }

  /** Starts (module enabled) or stops the cron schedules of a module's automations. */
  async setSchedules(module: string, enabled: boolean): Promise<void> {
    const { items } = await this.automations.find({ module });
    for (const a of items) {
      if (!isScheduled(a) || !a.trigger.cron) continue;
      if (enabled && a.enabled !== false)
        await this.options.queue.repeat(
          AUTOMATION_QUEUES.schedule,
          a.id,
          { cron: a.trigger.cron },
          { automationId: a.id },
        );
      else await this.options.queue.removeRepeat(AUTOMATION_QUEUES.schedule, a.id);
    }
  }

  async list(filter: { module?: string } = {}): Promise<AutomationDoc[]> {
    const { items } = await this.automations.find(filter.module ? { module: filter.module } : {}, {
      sort: [['id', 1]],
    });
    return items.map(({ rev: _rev, ...a }) => a as AutomationDoc);
  }

  async get(id: string): Promise<Stored<AutomationDoc>> {
    const a = await byId(this.automations, id);
    if (!a) throw notFound('AUTOMATION_NOT_FOUND', `There is no automation "${id}"`, `没有自动化“${id}”`);
    return a;
  }

  async listRuns(
    automationId: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Stored<RunDoc>>> {
    const { id } = await this.get(automationId);
    return this.runs.find(
      { automation: id },
      {
        sort: [['startedAt', -1]],
        limit: Math.min(Math.max(page.limit ?? 50, 1), 200),
        ...(page.cursor ? { after: page.cursor } : {}),
      },
    );
  }

  /** A run (of the given automation, when named). */
  async getRun(runIdOrAutomation: string, maybeRunId?: string): Promise<Stored<RunDoc>> {
    const runId = maybeRunId ?? runIdOrAutomation;
    const automation = maybeRunId ? (await this.get(runIdOrAutomation)).id : undefined;
    const run = await this.runs.get(runId);
    if (!run || (automation && run.automation !== automation))
      throw notFound('AUTOMATION_RUN_NOT_FOUND', `There is no run "${runId}"`, `没有运行记录“${runId}”`);
    return run;
  }

  /** What a record-set run did with each record. */
  async runRecords(
    automationId: string,
    runId: string,
    query: { status?: 'succeeded' | 'skipped' | 'failed'; limit?: number; cursor?: string } = {},
  ) {
    const run = await this.getRun(automationId, runId);
    return this.sets.records(run.id, query);
  }

  /**
   * Runs a scheduled automation now, in this process (admins' "run now"; tests with a clock). A
   * record-set automation starts (or continues) the run of the current period on the queue and
   * answers at once, its progress in the run.
   */
  async runNow(automationId: string): Promise<Stored<RunDoc>> {
    const a = await this.get(automationId);
    if (a.trigger.type === 'record.set') return this.sets.start(a, this.options.clock.now());
    if (a.trigger.type !== 'schedule')
      throw badRequest(
        'AUTOMATION_NOT_SCHEDULED',
        'Only scheduled automations can be run on demand',
        '只有定时自动化可以立即运行',
      );
    const event: DomainEvent = { type: 'schedule', automationId: a.id, at: this.options.clock.now() };
    const runId = `${runIdOf(a.id, event)}-manual`;
    await this.execute({ automationId: a.id, runId, event }, 0, 1);
    return this.getRun(runId);
  }

  // ---- processors -------------------------------------------------------------------------------

  /** Handler of the run queue. */
  readonly handleRun = async (job: Job<AutomationJob>): Promise<unknown> =>
    this.execute(job.payload, job.attemptsMade, job.attempts);

  /** Handler of the schedule queue: each cron tick becomes a run (one per automation and minute). */
  readonly handleSchedule = async (job: Job<{ automationId: string }>): Promise<unknown> => {
    const at = Math.floor(this.options.clock.now() / 60_000) * 60_000;
    return this.publish({ type: 'schedule', automationId: job.payload.automationId, at });
  };

  /** The first of `modules` that is not enabled (an automation's `requiresModules`), else null. */
  private async missingModules(modules: readonly string[] | undefined): Promise<string | null> {
    for (const id of modules ?? []) if (!(await this.options.moduleEnabled(id))) return id;
    return null;
  }

  /** The first of `modules` that is enabled (an automation's `unlessModules`), else null. */
  private async presentModules(modules: readonly string[] | undefined): Promise<string | null> {
    for (const id of modules ?? []) if (await this.options.moduleEnabled(id)) return id;
    return null;
  }

  private async execute(payload: AutomationJob, attempt: number, attempts: number): Promise<unknown> {
    const { runId, event } = payload;
    const automation = await byId(this.automations, payload.automationId);
    const automationId = automation?.id ?? payload.automationId;
    let run = await this.startRun(runId, automationId, automation?.module, event, attempt);
    if (run.status === 'succeeded' || run.status === 'skipped') return { status: run.status };
    if (!automation) return this.finish(run, 'skipped', 'the automation no longer exists');
    if (automation.enabled === false) return this.finish(run, 'skipped', 'the automation is disabled');
    if (!(await this.options.moduleEnabled(automation.module)))
      return this.finish(run, 'skipped', `module ${automation.module} is disabled`);
    const missing = await this.missingModules(automation.requiresModules);
    if (missing) return this.finish(run, 'skipped', `module ${missing} is not enabled`);
    const present = await this.presentModules(automation.unlessModules);
    if (present) return this.finish(run, 'skipped', `module ${present} is enabled`);
    let current = -1;
    try {
      const context = await this.contexts.forEvent(automation, event);
      if (context === null) return this.finish(run, 'skipped', 'the flow outcome does not match');
      for (const [i, condition] of (automation.conditions ?? []).entries())
        if (!evaluateCondition(condition, context))
          return this.finish(run, 'skipped', `condition ${i + 1} is false: ${condition}`);
      for (const [i, step] of automation.actions.entries()) {
        const done = run.steps[i];
        if (done?.status === 'succeeded') {
          if (step.resultVariable) context[step.resultVariable] = done.result ?? null;
          continue;
        }
        current = i;
        const value = await this.invoke(automation, i, context, { runId, key: runId, attempt, attempts });
        run = await this.saveStep(run, i, {
          action: step.action,
          status: 'succeeded',
          result: value,
          at: this.iso(),
        });
      }
      return this.finish(run, 'succeeded');
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      const unrecoverable =
        e instanceof UnrecoverableJobError ||
        (e as { name?: string }).name === 'BpmnError' ||
        (e as { status?: number }).status !== undefined;
      const last = unrecoverable || attempt + 1 >= attempts;
      const step = current >= 0 ? automation.actions[current] : undefined;
      if (step)
        run = await this.saveStep(run, current, {
          action: step.action,
          status: 'failed',
          error: message,
          at: this.iso(),
        });
      if (last) {
        await this.finish(run, 'failed', message);
        this.options.onError?.(e, { automation: automationId, runId });
        return { status: 'failed' };
      }
      throw e; // the queue retries with backoff
    }
  }

  /**
   * Runs action `i` of an automation with the context (its result under its resultVariable);
   * `key` makes the idempotency key (`<key>-<i>`): the same key never does the same work twice.
   */
  private async invoke(
    automation: Automation & { module: string },
    i: number,
    context: Record<string, unknown>,
    run: { runId: string; key: string; attempt: number; attempts: number },
  ): Promise<Record<string, unknown>> {
    const step = automation.actions[i]!;
    const value =
      step.forEach === undefined
        ? await this.invokeOnce(automation, i, context, run, `${run.key}-${i}`)
        : await forEachItem(step, i, context, run.key, (scope, key) =>
            this.invokeOnce(automation, i, scope, run, key),
          );
    if (step.resultVariable) context[step.resultVariable] = value;
    return value;
  }

  private async invokeOnce(
    automation: Automation & { module: string },
    i: number,
    context: Record<string, unknown>,
    run: { runId: string; key: string; attempt: number; attempts: number },
    idempotencyKey: string,
  ): Promise<Record<string, unknown>> {
    const step = automation.actions[i]!;
    if (step.when !== undefined && !evaluateCondition(step.when, context)) return { skipped: true };
    const action = this.options.actions.get(step.action);
    if (!action) throw new UnrecoverableJobError(`no action named "${step.action}" is registered`);
    const input = evaluateInput(step.input ?? {}, context) as Record<string, unknown>;
    const result = await action.run({
      instanceId: run.runId,
      processId: `automation:${automation.id}`,
      processVersion: 0,
      elementId: `action-${i + 1}`,
      tokenId: String(i),
      idempotencyKey,
      variables: context,
      headers: {},
      attempt: run.attempt,
      attempts: run.attempts,
      store: this.options.store,
      clock: this.options.clock,
      input,
      automation: { id: automation.id, module: automation.module, runId: run.runId },
    });
    return result ?? {};
  }

  private async startRun(
    runId: string,
    automationId: string,
    module: string | undefined,
    event: DomainEvent,
    attempt: number,
  ): Promise<Stored<RunDoc>> {
    for (let i = 0; i < 5; i++) {
      const existing = await this.runs.get(runId);
      if (existing) {
        if (existing.status !== 'running' && existing.status !== 'failed') return existing;
        try {
          return await this.runs.update(runId, existing.rev, {
            set: { attempts: attempt + 1, status: 'running' },
          });
        } catch (e) {
          if ((e as { code?: string }).code !== 'REVISION_CONFLICT') throw e;
          continue;
        }
      }
      try {
        return await this.runs.insert({
          id: runId,
          automation: automationId,
          ...(module ? { module } : {}),
          trigger: event.type === 'record' ? `record.${event.kind}` : event.type,
          status: 'running',
          attempts: attempt + 1,
          startedAt: this.iso(),
          event: event as unknown as Record<string, unknown>,
          steps: [],
        });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
      }
    }
    throw new Error(`run ${runId} is busy`);
  }

  private async saveStep(
    run: Stored<RunDoc>,
    index: number,
    step: RunDoc['steps'][number],
  ): Promise<Stored<RunDoc>> {
    const steps = run.steps.slice(0, index);
    steps[index] = step;
    return this.runs.update(run.id, run.rev, { set: { steps } });
  }

  private async finish(
    run: Stored<RunDoc>,
    status: RunDoc['status'],
    reason?: string,
  ): Promise<{ status: string }> {
    await this.runs.update(run.id, run.rev, {
      set: { status, endedAt: this.iso(), ...(reason ? { error: reason } : {}) },
    });
    return { status };
  }

  private iso(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

export { automationActor };
