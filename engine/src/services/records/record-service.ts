// Records of forms: create, get, list (filter on any field, sort, cursor pages, full text on the
// title), update with a revision check, soft delete and restore, and each record's history.
//
// Access: every call carries the caller's decision for resource `record:<form>` and the action
// (read, create, update, delete). Its row filter is part of every store query (a row outside it
// is a 404); its field restrictions apply to what is returned (hidden removed, masked masked) and
// accepted (read-only fields cannot change). On top, a form's own `permissions` lists restrict
// roles per action, and sensitive fields read masked for everyone but the record's owner and the
// form's `readSensitive` roles.
import { randomUUID } from 'node:crypto';
import type { FormDefinition, RecordEnvelope } from '#schemas/generated/index.ts';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  notFound,
  unprocessable,
  type ErrorDetail,
} from '#engine/core/errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { diffData, type FieldChange } from '#engine/core/forms/diff.ts';
import { recordIndexSpecs } from '#engine/core/forms/record-indexes.ts';
import { combineFilters, planQuery, type RecordQuery } from '#engine/core/forms/record-query.ts';
import type { AccessDecision, FieldRestrictions } from '#engine/core/permissions/access.ts';
import { fieldsForRow, readOnlyViolations } from '#engine/core/permissions/fields.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  InvalidCursorError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { FormService } from '../forms/form-service.ts';
import { audit, type Actor, type AuditSink } from '../forms/ports.ts';
import {
  getAt,
  historyView,
  maskedPaths,
  PRIVILEGED_ROLES,
  readRights,
  RecordCodec,
  recordView,
  setAt,
  type ReadRights,
} from './record-codec.ts';
import {
  RECORD_HISTORY,
  recordCollection,
  type HistoryAction,
  type HistoryEntry,
  type StoredRecord,
} from './record-docs.ts';
import { MASK } from '#engine/core/crypto/mask.ts';

type Data = Record<string, unknown>;
type Row = Stored<StoredRecord>;

export interface RecordEvent {
  type: 'created' | 'updated' | 'deleted' | 'restored' | 'status';
  form: string;
  recordId: string;
  rev: number;
  actor: string;
  /** JSON pointers of the changed data fields. */
  changed: string[];
  status: string;
}

export type RecordListener = (event: RecordEvent) => void | Promise<void>;

export interface RecordServiceOptions {
  store: DocumentStore;
  clock: Clock;
  forms: FormService;
  codec: RecordCodec;
  audit?: AuditSink;
  /** Called when a record event listener throws (the write itself has succeeded). */
  onListenerError?: (error: unknown, event: RecordEvent) => void;
}

export interface CreateOptions {
  /** Initial status (default `active`). */
  status?: string;
  /** Owner when creating on someone's behalf (the row rules must still cover the record). */
  owner?: string;
  department?: string;
  /** A chosen id (imports, idempotent automations); a clash is RECORD_EXISTS. */
  id?: string;
}

export interface UpdateInput {
  /** The revision the change is based on. */
  rev: number;
  /** The whole new data… */
  data?: Data;
  /** …or top-level fields to change (null removes a field). */
  patch?: Data;
  /** Validate against the form's current version and move the record to it. */
  upgrade?: boolean;
}

export type FormAction = 'create' | 'read' | 'update';

export class RecordService {
  private readonly historyCol: Collection<HistoryEntry>;
  private readonly listeners: RecordListener[] = [];
  private readonly indexed = new Set<string>();

  constructor(private readonly options: RecordServiceOptions) {
    this.historyCol = options.store.collection<HistoryEntry>(RECORD_HISTORY);
    options.forms.onPublished((form) => this.ensureIndexes(form));
  }

  get codec(): RecordCodec {
    return this.options.codec;
  }

  get forms(): FormService {
    return this.options.forms;
  }

  async init(): Promise<void> {
    await this.historyCol.ensureIndex({ fields: [['recordId', 1]] });
  }

  onRecordEvent(listener: RecordListener): void {
    this.listeners.push(listener);
  }

  collection(formId: string): Collection<StoredRecord> {
    return this.options.store.collection<StoredRecord>(recordCollection(formId));
  }

