// The inbox and request views of a user:
//   tasks        my open tasks — assigned to me, or offered to me or a role of mine and not yet
//                claimed — with filters and counts, overdue first, then by due date, then oldest
//   done         tasks I completed or acted on (returned, transferred, delegated, signed)
//   cc           requests CC'd to me
//   requests     my requests with their status, current step and who holds it
//   task/request one item with its timeline and the actions I may take
// Lists read the tasks collection (what the flow engine keeps for listing); details read the
// instance itself, which is authoritative.
import {
  allowedActions,
  isParticipant,
  requesterOf,
  type TaskActionName,
  someoneActed,
} from '#engine/core/approvals/access.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { timeline, type TimelineEntry } from '#engine/core/approvals/timeline.ts';
import type { TaskView } from '#engine/core/flows/events.ts';
import { parseTaskId } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, Filter, Stored } from '#engine/ports/document-store.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { StoredInstance } from '../flows/runtime.ts';
import type { OrgChart, OrgView } from '../org/org-chart.ts';
import type { Actor } from '#engine/core/actor.ts';
import type { ApprovalActor } from '#engine/core/approvals/access.ts';
import type { NameLocale } from '#engine/core/flows/names/localized-name.ts';
import { modelIn } from '#engine/core/flows/names/model-in.ts';
import { approverOf } from './actions/types.ts';
import type { CcDoc } from './approval-service.ts';
import {
  countsOf,
  inboxItemOf,
  inboxOrder,
  type InboxCounts,
  type InboxFilter,
  type InboxItem,
} from './inbox-items.ts';
import { readerOf } from './readers.ts';
import { requestItemOf, visibleVariables, type RequestItem } from './request-items.ts';
import type { RequestDocumentView, RequestReading, RequestViews } from './request-views.ts';

// The rows and request shapes live in their own files; they stay importable from here.
export type { InboxCounts, InboxFilter, InboxItem } from './inbox-items.ts';
export { requestStatus, type RequestItem } from './request-items.ts';

const LIST_CAP = 2000;

function encodeOffset(n: number): string {
  return Buffer.from(`o${n}`).toString('base64url');
}
function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const n = Number(text.slice(1));
  if (!text.startsWith('o') || !Number.isInteger(n) || n < 0) return 0;
  return n;
}

export class ApprovalInbox {
  constructor(
    private readonly d: {
      clock: Clock;
      flows: FlowService;
      org: OrgChart;
      cc: Collection<CcDoc>;
      views: RequestViews;
      /** Task ids whose approval by the user is held for its undo window (out of their open list). */
      held?: (userId: string) => Promise<Set<string>>;
    },
  ) {}

  /** Each task's request summary, as the task's step may see it (instances read once per list). */
  private async withSummaries(items: InboxItem[], actor: ApprovalActor): Promise<InboxItem[]> {
    const ids = [...new Set(items.map((i) => i.instanceId))];
    if (!ids.length) return items;
    const { items: docs } = await this.d.flows.runtime.instances.find(
      { id: { $in: ids } },
      { limit: LIST_CAP, projection: ['id', 'variables'] },
    );
    const vars = new Map(docs.map((d) => [d.id, d.variables]));
    const reading = this.d.views.reading();
    return Promise.all(
      items.map(async (i) => {
        const summary = await reading
          .summary(i.processId, vars.get(i.instanceId), {
            steps: [i.elementId],
            userId: actor.userId,
            roles: actor.roles,
            ...(actor.admin ? { all: true } : {}),
          })
          .catch(() => undefined);
        return summary ? { ...i, summary } : i;
      }),
    );
  }

  private get tasks(): Collection<TaskView> {
    return this.d.flows.runtime.tasks;
  }

  async init(): Promise<void> {
    await Promise.all([
      this.tasks.ensureIndex({ fields: [['completedBy', 1]] }),
      this.tasks.ensureIndex({ fields: [['actedBy', 1]] }),
    ]);
  }

  private async model(processId: string, version: number): Promise<ProcessModel | null> {
    try {
      return await this.d.flows.definitions.model(`${processId}@${version}`);
    } catch {
      return null;
    }
  }

  /** Step and flow names are in the reader's language (their own locale). */
  private async item(t: TaskView, org: OrgView, now: number, locale: NameLocale): Promise<InboxItem> {
    return inboxItemOf(t, await this.model(t.processId, t.processVersion), org, now, locale);
  }

  /** Every open task the actor holds (assigned, or offered and unclaimed). */
  private async openFor(actor: ApprovalActor): Promise<TaskView[]> {
    const queries: Filter[] = [
      { state: 'open', assignee: actor.userId },
      { state: 'open', candidateUsers: actor.userId },
    ];
    if (actor.roles.length) queries.push({ state: 'open', candidateGroups: { $in: [...actor.roles] } });
    const pages = await Promise.all(queries.map((f) => this.tasks.find(f, { limit: LIST_CAP })));
    const seen = new Map<string, TaskView>();
    for (const page of pages)
      for (const t of page.items as Stored<TaskView>[]) {
        if (seen.has(t.id)) continue;
        if (t.assignee && t.assignee !== actor.userId) continue;
        // Not through a group for one's own request (see holderOf).
        if (!t.assignee && t.requester === actor.userId) continue;
        const { rev: _rev, ...view } = t;
        seen.set(t.id, view as TaskView);
      }
    return [...seen.values()];
  }

