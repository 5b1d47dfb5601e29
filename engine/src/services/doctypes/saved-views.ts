// Saved views: a person's named ways of looking at a document type's records — which screen
// (table, board, calendar), the filter, the search, the sort, the columns, the board's grouping —
// kept per user and form. Nobody else sees them, not even an administrator through this service:
// every read and write names the user. A view's query is checked by running it once as the user
// (a field they may not filter on, or one the form lacks, is refused with its path, like a list).
//
//   list(user, form) · create(user, input) · update(user, id, input) · remove(user, id)
import { randomUUID } from 'node:crypto';
import { doctypeErrors } from '#engine/core/doctypes/errors.ts';
import type { RecordQuery } from '#engine/core/forms/record-query.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { RecordService } from '../records/record-service.ts';

export const SAVED_VIEWS = 'saved_views';
/** Saved views per user and document type. */
export const MAX_VIEWS_PER_FORM = 50;

export type ViewKind = 'table' | 'kanban' | 'calendar';

/** What a saved view holds (everything but `name` and `view` optional). */
export interface SavedViewInput {
  name: string;
  view: ViewKind;
  where?: Record<string, unknown>;
  q?: string;
  sort?: Array<{ field: string; direction?: 'asc' | 'desc' }>;
  columns?: string[];
  groupBy?: string;
  calendarMode?: 'month' | 'week' | 'day';
}

interface SavedViewDoc extends SavedViewInput {
  id: string;
  userId: string;
  form: string;
  createdAt: string;
  updatedAt: string;
}

export type SavedView = Omit<SavedViewDoc, 'userId'> & { rev: number };

function viewOf(doc: Stored<SavedViewDoc>): SavedView {
  const { userId: _u, ...rest } = doc;
  return rest;
}

export class SavedViewService {
  readonly col: Collection<SavedViewDoc>;

  constructor(private readonly deps: { store: DocumentStore; clock: Clock; records: RecordService }) {
    this.col = deps.store.collection<SavedViewDoc>(SAVED_VIEWS);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({
      fields: [
        ['userId', 1],
        ['form', 1],
        ['name', 1],
      ],
      unique: true,
    });
  }

  /** The user's views of a form, by name. */
  async list(principal: Principal, form: string): Promise<SavedView[]> {
    await this.checkQuery(principal, form, {});
    const { items } = await this.col.find(
      { userId: principal.userId, form },
      { sort: [['name', 1]], limit: MAX_VIEWS_PER_FORM },
    );
    return items.map(viewOf);
  }

  async create(principal: Principal, form: string, input: SavedViewInput): Promise<SavedView> {
    await this.checkQuery(principal, form, input);
    const count = await this.col.count({ userId: principal.userId, form });
    if (count >= MAX_VIEWS_PER_FORM) throw doctypeErrors.tooManyViews(MAX_VIEWS_PER_FORM);
    const now = new Date(this.deps.clock.now()).toISOString();
    const doc: SavedViewDoc = {
      ...clean(input),
      id: randomUUID(),
      userId: principal.userId,
      form,
      createdAt: now,
      updatedAt: now,
    };
    try {
      return viewOf(await this.col.insert(doc));
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw doctypeErrors.viewExists(input.name);
      throw e;
    }
  }

  /** Replaces a view's content; `rev`, when given, must be current. */
  async update(principal: Principal, id: string, input: SavedViewInput, rev?: number): Promise<SavedView> {
    const existing = await this.mine(principal, id);
    if (rev !== undefined && rev !== existing.rev) throw doctypeErrors.viewStale(existing.name);
    await this.checkQuery(principal, existing.form, input);
    const { id: _i, rev: _r, ...base } = existing;
    const doc: SavedViewDoc = {
      ...clean(input),
      id,
      userId: base.userId,
      form: base.form,
      createdAt: base.createdAt,
      updatedAt: new Date(this.deps.clock.now()).toISOString(),
    };
    try {
      return viewOf(await this.col.replace(id, existing.rev, doc));
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw doctypeErrors.viewExists(input.name);
      if (e instanceof RevisionConflictError) throw doctypeErrors.viewStale(existing.name);
      throw e;
    }
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.mine(principal, id);
    await this.col.delete(id);
  }

  private async mine(principal: Principal, id: string): Promise<Stored<SavedViewDoc>> {
    const doc = await this.col.get(id);
    // Someone else's view is as absent as one that never existed.
    if (!doc || doc.userId !== principal.userId) throw doctypeErrors.viewNotFound(id);
    return doc;
  }

  /** The user may read the form's records, and the view's query is one they may run. */
  private async checkQuery(
    principal: Principal,
    form: string,
    input: Pick<SavedViewInput, 'where' | 'q' | 'sort'>,
  ): Promise<void> {
    const query: RecordQuery = {
      limit: 1,
      ...(input.where ? { where: input.where } : {}),
      ...(input.q ? { q: input.q } : {}),
      ...(input.sort?.length ? { sort: input.sort } : {}),
    };
    const actor = { principal, decision: resolveAccess(principal, `record:${form}`, 'read') };
    await this.deps.records.list(actor, form, query);
  }
}

/** The input without keys that are undefined (the store keeps what it is given). */
function clean(input: SavedViewInput): SavedViewInput {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  ) as unknown as SavedViewInput;
}