  /** The indexes of a form's records (core/forms/record-indexes.ts), made once per version. */
  async ensureIndexes(form: CompiledForm): Promise<void> {
    const key = `${form.definition.id}@${form.version}`;
    if (this.indexed.has(key)) return;
    const col = this.collection(form.definition.id);
    for (const spec of recordIndexSpecs(form.definition, form.fields)) await col.ensureIndex(spec);
    this.indexed.add(key);
  }

  // ---- create ---------------------------------------------------------------------------------

  async create(
    actor: Actor,
    formId: string,
    input: unknown,
    options: CreateOptions = {},
  ): Promise<RecordEnvelope> {
    assertAllowed(actor.decision);
    const form = await this.options.forms.current(formId);
    assertFormRole(form.definition, actor, 'create');
    await this.ensureIndexes(form);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw badRequest('RECORD_DATA_INVALID', 'The record data must be an object', '记录数据必须是对象', [
        { path: '', message: 'must be an object', messageZh: '必须是对象' },
      ]);
    const owner = options.owner ?? actor.principal.userId;
    const department = options.department ?? (options.owner ? undefined : actor.principal.department);
    const fields = fieldsForRow(actor.decision, {
      form: formId,
      owner,
      ...(department ? { department } : {}),
    });
    assertWritable({}, { data: input }, fields);
    const { data } = this.checkData(form, input);
    const doc = this.newRecord(actor, form, data, {
      ...options,
      owner,
      ...(department ? { department } : {}),
    });
    const changes = doc.lastChange.changes;
    let stored: Row;
    try {
      stored = await this.collection(formId).insert(doc);
    } catch (e) {
      if (e instanceof DuplicateKeyError)
        throw conflict(
          'RECORD_EXISTS',
          `A record with id "${doc.id}" already exists`,
          `id 为“${doc.id}”的记录已存在`,
        );
      throw e;
    }
    await this.afterWrite(actor, 'record.create', 'created', stored, undefined, changes);
    return this.view(actor, form, stored);
  }

  /**
   * The stored document of a new record from validated data (create and import). Throws
   * ROW_OUT_OF_SCOPE when the actor's row rules would not cover it.
   */
  newRecord(
    actor: Actor,
    form: CompiledForm,
    data: Data,
    options: CreateOptions & { importId?: string } = {},
  ): StoredRecord & { id: string } {
    const id = options.id ?? randomUUID();
    const now = this.now();
    const by = actor.principal.userId;
    const formId = form.definition.id;
    // The first entry records who created the record and when; its values are the record's
    // initial data, which the next entries' `before` values show as they change.
    const changes: FieldChange[] = [];
    const owner = options.owner ?? by;
    const department = options.department ?? (options.owner ? undefined : actor.principal.department);
    const doc: StoredRecord & { id: string } = {
      id,
      form: formId,
      formVersion: form.version,
      module: form.definition.module,
      ...this.codec.encode(form, id, data),
      status: options.status ?? 'active',
      owner,
      ...(department ? { department } : {}),
      createdAt: now,
      createdBy: by,
      updatedAt: now,
      updatedBy: by,
      deleted: false,
      ...(options.importId ? { importId: options.importId } : {}),
      lastChange: historyEntry(formId, id, 1, options.importId ? 'import' : 'create', now, by, changes),
    };
    assertInScope(actor.decision, doc);
    return doc;
  }

  // ---- read -----------------------------------------------------------------------------------

