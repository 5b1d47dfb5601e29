// FlowService: the typed API of the flow engine that HTTP routes, the approvals layer and the
// workers call. Definitions (deploy, versions), instances (start, get, list, cancel, history,
// variables, modification), user tasks (list, get, complete, update), incidents (list, retry /
// resolve with variables) and the sweeper. It runs only on the ports, in either run mode.
import { randomUUID } from 'node:crypto';
import type { FlowEvent, TaskChanges, TaskView, Variables } from '#engine/core/flows/events.ts';
import { flowErrors } from '#engine/core/flows/errors.ts';
import { newInstance, parseTaskId, type InstanceStatus } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { BpmnProblem } from '#engine/core/flows/problems.ts';
import type { ConversionReport } from '#engine/core/flows/convert/camunda7.ts';
import { taskViewOf } from '#engine/core/flows/task-view.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore, Filter, Page } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import {
  DefinitionRepository,
  type DefinitionLookups,
  type DefinitionSummary,
  type DeployedForm,
} from './definitions.ts';
import { attachCalls } from './calls.ts';
import { MessageService } from './messages.ts';
import {
  FlowRuntime,
  type EffectListener,
  type EventBuilder,
  type StepContextProvider,
  type StoredInstance,
} from './runtime.ts';
import {
  historyView,
  incidentView,
  instanceView,
  iso,
  refOf,
  stripRev,
  type HistoryView,
  type IncidentView,
  type InstanceRef,
  type InstanceSummary,
  type InstanceView,
} from './views.ts';

export type {
  HistoryView,
  IncidentView,
  InstanceRef,
  InstanceSummary,
  InstanceView,
  TokenView,
} from './views.ts';
import type { EffectKind } from '#engine/core/flows/events.ts';

export interface FlowServiceOptions extends DefinitionLookups {
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  /** Per-step context: FEEL extras (requester, org functions) and the task-assignment hook. */
  stepContext?: StepContextProvider;
  /** Base delay of the exponential backoff between service-task attempts (default 1 s). */
  retryBackoffMs?: number;
  /**
   * Whether a job type is a platform action; any other type is a job for an external worker
   * (without it, every job type is an action).
   */
  isPlatformAction?: (type: string) => boolean;
  /** Errors the runtime recovers from by itself (failed deliveries), for logging. */
  onError?: (error: unknown, context: { instanceId: string; during: string }) => void;
}

export interface InstanceFilter {
  processId?: string;
  version?: number;
  status?: InstanceStatus;
  startedBy?: string;
  businessKey?: string;
  /** Instances with a token at this element (their "current step"). */
  elementId?: string;
  withIncidents?: boolean;
}

export interface TaskFilter {
  state?: TaskView['state'];
  assignee?: string;
  /** Tasks offered to any of these groups. */
  candidateGroups?: string[];
  candidateUser?: string;
  instanceId?: string;
  processId?: string;
}

export interface PageRequest {
  limit?: number;
  after?: string;
}

export interface StartOptions {
  variables?: Variables;
  version?: number;
  businessKey?: string;
  by?: string;
  instanceId?: string;
}

export interface TaskCompletion {
  variables?: Variables;
  localVariables?: Variables;
  outcome?: string;
  by?: string;
  comment?: string;
  data?: Record<string, unknown>;
}

const INSTANCE_ID = /^[A-Za-z0-9_.-]{1,120}$/;

export class FlowService {
  readonly definitions: DefinitionRepository;
  readonly runtime: FlowRuntime;
  /** Publishing messages: correlation, buffering, message start events. */
  readonly messages: MessageService;

