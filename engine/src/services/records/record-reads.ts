// Reading records: get, list (filter on any field, sort, cursor pages, full text on the title),
// count, scan (exports) and each record's history — every query carries the caller's row filter
// (a row outside it is a 404), and what comes back is shaped for the reader (hidden fields
// removed, masked fields masked; sensitive fields masked for all but the owner and the form's
// `readSensitive` roles). RecordService adds the writes on top.
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { commonErrors } from '#engine/core/errors.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { recordIndexSpecs } from '#engine/core/forms/record-indexes.ts';
import { combineFilters, planQuery, type RecordQuery } from '#engine/core/forms/record-query.ts';
import type { AccessDecision } from '#engine/core/permissions/access.ts';
import { fieldsForRow } from '#engine/core/permissions/fields.ts';
import {
  DuplicateKeyError,
  InvalidCursorError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { FormService } from '../forms/form-service.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import {
  historyView,
  PRIVILEGED_ROLES,
  readRights,
  RecordCodec,
  recordView,
  type ReadRights,
} from './record-codec.ts';
import {
  RECORD_HISTORY,
  recordCollection,
  recordRevOf,
  type HistoryEntry,
  type StoredRecord,
} from './record-docs.ts';
import { assertAllowed, assertFormRole } from './record-rules.ts';

export type Row = Stored<StoredRecord>;
type Data = Record<string, unknown>;

export interface RecordReadOptions {
  store: DocumentStore;
  forms: FormService;
  codec: RecordCodec;
}

export class RecordReads {
  protected readonly historyCol: Collection<HistoryEntry>;
  private readonly indexed = new Set<string>();

  constructor(protected readonly base: RecordReadOptions) {
    this.historyCol = base.store.collection<HistoryEntry>(RECORD_HISTORY);
    base.forms.onPublished((form) => this.ensureIndexes(form));
  }

  get codec(): RecordCodec {
    return this.base.codec;
  }

  get forms(): FormService {
    return this.base.forms;
  }

  async init(): Promise<void> {
    await this.historyCol.ensureIndex({ fields: [['recordId', 1]] });
  }

  collection(formId: string): Collection<StoredRecord> {
    return this.base.store.collection<StoredRecord>(recordCollection(formId));
  }

  /** The indexes of a form's records (core/forms/record-indexes.ts), made once per version. */
  async ensureIndexes(form: CompiledForm): Promise<void> {
    const key = `${form.definition.id}@${form.version}`;
    if (this.indexed.has(key)) return;
    const col = this.collection(form.definition.id);
    for (const spec of recordIndexSpecs(form.definition, form.fields)) await col.ensureIndex(spec);
    this.indexed.add(key);
  }