  async get(actor: Actor, formId: string, id: string): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'read');
    return this.view(actor, await this.formOf(row), row);
  }

  async list(
    actor: Actor,
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
      if (e instanceof InvalidCursorError)
        throw badRequest(
          'INVALID_CURSOR',
          'The page cursor is invalid for this query',
          '分页游标与此查询不符',
          [{ path: '/cursor', message: 'invalid cursor', messageZh: '无效的游标' }],
        );
      throw e;
    }
    const items: RecordEnvelope[] = [];
    for (const row of page.items) items.push(this.view(actor, await this.formOf(row), row));
    return { items, nextCursor: page.nextCursor };
  }

  async count(
    actor: Actor,
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
    actor: Actor,
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
        yield { record, form: await this.options.forms.compiled(formId, record.formVersion) };
      cursor = page.nextCursor;
    } while (cursor);
  }

  async history(actor: Actor, formId: string, id: string): Promise<ReturnType<typeof historyView>[]> {
    const row = await this.findRow(actor.decision, formId, id);
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'read');
    const { items } = await this.historyCol.find({ recordId: id }, { sort: [['recordRev', 1]] });
    const entries: HistoryEntry[] = items.filter((e) => e.recordRev <= row.rev);
    if (!entries.some((e) => e.recordRev === row.lastChange.recordRev)) entries.push(row.lastChange);
    const form = await this.formOf(row);
    const rights = this.rights(actor, form, row);
    return entries.map((e) => historyView(form, this.codec, e, rights));
  }

  // ---- write ----------------------------------------------------------------------------------

  async update(actor: Actor, formId: string, id: string, input: UpdateInput): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    assertRev(row, input.rev);
    if (row.deleted)
      throw conflict('RECORD_DELETED', 'The record is deleted; restore it first', '记录已删除，请先恢复');
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'update');
    const form = input.upgrade ? await this.options.forms.current(formId) : await this.formOf(row);
    const { data: current } = this.codec.decode(form, id, row.data);
    if ((input.data === undefined) === (input.patch === undefined))
      throw badRequest('RECORD_UPDATE_INVALID', 'Give either data or patch', '请提供 data 或 patch 之一');
    let next: Data;
    if (input.patch) {
      next = structuredClone(current);
      for (const [k, v] of Object.entries(input.patch)) {
        if (v === null) delete next[k];
        else next[k] = v;
      }
    } else next = structuredClone(input.data as Data);
    const rights = this.rights(actor, form, row);
    keepUnseenValues(form, rights, current, next);
    assertWritable({ data: current }, { data: next }, rights.fields);
    const { data } = this.checkData(form, next);
    const changes = diffData(current, data);
    if (changes.length === 0 && form.version === row.formVersion) return this.view(actor, form, row);
    const now = this.now();
    const by = actor.principal.userId;
    const encodedChanges = this.codec.encodeChanges(form, id, changes);
    const parts = this.codec.encode(form, id, data);
    const { id: _id, rev: _rev, ...base } = row;
    const doc: StoredRecord = {
      ...base,
      formVersion: form.version,
      data: parts.data,
      search: parts.search,
      updatedAt: now,
      updatedBy: by,
      lastChange: historyEntry(
        formId,
        id,
        row.rev + 1,
        'update',
        now,
        by,
        encodedChanges,
        form.version !== row.formVersion
          ? { formVersion: { before: row.formVersion, after: form.version } }
          : undefined,
      ),
    };
    for (const key of ['title', 'num', 'blind'] as const) {
      if (parts[key] === undefined) delete doc[key];
      else (doc as unknown as Data)[key] = parts[key];
    }
    assertInScope(actor.decision, { ...doc, id });
    return this.commit(actor, form, row, doc, 'record.update', 'updated', encodedChanges);
  }

  /** Sets the status (and flow instance) of a record: flows and approvals call this. */
  async setStatus(
    actor: Actor,
    formId: string,
    id: string,
    change: { status: string; instanceId?: string; rev?: number },
  ): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    if (change.rev !== undefined) assertRev(row, change.rev);
    const form = await this.formOf(row);
    const meta: Data = { status: { before: row.status, after: change.status } };
    if (change.instanceId !== undefined)
      meta.instanceId = { before: row.instanceId, after: change.instanceId };
    return this.envelopeChange(
      actor,
      form,
      row,
      'status',
      'record.status',
      'status',
      {
        status: change.status,
        ...(change.instanceId !== undefined ? { instanceId: change.instanceId } : {}),
      },
      meta,
    );
  }

  async delete(actor: Actor, formId: string, id: string, rev: number): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    assertRev(row, rev);
    if (row.deleted) throw conflict('RECORD_DELETED', 'The record is already deleted', '记录已被删除');
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'update');
    const now = this.now();
    return this.envelopeChange(actor, await this.formOf(row), row, 'delete', 'record.delete', 'deleted', {
      deleted: true,
      deletedAt: now,
      deletedBy: actor.principal.userId,
    });
  }

  async restore(actor: Actor, formId: string, id: string, rev: number): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    assertRev(row, rev);
    if (!row.deleted) throw conflict('RECORD_NOT_DELETED', 'The record is not deleted', '记录未被删除');
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'update');
    return this.envelopeChange(
      actor,
      await this.formOf(row),
      row,
      'restore',
      'record.restore',
      'restored',
      { deleted: false },
      undefined,
      ['deletedAt', 'deletedBy'],
    );
  }

  // ---- shared with import ----------------------------------------------------------------------

  /** Prepares and validates data for a form: the data to store, or every problem. */
  validate(form: CompiledForm, input: unknown): { data: Data; errors: ErrorDetail[] } {
    const checked = form.check(input);
    return { data: checked.data, errors: [...badFieldNames(checked.data), ...checked.errors] };
  }

  /** Prepares and validates data for a form; throws RECORD_INVALID with every problem. */
  checkData(form: CompiledForm, input: unknown): { data: Data } {
    const { data, errors } = this.validate(form, input);
    if (errors.length)
      throw unprocessable(
        'RECORD_INVALID',
        `The record has ${errors.length} problem(s)`,
        `记录有 ${errors.length} 个问题`,
        errors,
      );
    return { data };
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

  /** A stored record as the actor may read it. */
  view(actor: Actor, form: CompiledForm, row: Row): RecordEnvelope {
    const { data, unreadable } = this.codec.decode(form, row.id, row.data);
    return recordView(form, row, data, unreadable, this.rights(actor, form, row));
  }

  // ---- internals -------------------------------------------------------------------------------

  private rights(actor: Actor, form: CompiledForm, row: Row): ReadRights {
    return readRights(form.definition, actor.principal, row.owner, fieldsForRow(actor.decision, row));
  }

  private plan(actor: Actor, form: CompiledForm, query: RecordQuery) {
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

  private async findRow(decision: AccessDecision, formId: string, id: string): Promise<Row> {
    assertAllowed(decision);
    const row =
      typeof id === 'string' && id !== ''
        ? await this.collection(formId).findOne(combineFilters([{ id }, decision.rowFilter]))
        : null;
    if (!row)
      throw notFound(
        'RECORD_NOT_FOUND',
        `There is no record "${id}" in form "${formId}"`,
        `表单“${formId}”中没有记录“${id}”`,
      );
    return row;
  }

  private formOf(row: Row): Promise<CompiledForm> {
    return this.options.forms.compiled(row.form, row.formVersion);
  }

  /** The newest version (deprecated or not): its permission lists rule every record of the form. */
  private async latestForm(formId: string, row?: Row): Promise<CompiledForm> {
    try {
      return await this.options.forms.latest(formId);
    } catch (e) {
      if (row) return this.formOf(row);
      throw e;
    }
  }

  private async envelopeChange(
    actor: Actor,
    form: CompiledForm,
    row: Row,
    action: HistoryAction,
    auditAction: string,
    event: RecordEvent['type'],
    set: Data,
    meta?: Data,
    unset: string[] = [],
  ): Promise<RecordEnvelope> {
    const now = this.now();
    const by = actor.principal.userId;
    const { id, rev: _rev, ...base } = row;
    const doc: StoredRecord = {
      ...base,
      ...set,
      updatedAt: now,
      updatedBy: by,
      lastChange: historyEntry(row.form, id, row.rev + 1, action, now, by, [], meta),
    } as StoredRecord;
    for (const key of unset) delete (doc as unknown as Data)[key];
    assertInScope(actor.decision, { ...doc, id });
    return this.commit(actor, form, row, doc, auditAction, event, []);
  }

  private async commit(
    actor: Actor,
    form: CompiledForm,
    row: Row,
    doc: StoredRecord,
    auditAction: string,
    event: RecordEvent['type'],
    changes: FieldChange[],
  ): Promise<RecordEnvelope> {
    await this.flushHistory(row.lastChange);
    let stored: Row;
    try {
      stored = await this.collection(row.form).replace(row.id, row.rev, doc);
    } catch (e) {
      if (e instanceof RevisionConflictError || e instanceof NotFoundError) throw revisionConflict(row.id);
      throw e;
    }
    await this.afterWrite(actor, auditAction, event, stored, row, changes);
    return this.view(actor, form, stored);
  }

  private async afterWrite(
    actor: Actor,
    auditAction: string,
    type: RecordEvent['type'],
    stored: Row,
    before: Row | undefined,
    changes: FieldChange[],
  ): Promise<void> {
    const strip = (r: Row | undefined) => {
      if (!r) return undefined;
      const { lastChange: _l, search: _s, ...rest } = r;
      return rest;
    };
    await audit(this.options.audit, actor, {
      action: auditAction,
      resource: `record:${stored.form}`,
      resourceId: stored.id,
      ...(before ? { before: strip(before) } : {}),
      after: strip(stored),
      details: { rev: stored.rev, fields: changes.map((c) => c.path) },
    });
    const event: RecordEvent = {
      type,
      form: stored.form,
      recordId: stored.id,
      rev: stored.rev,
      actor: actor.principal.userId,
      changed: changes.map((c) => c.path),
      status: stored.status,
    };
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (e) {
        this.options.onListenerError?.(e, event);
      }
    }
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Field names the store cannot hold (MongoDB refuses `$` prefixes and dots) or forms cannot
 * declare: only possible in data a schema does not close with additionalProperties: false.
 */
function badFieldNames(value: unknown, pointer = ''): ErrorDetail[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => badFieldNames(v, `${pointer}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const at = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return FIELD_NAME.test(k)
      ? badFieldNames(v, at)
      : [{ path: at, message: `"${k}" is not a valid field name`, messageZh: `“${k}”不是有效的字段名` }];
  });
}

export function historyEntry(
  form: string,
  recordId: string,
  rev: number,
  action: HistoryAction,
  at: string,
  by: string,
  changes: FieldChange[],
  meta?: Data,
): HistoryEntry {
  return {
    id: `${recordId}:${rev}`,
    recordId,
    form,
    recordRev: rev,
    action,
    at,
    by,
    changes,
    ...(meta ? { meta } : {}),
  };
}

export function assertAllowed(decision: AccessDecision): void {
  if (!decision.allowed)
    throw forbidden('FORBIDDEN', 'You do not have permission for this action.', '您没有执行此操作的权限。');
}

/** The form's own role lists (absent: the role permissions alone decide). */
export function assertFormRole(definition: FormDefinition, actor: Actor, action: FormAction): void {
  const roles = definition.permissions?.[action];
  if (!roles) return;
  if (actor.principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r))) return;
  throw forbidden('FORBIDDEN', 'You do not have permission for this action.', '您没有执行此操作的权限。');
}

function assertRev(row: Row, rev: number): void {
  if (row.rev !== rev) throw revisionConflict(row.id, row.rev);
}

function revisionConflict(id: string, current?: number): AppError {
  return conflict(
    'RECORD_REVISION_CONFLICT',
    `Record "${id}" was changed by someone else${current ? ` (now at revision ${current})` : ''}; reload it`,
    `记录“${id}”已被他人修改${current ? `（当前版本 ${current}）` : ''}，请重新加载`,
  );
}

function assertWritable(before: unknown, after: unknown, fields: FieldRestrictions): void {
  const bad = readOnlyViolations(before, after, fields);
  if (bad.length)
    throw new AppError(
      403,
      'FIELD_READ_ONLY',
      'You may not change these fields.',
      '您无权修改这些字段。',
      bad.map((p) => ({
        path: `/${p.split('.').join('/')}`,
        message: 'read-only field',
        messageZh: '只读字段',
      })),
    );
}

function assertInScope(decision: AccessDecision, row: unknown): void {
  if (!rowMatches(row, decision.rowFilter))
    throw new AppError(
      403,
      'ROW_OUT_OF_SCOPE',
      'The record would be outside the records you may access.',
      '该记录将超出您的数据权限范围。',
    );
}

/**
 * Values the reader never saw keep their stored values: hidden fields always, masked ones unless
 * the reader typed a new value (a masked value sent back unchanged means "keep").
 */
function keepUnseenValues(form: CompiledForm, rights: ReadRights, current: Data, next: Data): void {
  const keep = (path: string) => {
    if (!path.startsWith('data.')) return;
    const segments = path.slice(5).split('.');
    const value = getAt(current, segments);
    if (value === undefined) return;
    setAt(next, segments, structuredClone(value));
  };
  for (const path of rights.fields.hidden) keep(path);
  for (const path of maskedPaths(form, rights)) {
    if (!path.startsWith('data.')) continue;
    const segments = path.slice(5).split('.');
    const sent = getAt(next, segments);
    const decisionMasked = rights.fields.masked.includes(path);
    if (decisionMasked || sent === undefined || (typeof sent === 'string' && sent.includes(MASK))) keep(path);
  }
}

export type { Filter };