  async myTasks(
    who: Actor,
    filter: InboxFilter = {},
    page: { limit?: number; cursor?: string } = {},
  ): Promise<{ items: InboxItem[]; total: number; counts: InboxCounts; nextCursor: string | null }> {
    const actor = approverOf(who);
    const now = this.d.clock.now();
    const org = await this.d.org.snapshot();
    const held = (await this.d.held?.(actor.userId)) ?? new Set<string>();
    const all = await Promise.all(
      (await this.openFor(actor))
        .filter((t) => !held.has(t.id))
        .map((t) => this.item(t, org, now, actor.locale ?? 'en')),
    );
    const counts = countsOf(all, now);
    const q = filter.q?.trim().toLowerCase();
    const items = all
      .filter((i) => !filter.processId || i.processId === filter.processId)
      .filter((i) => !filter.elementId || i.elementId === filter.elementId)
      .filter((i) => filter.overdue === undefined || i.overdue === filter.overdue)
      .sort(inboxOrder);
    // The text filter also finds a request by its title (so summaries are read before paging).
    const described = q ? await this.withSummaries(items, actor) : items;
    const found = described.filter(
      (i) =>
        !q ||
        [i.name, i.processName, i.businessKey, i.requester, i.requesterName, i.summary?.title].some((s) =>
          s?.toLowerCase().includes(q),
        ),
    );
    const offset = decodeOffset(page.cursor);
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
    const page_ = found.slice(offset, offset + limit);
    const slice = q ? page_ : await this.withSummaries(page_, actor);
    return {
      items: slice,
      total: found.length,
      counts,
      nextCursor: offset + limit < found.length ? encodeOffset(offset + limit) : null,
    };
  }

  async counts(who: Actor): Promise<InboxCounts & { cc: number }> {
    const actor = approverOf(who);
    const now = this.d.clock.now();
    const org = await this.d.org.snapshot();
    const held = (await this.d.held?.(actor.userId)) ?? new Set<string>();
    const all = await Promise.all(
      (await this.openFor(actor))
        .filter((t) => !held.has(t.id))
        .map((t) => this.item(t, org, now, actor.locale ?? 'en')),
    );
    return { ...countsOf(all, now), cc: await this.d.cc.count({ userId: actor.userId }) };
  }

  async done(
    who: Actor,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
    const actor = approverOf(who);
    const now = this.d.clock.now();
    const org = await this.d.org.snapshot();
    const result = await this.tasks.find(
      { $or: [{ completedBy: actor.userId }, { actedBy: actor.userId }] },
      {
        sort: [['createdAt', -1]],
        limit: Math.min(Math.max(page.limit ?? 50, 1), 200),
        ...(page.cursor ? { after: page.cursor } : {}),
      },
    );
    const items = await Promise.all(result.items.map((t) => this.item(t, org, now, actor.locale ?? 'en')));
    return { items: await this.withSummaries(items, actor), nextCursor: result.nextCursor };
  }