  async get(actor: DecidedActor, formId: string, id: string): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'read');
    return this.view(actor, await this.formOf(row), row);
  }

  async list(
    actor: DecidedActor,
    formId: string,
    query: RecordQuery = {},
  ): Promise<{ items: RecordEnvelope[]; nextCursor: string | null }> {
    assertAllowed(actor.decision);
    const latest = await this.latestForm(formId);
    assertFormRole(latest.definition, actor, 'read');
    const plan = this.plan(actor, latest, query);
    const filter = combineFilters([...plan.conditions, actor.decision.rowFilter]);
    let page;
    try {
      page = await this.collection(formId).find(filter, {
        sort: plan.sort,
        limit: plan.limit,
        ...(plan.after ? { after: plan.after } : {}),
      });
    } catch (e) {
      if (e instanceof InvalidCursorError) throw commonErrors.invalidCursor('/cursor');
      throw e;
    }
    const items: RecordEnvelope[] = [];
    for (const row of page.items) items.push(this.view(actor, await this.formOf(row), row));
    return { items, nextCursor: page.nextCursor };
  }

  async count(
    actor: DecidedActor,
    formId: string,
    query: Pick<RecordQuery, 'where' | 'q' | 'deleted'> = {},
  ): Promise<number> {
    assertAllowed(actor.decision);
    const latest = await this.latestForm(formId);
    assertFormRole(latest.definition, actor, 'read');
    const plan = this.plan(actor, latest, query);
    return this.collection(formId).count(combineFilters([...plan.conditions, actor.decision.rowFilter]));
  }

  /** Every record a query selects, page by page, as the actor may read them (exports). */
  async *scan(
    actor: DecidedActor,
    formId: string,
    query: Omit<RecordQuery, 'limit' | 'cursor'> = {},
    pageSize = 500,
  ): AsyncGenerator<{ record: RecordEnvelope; form: CompiledForm }> {
    let cursor: string | null | undefined;
    do {
      const page = await this.list(actor, formId, {
        ...query,
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
      for (const record of page.items)
        yield { record, form: await this.base.forms.compiled(formId, record.formVersion) };
      cursor = page.nextCursor;
    } while (cursor);
  }

  async history(actor: DecidedActor, formId: string, id: string): Promise<ReturnType<typeof historyView>[]> {
    const row = await this.findRow(actor.decision, formId, id);
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'read');
    const { items } = await this.historyCol.find({ recordId: id }, { sort: [['recordRev', 1]] });
    const entries: HistoryEntry[] = items.filter((e) => e.recordRev <= recordRevOf(row));
    if (!entries.some((e) => e.recordRev === row.lastChange.recordRev)) entries.push(row.lastChange);
    const form = await this.formOf(row);
    const rights = this.rights(actor, form, row);
    return entries.map((e) => historyView(form, this.codec, e, rights));
  }

  /**
   * Copies a history entry to the history collection (idempotent). A record holds the entry of
   * its current revision itself (`lastChange`, written atomically with the change); it is copied
   * here just before the next change replaces it, so the collection holds every earlier entry and
   * a crash between the two writes loses nothing.
   */
  async flushHistory(entry: HistoryEntry): Promise<void> {
    try {
      await this.historyCol.insert(entry);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
  }

  /**
   * A stored record as the actor may read it. `plain`: its data in clear when the caller has it
   * (a write that has just encoded it), so nothing is decrypted again.
   */
  view(actor: DecidedActor, form: CompiledForm, row: Row, plain?: Data): RecordEnvelope {
    const { data, unreadable } = plain
      ? { data: plain, unreadable: [] }
      : this.codec.decode(form, row.id, row.data);
    return recordView(form, row, data, unreadable, this.rights(actor, form, row));
  }

  // ---- shared with the writes ----------------------------------------------------------------

  protected rights(actor: DecidedActor, form: CompiledForm, row: Row): ReadRights {
    return readRights(form.definition, actor.principal, row.owner, fieldsForRow(actor.decision, row));
  }

  protected async findRow(decision: AccessDecision, formId: string, id: string): Promise<Row> {
    assertAllowed(decision);
    const row =
      typeof id === 'string' && id !== ''
        ? await this.collection(formId).findOne(combineFilters([{ id }, decision.rowFilter]))
        : null;
    if (!row) throw recordErrors.notFound(formId, id);
    return row;
  }

  protected formOf(row: Row): Promise<CompiledForm> {
    return this.base.forms.compiled(row.form, row.formVersion);
  }

  /** The newest version (deprecated or not): its permission lists rule every record of the form. */
  protected async latestForm(formId: string, row?: Row): Promise<CompiledForm> {
    try {
      return await this.base.forms.latest(formId);
    } catch (e) {
      if (row) return this.formOf(row);
      throw e;
    }
  }

  private plan(actor: DecidedActor, form: CompiledForm, query: RecordQuery) {
    const clear = actor.principal.roles.some(
      (r) => PRIVILEGED_ROLES.includes(r) || (form.definition.permissions?.readSensitive ?? []).includes(r),
    );
    const secret = [...actor.decision.fields.hidden, ...actor.decision.fields.masked];
    if (!clear) for (const f of form.fields.all()) if (f.sensitive) secret.push(`data.${f.path}`);
    return planQuery(query, {
      fields: form.fields,
      ...(form.definition.defaultSort ? { defaultSort: form.definition.defaultSort } : {}),
      secret,
      blindIndexes: (path, value) =>
        this.codec.cipher.blindIndexes(RecordCodec.blindScope(form.definition.id, path), value),
    });
  }
}