  constructor(private readonly options: FlowServiceOptions) {
    this.definitions = new DefinitionRepository(options.store, options, () => options.clock.now());
    this.runtime = new FlowRuntime({
      store: options.store,
      queue: options.queue,
      clock: options.clock,
      definitions: this.definitions,
      ...(options.stepContext ? { stepContext: options.stepContext } : {}),
      ...(options.retryBackoffMs !== undefined ? { retryBackoffMs: options.retryBackoffMs } : {}),
      ...(options.isPlatformAction ? { isPlatformAction: options.isPlatformAction } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    attachCalls(this.runtime, this.definitions);
    this.messages = new MessageService(this.runtime, this.definitions);
  }

  /** Creates the indexes (idempotent); call once at startup. */
  async init(): Promise<this> {
    await Promise.all([this.definitions.init(), this.runtime.init(), this.messages.init()]);
    return this;
  }

  /** Subscribes to delivered effects (task.opened, instance.ended …); delivery is at least once. */
  on(kind: EffectKind | '*', listener: EffectListener): () => void {
    return this.runtime.on(kind, listener);
  }

  // ---- definitions --------------------------------------------------------------------------

  async validate(xml: string, files: { forms?: unknown[] } = {}): Promise<BpmnProblem[]> {
    return (await this.definitions.validate(xml, files)).problems;
  }

  /**
   * Deploys BPMN XML: each executable process as the next version of its process (the reply is
   * the first, with all in `deployed`); throws FLOW_DEFINITION_INVALID (422).
   */
  async deploy(
    xml: string,
    options: { by?: string; forms?: unknown[] } = {},
  ): Promise<
    DefinitionSummary & {
      duplicate: boolean;
      deployed: Array<DefinitionSummary & { duplicate: boolean }>;
      conversion?: ConversionReport;
      forms: DeployedForm[];
    }
  > {
    return this.definitions.deploy(xml, options.by, options.forms ? { forms: options.forms } : {});
  }

  /** A dry run of the Camunda 7 conversion: the converted XML, the report and its problems. */
  async convert(xml: string): Promise<{ xml: string; report: ConversionReport; problems: BpmnProblem[] }> {
    const { report } = await this.definitions.convert(xml);
    const validated = await this.definitions.validate(xml);
    return { xml: validated.xml, report, problems: validated.problems };
  }

  async listDefinitions(): Promise<Array<DefinitionSummary & { versions: number }>> {
    return this.definitions.list();
  }

  /** Every version of a process with its instance counts per status. */
  async listVersions(
    processId: string,
  ): Promise<Array<DefinitionSummary & { instances: Record<InstanceStatus, number> }>> {
    const versions = await this.definitions.versions(processId);
    if (versions.length === 0) throw flowErrors.definitionNotFound(processId);
    return Promise.all(
      versions.map(async (v) => {
        const [active, completed, cancelled] = await Promise.all(
          (['active', 'completed', 'cancelled'] as const).map((status) =>
            this.runtime.instances.count({ processId, version: v.version, status }),
          ),
        );
        return { ...v, instances: { active: active!, completed: completed!, cancelled: cancelled! } };
      }),
    );
  }

  async getDefinition(
    processId: string,
    version?: number,
  ): Promise<DefinitionSummary & { xml: string; model: ProcessModel }> {
    const doc = await this.definitions.get(processId, version);
    const model = await this.definitions.model(`${doc.processId}@${doc.version}`);
    return {
      ...(await this.definitions.versions(processId)).find((v) => v.version === doc.version)!,
      xml: doc.xml,
      model,
    };
  }

  // ---- instances ----------------------------------------------------------------------------

  /**
   * Starts an instance of the latest (or a given) version. With `instanceId` (a caller that links
   * the instance to something before it starts, as a request's record) the call is idempotent:
   * starting the same id again returns the existing instance.
   */
  async startInstance(processId: string, options: StartOptions = {}): Promise<InstanceView> {
    return this.view(await this.startStored(processId, options));
  }

  /**
   * startInstance without building the InstanceView (its tokens, tasks and history cost more
   * than the rest of a start): for callers that need only the id and status.
   */
  async start(processId: string, options: StartOptions = {}): Promise<InstanceRef> {
    return refOf(await this.startStored(processId, options));
  }

  private async startStored(processId: string, options: StartOptions): Promise<StoredInstance> {
    const id = options.instanceId ?? randomUUID();
    if (!INSTANCE_ID.test(id)) throw flowErrors.badInstanceId(id);
    const def =
      options.version === undefined
        ? await this.definitions.latestKey(processId)
        : (await this.definitions.model(`${processId}@${options.version}`).catch(() => null))
          ? { processId, version: options.version }
          : null;
    if (!def) throw flowErrors.definitionNotFound(processId, options.version);
    const initial = newInstance({
      id,
      processId: def.processId,
      version: def.version,
      now: this.options.clock.now(),
      ...(options.businessKey ? { businessKey: options.businessKey } : {}),
      ...(options.by ? { startedBy: options.by } : {}),
    });
    try {
      return await this.runtime.create(initial, {
        type: 'start',
        ...(options.variables ? { variables: options.variables } : {}),
        ...(options.by ? { by: options.by } : {}),
      });
    } catch (e) {
      // The id was started before (a retried request, or two at once): the existing instance. A
      // given id is fresh nearly always, so the insert finds out instead of a read before it.
      if (options.instanceId && (e as { code?: string }).code === 'DUPLICATE_KEY')
        return this.runtime.load(id);
      throw e;
    }
  }

  async getInstance(id: string): Promise<InstanceView> {
    return this.view(await this.runtime.load(id));
  }

  async listInstances(filter: InstanceFilter = {}, page: PageRequest = {}): Promise<Page<InstanceSummary>> {
    const f: Filter = {};
    if (filter.processId) f.processId = filter.processId;
    if (filter.version !== undefined) f.version = filter.version;
    if (filter.status) f.status = filter.status;
    if (filter.startedBy) f.startedBy = filter.startedBy;
    if (filter.businessKey) f.businessKey = filter.businessKey;
    if (filter.elementId) f.activeElementIds = filter.elementId;
    if (filter.withIncidents) f.incidentCount = { $gt: 0 };
    const result = await this.runtime.instances.find(f, {
      sort: [['startedAt', -1]],
      limit: Math.min(Math.max(1, page.limit ?? 50), 500),
      ...(page.after ? { after: page.after } : {}),
      projection: [
        'processId',
        'version',
        'status',
        'businessKey',
        'startedBy',
        'startedAt',
        'endedAt',
        'activeElementIds',
        'incidentCount',
      ],
    });
    return {
      items: result.items.map((d) => ({
        id: d.id,
        processId: d.processId,
        version: d.version,
        status: d.status,
        ...(d.businessKey ? { businessKey: d.businessKey } : {}),
        ...(d.startedBy ? { startedBy: d.startedBy } : {}),
        startedAt: iso(d.startedAt)!,
        ...(d.endedAt !== undefined ? { endedAt: iso(d.endedAt)! } : {}),
        currentElements: d.activeElementIds ?? [],
        incidentCount: d.incidentCount ?? 0,
      })),
      nextCursor: result.nextCursor,
    };
  }

  /** The instance history, optionally of one element. */
  async getHistory(id: string, options: { elementId?: string } = {}): Promise<HistoryView[]> {
    const doc = await this.runtime.load(id);
    return doc.history
      .filter((h) => !options.elementId || h.elementId === options.elementId)
      .map(historyView);
  }

  async cancelInstance(id: string, options: { by?: string; reason?: string } = {}): Promise<InstanceView> {
    return this.send(id, { type: 'cancel', ...options });
  }

  async setVariables(
    id: string,
    variables: Variables,
    options: { by?: string; tokenId?: string } = {},
  ): Promise<InstanceView> {
    return this.send(id, { type: 'setVariables', variables, ...options });
  }

  /** Instance modification: activate elements (e.g. return to an earlier task), terminate others. */
  async modifyInstance(
    id: string,
    modification: {
      activate?: Array<{ elementId: string; variables?: Variables }>;
      terminate?: Array<{ tokenId?: string; elementId?: string }>;
      by?: string;
      reason?: string;
    },
  ): Promise<InstanceView> {
    return this.send(id, { type: 'modify', ...modification });
  }

  /** A history entry without a state change (comment, CC, attachment …). */
  async addNote(
    id: string,
    note: { action: string; tokenId?: string; by?: string; comment?: string; data?: Record<string, unknown> },
  ): Promise<InstanceView> {
    return this.send(id, { type: 'note', ...note });
  }

  /**
   * Applies any core event (for callers that build their own, e.g. approvals). A builder function
   * makes the event from the freshly loaded instance on every attempt: check-and-act in one write.
   */
  async send(id: string, event: FlowEvent | EventBuilder): Promise<InstanceView> {
    return this.view((await this.runtime.apply(id, event)).instance);
  }

  // ---- user tasks ---------------------------------------------------------------------------

  async getTask(taskId: string): Promise<TaskView> {
    const stored = await this.runtime.tasks.get(taskId);
    if (stored) return stripRev(stored);
    // Not written yet (its outbox is on the way): read it from the instance.
    const ref = parseTaskId(taskId);
    const doc = ref ? await this.runtime.instances.get(ref.instanceId) : null;
    const token = ref && doc ? doc.tokens[ref.tokenId] : undefined;
    if (!doc || !token?.task || token.state !== 'waiting') throw flowErrors.taskNotFound(taskId);
    const model = await this.definitions.model(doc.definitionKey);
    return taskViewOf(doc, token, model.elements[token.elementId], 'open');
  }

  async listTasks(filter: TaskFilter = {}, page: PageRequest = {}): Promise<Page<TaskView>> {
    const f: Filter = {};
    if (filter.state) f.state = filter.state;
    if (filter.assignee) f.assignee = filter.assignee;
    if (filter.candidateGroups?.length) f.candidateGroups = { $in: filter.candidateGroups };
    if (filter.candidateUser) f.candidateUsers = filter.candidateUser;
    if (filter.instanceId) f.instanceId = filter.instanceId;
    if (filter.processId) f.processId = filter.processId;
    const result = await this.runtime.tasks.find(f, {
      sort: [['createdAt', 1]],
      limit: Math.min(Math.max(1, page.limit ?? 50), 500),
      ...(page.after ? { after: page.after } : {}),
    });
    return { items: result.items.map(stripRev), nextCursor: result.nextCursor };
  }

  /**
   * Completes an open user task. Exactly one of two concurrent completions wins; the other gets
   * FLOW_TASK_NOT_OPEN (409).
   */
  async completeTask(taskId: string, completion: TaskCompletion = {}): Promise<InstanceView> {
    return this.view(await this.completeStored(taskId, completion));
  }

  /** completeTask without building the InstanceView, for callers that need only the status. */
  async complete(taskId: string, completion: TaskCompletion = {}): Promise<InstanceRef> {
    return refOf(await this.completeStored(taskId, completion));
  }

  private async completeStored(taskId: string, completion: TaskCompletion): Promise<StoredInstance> {
    const ref = parseTaskId(taskId);
    if (!ref) throw flowErrors.taskNotFound(taskId);
    const event: FlowEvent = { type: 'completeTask', tokenId: ref.tokenId, ...completion };
    return (await this.runtime.apply(ref.instanceId, event)).instance;
  }

  /** Changes assignee, candidates, dates or attributes of an open task (claim, transfer, delegate). */
  async updateTask(
    taskId: string,
    changes: TaskChanges,
    meta: { by?: string; action?: string; comment?: string; data?: Record<string, unknown> } = {},
  ): Promise<InstanceView> {
    const ref = parseTaskId(taskId);
    if (!ref) throw flowErrors.taskNotFound(taskId);
    return this.send(ref.instanceId, { type: 'updateTask', tokenId: ref.tokenId, changes, ...meta });
  }

  /** Cancels one inner instance of a multi-instance task (a withdrawn signer). */
  async cancelInnerInstance(
    taskId: string,
    meta: { by?: string; reason?: string } = {},
  ): Promise<InstanceView> {
    const ref = parseTaskId(taskId);
    if (!ref) throw flowErrors.taskNotFound(taskId);
    return this.send(ref.instanceId, { type: 'cancelInnerInstance', tokenId: ref.tokenId, ...meta });
  }

  /** Adds an item (e.g. a signer) to the running multi-instance activity of a task. */
  async addInnerInstance(
    taskId: string,
    item: unknown,
    options: { position?: 'next' | 'end'; by?: string } = {},
  ): Promise<InstanceView> {
    const ref = parseTaskId(taskId);
    if (!ref) throw flowErrors.taskNotFound(taskId);
    return this.send(ref.instanceId, { type: 'addInnerInstance', tokenId: ref.tokenId, item, ...options });
  }

  // ---- incidents ----------------------------------------------------------------------------

  async listIncidents(
    filter: { processId?: string; instanceId?: string } = {},
    limit = 200,
  ): Promise<IncidentView[]> {
    const f: Filter = { incidentCount: { $gt: 0 } };
    if (filter.processId) f.processId = filter.processId;
    const find = (where: Filter) =>
      this.runtime.instances.find(where, { limit, projection: ['processId', 'version', 'incidents'] });
    const pages = filter.instanceId
      ? // An instance's incidents include those of the instances it called (they stop it too).
        await Promise.all([
          find({ ...f, id: filter.instanceId }),
          find({ ...f, rootInstanceId: filter.instanceId }),
        ])
      : [await find(f)];
    return pages.flatMap(({ items }) =>
      items.flatMap((d) => Object.values(d.incidents ?? {}).map((i) => incidentView(d, i))),
    );
  }

  /** Retries what an incident stopped; with variables this is "resolve with new variables". */
  async retryIncident(
    instanceId: string,
    incidentId: string,
    options: { variables?: Variables; by?: string } = {},
  ): Promise<InstanceView> {
    return this.send(instanceId, { type: 'retryIncident', incidentId, ...options });
  }

  // ---- sweeper ------------------------------------------------------------------------------

  /** Fires due timers and re-delivers stale outboxes (workers run it periodically; tests call it). */
  async sweep(
    options: { limit?: number; outboxAgeMs?: number } = {},
  ): Promise<{ timers: number; outboxes: number }> {
    const result = await this.runtime.sweep(options);
    await this.messages.sweep();
    return result;
  }

  // ---- views --------------------------------------------------------------------------------

  async view(doc: StoredInstance): Promise<InstanceView> {
    return instanceView(doc, await this.definitions.model(doc.definitionKey));
  }
}