  async cc(
    who: Actor,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<{
    items: Array<CcDoc & { id: string; request: RequestItem | null }>;
    nextCursor: string | null;
  }> {
    const actor = approverOf(who);
    const result = await this.d.cc.find(
      { userId: actor.userId },
      {
        sort: [['at', -1]],
        limit: Math.min(Math.max(page.limit ?? 50, 1), 200),
        ...(page.cursor ? { after: page.cursor } : {}),
      },
    );
    const ids = [...new Set(result.items.map((c) => c.instanceId))];
    const requests = await this.requestItems(ids.length ? { id: { $in: ids } } : null, actor);
    const byId = new Map(requests.map((r) => [r.id, r]));
    return {
      items: result.items.map(({ rev: _rev, ...c }) => ({ ...c, request: byId.get(c.instanceId) ?? null })),
      nextCursor: result.nextCursor,
    };
  }

  /** The actor's requests (instances they started), newest first. */
  async requests(
    who: Actor,
    filter: { processId?: string; active?: boolean } = {},
    page: { limit?: number; cursor?: string } = {},
  ): Promise<{ items: RequestItem[]; nextCursor: string | null }> {
    const actor = approverOf(who);
    const f: Filter = { startedBy: actor.userId };
    if (filter.processId) f.processId = filter.processId;
    if (filter.active !== undefined) f.status = filter.active ? 'active' : { $ne: 'active' };
    const result = await this.d.flows.runtime.instances.find(f, {
      sort: [['startedAt', -1]],
      limit: Math.min(Math.max(page.limit ?? 50, 1), 200),
      ...(page.cursor ? { after: page.cursor } : {}),
      projection: ['id'],
    });
    const ids = result.items.map((d) => d.id);
    const items = ids.length ? await this.requestItems({ id: { $in: ids } }, actor) : [];
    const order = new Map(ids.map((id, i) => [id, i]));
    return {
      items: items.sort((a, b) => order.get(a.id)! - order.get(b.id)!),
      nextCursor: result.nextCursor,
    };
  }

  private async requestItems(filter: Filter | null, actor: ApprovalActor): Promise<RequestItem[]> {
    if (!filter) return [];
    const { items: docs } = await this.d.flows.runtime.instances.find(filter, { limit: LIST_CAP });
    if (!docs.length) return [];
    const org = await this.d.org.snapshot();
    const reading = this.d.views.reading();
    return Promise.all(docs.map((doc) => this.requestItem(doc, org, actor, reading)));
  }

  private async requestItem(
    doc: StoredInstance,
    org: OrgView,
    actor: ApprovalActor,
    reading: RequestReading = this.d.views.reading(),
  ): Promise<RequestItem> {
    const model = await this.model(doc.processId, doc.version);
    const summary = await reading
      .summary(doc.processId, doc.variables, readerOf(doc, model, actor))
      .catch(() => undefined);
    return requestItemOf(doc, model, org, summary, actor.locale);
  }

  /** One request with its timeline, as a participant sees it. */
  async request(
    who: Actor,
    instanceId: string,
  ): Promise<
    RequestItem & {
      variables: Record<string, unknown>;
      timeline: TimelineEntry[];
      canRecall: boolean;
      document?: RequestDocumentView;
    }
  > {
    const actor = approverOf(who);
    const doc = await this.d.flows.runtime.instances.get(instanceId);
    if (!doc || !isParticipant(doc, actor)) throw approvalErrors.requestNotFound(instanceId);
    const org = await this.d.org.snapshot();
    const model = await this.model(doc.processId, doc.version);
    const item = await this.requestItem(doc, org, actor);
    const document = await this.d.views.document(doc, readerOf(doc, model, actor));
    const requester = requesterOf(doc);
    const returned = Object.values(doc.tokens).some((t) => t.task?.attributes?.kind === 'resubmit');
    const acted = someoneActed(doc);
    return {
      ...item,
      variables: visibleVariables(doc.variables, document),
      ...(document ? { document } : {}),
      timeline: timeline(doc.history, model && modelIn(model, actor.locale), doc.id),
      canRecall: doc.status === 'active' && requester === actor.userId && (!acted || returned),
    };
  }

  /** One task (open or done) with its request, timeline and the actions the actor may take. */
  async task(
    who: Actor,
    taskId: string,
  ): Promise<{
    task: InboxItem;
    request: RequestItem & { variables: Record<string, unknown>; document?: RequestDocumentView };
    timeline: TimelineEntry[];
    actions: TaskActionName[];
    delegation?: unknown;
    returned?: unknown;
  }> {
    const actor = approverOf(who);
    const ref = parseTaskId(taskId);
    const doc = ref ? await this.d.flows.runtime.instances.get(ref.instanceId) : null;
    if (!ref || !doc || !isParticipant(doc, actor)) throw approvalErrors.taskNotFound(taskId);
    const token = doc.tokens[ref.tokenId];
    const stored = await this.tasks.get(taskId);
    // An open task as the instance holds it now (the tasks collection may lag by one delivery).
    const view: TaskView | null =
      token?.task && token.state === 'waiting'
        ? ((await this.d.flows.view(doc)).openTasks.find((t) => t.id === taskId) ?? stored)
        : stored;
    if (!view) throw approvalErrors.taskNotFound(taskId);
    const org = await this.d.org.snapshot();
    const model = await this.model(doc.processId, doc.version);
    const attrs = token?.task?.attributes ?? {};
    // The form as this task's step shows it (its field permissions), to the one who holds it.
    const reader = { steps: [view.elementId], userId: actor.userId, roles: actor.roles };
    const document = await this.d.views.document(
      doc,
      requesterOf(doc) === actor.userId
        ? readerOf(doc, model, actor)
        : actor.admin
          ? { ...reader, all: true }
          : reader,
    );
    const [task] = await this.withSummaries(
      [await this.item(view, org, this.d.clock.now(), actor.locale ?? 'en')],
      actor,
    );
    return {
      task: task!,
      request: {
        ...(await this.requestItem(doc, org, actor)),
        variables: visibleVariables(doc.variables, document),
        ...(document ? { document } : {}),
      },
      timeline: timeline(doc.history, model && modelIn(model, actor.locale), doc.id),
      actions: token ? allowedActions(doc, token, actor) : [],
      ...(attrs.delegation ? { delegation: attrs.delegation } : {}),
      ...(attrs.kind === 'resubmit'
        ? { returned: { by: attrs.returnedBy, at: attrs.returnedAt, comment: attrs.returnComment } }
        : {}),
    };
  }
}
