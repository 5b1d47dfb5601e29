// A store collection seen through one access decision: every query is AND-ed with the decision's
// row filter (a row outside it does not exist for the caller: get → null, update → NotFoundError,
// so routes answer 404, not 403), what is read has hidden fields removed and masked fields masked,
// and writes may not change read-only fields or move a row out of the caller's rows. Filters and
// sorts on hidden or masked fields are refused: they would leak the values.
//
// Build one per request and action: `new ScopedCollection(store.collection('customers'),
// resolveAccess(principal, 'record:customer', 'read'))`, or `access.scoped(…)` (AccessService).
import { commonErrors } from '#engine/core/errors.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { AccessDecision, FieldRestrictions } from '#engine/core/permissions/access.ts';
import { getAt, setAt, unsetAt } from '#engine/core/doc-paths.ts';
import {
  fieldsForRow,
  readOnlyViolations,
  readView,
  unqueryablePaths,
} from '#engine/core/permissions/fields.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import {
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type Filter,
  type FindOptions,
  type NewDoc,
  type Page,
  type Stored,
  type UpdateChanges,
} from '#engine/ports/document-store.ts';

export interface ScopedWriteOptions {
  /** Paths the server sets itself (owner, timestamps): exempt from the read-only check. */
  serverPaths?: readonly string[];
}

function filterPaths(filter: Filter, out: string[] = []): string[] {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (Array.isArray(value)) for (const sub of value) filterPaths(sub as Filter, out);
    } else if (!key.startsWith('$')) out.push(key);
  }
  return out;
}

/** What a scoped collection calls the rows it guards, in the out-of-scope error. */
const ROW_NOUN = { en: 'row', zh: '数据' };

export class ScopedCollection<T extends object = Record<string, unknown>> {
  constructor(
    readonly collection: Collection<T>,
    readonly decision: AccessDecision,
  ) {}

  get name(): string {
    return this.collection.name;
  }

  /** `filter` AND the decision's row filter: use it for any query made outside this class. */
  scopeFilter(filter: Filter = {}): Filter {
    this.assertAllowed();
    const row = this.decision.rowFilter;
    if (Object.keys(row).length === 0) return filter;
    if (Object.keys(filter).length === 0) return row;
    return { $and: [filter, row] };
  }

  /** A row as the caller may read it (hidden fields removed, masked fields masked). */
  view(row: Stored<T>, fields: FieldRestrictions = fieldsForRow(this.decision, row)): Stored<T> {
    return readView(row, fields);
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Page<Stored<T>>> {
    this.assertQueryable([...filterPaths(filter), ...(options.sort ?? []).map(([p]) => p)]);
    const page = await this.collection.find(this.scopeFilter(filter), options);
    const fixed = options.projection ? this.decision.fields : undefined;
    return { items: page.items.map((row) => this.view(row, fixed)), nextCursor: page.nextCursor };
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'sort'> = {}): Promise<Stored<T> | null> {
    const { items } = await this.find(filter, { ...options, limit: 1 });
    return items[0] ?? null;
  }

  async count(filter: Filter = {}): Promise<number> {
    this.assertQueryable(filterPaths(filter));
    return this.collection.count(this.scopeFilter(filter));
  }

  async get(id: string): Promise<Stored<T> | null> {
    const row = await this.getRaw(id);
    return row ? this.view(row) : null;
  }

  async insert(doc: NewDoc<T>, options: ScopedWriteOptions = {}): Promise<Stored<T>> {
    this.assertAllowed();
    this.assertWritable({}, doc, fieldsForRow(this.decision, doc), options);
    this.assertInScope(doc);
    return this.view(await this.collection.insert(doc));
  }

  async update(
    id: string,
    expectedRev: number,
    changes: UpdateChanges,
    options: ScopedWriteOptions = {},
  ): Promise<Stored<T>> {
    const current = await this.current(id, expectedRev);
    const after = structuredClone(current) as Record<string, unknown>;
    for (const [path, value] of Object.entries(changes.set ?? {}))
      if (value !== undefined) setAt(after, path, value);
    for (const path of changes.unset ?? []) unsetAt(after, path);
    this.assertWritable(current, after, fieldsForRow(this.decision, current), options);
    this.assertInScope(after);
    return this.view(await this.collection.update(id, expectedRev, changes));
  }

  /**
   * Replaces a row. The caller never saw hidden values and saw masked ones masked, so those fields
   * keep their stored values whatever `doc` says about them.
   */
  async replace(
    id: string,
    expectedRev: number,
    doc: NewDoc<T>,
    options: ScopedWriteOptions = {},
  ): Promise<Stored<T>> {
    const current = await this.current(id, expectedRev);
    const fields = fieldsForRow(this.decision, current);
    const next = structuredClone(doc) as Record<string, unknown>;
    for (const path of [...fields.hidden, ...fields.masked]) {
      const kept = getAt(current, path);
      if (kept === undefined) unsetAt(next, path);
      else setAt(next, path, kept);
    }
    this.assertWritable(current, next, fields, options);
    this.assertInScope({ ...next, id });
    return this.view(await this.collection.replace(id, expectedRev, next as NewDoc<T>));
  }

  /** Deletes a row the caller can see; false when there is none (or it is outside the rows). */
  async delete(id: string, expectedRev?: number): Promise<boolean> {
    const current = await this.getRaw(id);
    if (!current) return false;
    if (expectedRev !== undefined && current.rev !== expectedRev)
      throw new RevisionConflictError(this.name, id, expectedRev);
    return this.collection.delete(id, current.rev);
  }

  private async getRaw(id: string): Promise<Stored<T> | null> {
    return this.collection.findOne(this.scopeFilter({ id }));
  }

  private async current(id: string, expectedRev: number): Promise<Stored<T>> {
    const current = await this.getRaw(id);
    if (!current) throw new NotFoundError(this.name, id);
    if (current.rev !== expectedRev) throw new RevisionConflictError(this.name, id, expectedRev);
    return current;
  }

  private assertAllowed(): void {
    if (!this.decision.allowed) throw commonErrors.forbidden();
  }

  private assertQueryable(paths: string[]): void {
    this.assertAllowed();
    const bad = unqueryablePaths(paths, this.decision.fields);
    if (bad.length > 0) throw recordErrors.fieldNotQueryable(bad);
  }

  private assertWritable(
    before: unknown,
    after: unknown,
    fields: FieldRestrictions,
    options: ScopedWriteOptions,
  ): void {
    const bad = readOnlyViolations(before, after, fields, options.serverPaths);
    if (bad.length > 0) throw recordErrors.fieldReadOnly(bad);
  }

  private assertInScope(row: unknown): void {
    if (!rowMatches(row, this.decision.rowFilter)) throw commonErrors.rowOutOfScope(ROW_NOUN);
  }
}
