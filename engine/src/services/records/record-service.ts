// Records of forms: create, update with a revision check, status changes, soft delete and
// restore — on top of the reads (record-reads.ts). Access: every call carries the caller's decision
// for `record:<form>` (row filter in every query, field restrictions on what is returned and
// accepted — record-rules.ts). Every write is audited and announced once: to the record listeners,
// and, in the same document write so a crash loses none, to durable subscribers through the
// record's outbox (record-outbox.ts). Plugged-in checks: guards (record-guards.ts) and the
// business-documents rules (links, fetch-from, numbering, lifecycle: document-rules.ts).
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { diffData, type FieldChange } from '#engine/core/forms/diff.ts';
import { appendChangeLog } from '#engine/core/forms/change-log.ts';
import { fieldsForRow } from '#engine/core/permissions/fields.ts';
import { NotFoundError, RevisionConflictError, type Filter } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { DocumentRules, WriteContext } from './document-rules.ts';
import { insertNumbered, setDerivedColumns, type EnvelopeChange } from './record-documents.ts';
import {
  historyEntry,
  recordRevOf,
  type HistoryAction,
  type RecordEvent,
  type StoredRecord,
} from './record-docs.ts';
import { formUsesWorkingTime, type FeelFunctionsProvider, type FeelSubject } from './record-feel.ts';
import { RecordGuards, type DataGuard, type WriteGuard } from './record-guards.ts';
import { buildNewRecord, eventOf, nextData, validateData } from './record-new.ts';
import { RecordOutbox, type RecordEventSink } from './record-outbox.ts';
import type {
  CreateOptions,
  RecordListener,
  RecordServiceOptions,
  UpdateInput,
} from './record-write-options.ts';
import { RecordReads, type Row } from './record-reads.ts';
import {
  assertAllowed,
  assertFormRole,
  assertInScope,
  assertRev,
  assertWritable,
  keepUnseenValues,
} from './record-rules.ts';

type Data = Record<string, unknown>;

export type { RecordEvent, FeelSubject, FeelFunctionsProvider };

export type { EnvelopeChange } from './record-documents.ts';
export type { WriteGuard, DataGuard } from './record-guards.ts';
export type {
  CreateOptions,
  RecordListener,
  RecordServiceOptions,
  UpdateInput,
} from './record-write-options.ts';
export type { FormAction } from './record-rules.ts';

export class RecordService extends RecordReads {
  private readonly listeners: RecordListener[] = [];
  private feelFunctions: FeelFunctionsProvider | undefined;
  /** Record events for durable subscribers, written with the change (record-outbox.ts). */
  readonly outbox: RecordOutbox;
  private readonly guards = new RecordGuards();
  private rules: DocumentRules | undefined;

  constructor(private readonly options: RecordServiceOptions) {
    super(options);
    this.outbox = new RecordOutbox({
      store: options.store,
      clock: options.clock,
      collection: (form) => this.collection(form),
      ...(options.onOutboxError ? { onError: options.onOutboxError } : {}),
    });
  }

  /** Plugs in the business-documents rules (links, numbering, lifecycle) for every write. */
  useDocumentRules(rules: DocumentRules): void {
    this.rules = rules;
  }

  get documentRules(): DocumentRules | undefined {
    return this.rules;
  }

  onRecordEvent(listener: RecordListener): void {
    this.listeners.push(listener);
  }

  /** The durable subscriber of record events: each write it wants carries its event (never lost). */
  useEventSink(sink: RecordEventSink): void {
    this.outbox.use(sink);
  }

  /** Gives computed fields FEEL functions of the platform (the business calendars' working time). */
  useFeelFunctions(provider: FeelFunctionsProvider): void {
    this.feelFunctions = provider;
  }

  /** The platform functions a form's computed fields need for a subject (undefined: none). */
  async functionsFor(form: CompiledForm, subject: FeelSubject): Promise<Record<string, unknown> | undefined> {
    if (!this.feelFunctions || !formUsesWorkingTime(form)) return undefined;
    return this.feelFunctions(subject);
  }

  /** Adds a check every update, delete and restore must pass (e.g. no change under a running flow). */
  guardWrites(guard: WriteGuard): void {
    this.guards.addWrite(guard);
  }

  /** Adds a check of the data every create and update stores (see DataGuard). */
  guardData(guard: DataGuard): void {
    this.guards.addData(guard);
  }

  // ---- create ---------------------------------------------------------------------------------

  async create(
    actor: DecidedActor,
    formId: string,
    input: unknown,
    options: CreateOptions = {},
  ): Promise<RecordEnvelope> {
    assertAllowed(actor.decision);
    return this.createIn(actor, await this.options.forms.current(formId), input, options);
  }

  /** create() for a caller that holds the form's current version already (it needs it too). */
  async createIn(
    actor: DecidedActor,
    form: CompiledForm,
    input: unknown,
    options: CreateOptions = {},
  ): Promise<RecordEnvelope> {
    assertAllowed(actor.decision);
    const formId = form.definition.id;
    assertFormRole(form.definition, actor, 'create');
    await this.ensureIndexes(form);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw recordErrors.dataNotObject();
    const owner = options.owner ?? actor.principal.userId;
    const department = options.department ?? (options.owner ? undefined : actor.principal.department);
    const fields = fieldsForRow(actor.decision, {
      form: formId,
      owner,
      ...(department ? { department } : {}),
    });
    assertWritable({}, { data: input }, fields, options.serverSet);
    const ctx: WriteContext = { actor, form, latest: form.definition };
    const prepared = this.rules ? await this.rules.prepare(ctx, input as Data) : input;
    const { data } = this.checkData(
      form,
      prepared,
      await this.functionsFor(form, { user: owner, department }),
    );
    await this.rules?.check(ctx, data, { changes: [], upgrading: false });
    const doc = this.newRecord(actor, form, data, {
      ...options,
      owner,
      ...(department ? { department } : {}),
    });
    const changes = doc.lastChange.changes;
    const afters = await this.guards.checkData(actor, form, undefined, doc.id, doc.status, {}, data);
    const event = eventOf('created', doc, doc.id, actor, changes);
    await this.outbox.stage(doc, event);
    const stored = await insertNumbered(this.collection(form.definition.id), this.rules, form, doc);
    for (const after of afters) await after();
    await this.afterWrite(actor, 'record.create', event, stored, undefined, changes);
    return this.view(actor, form, stored, data);
  }

  /**
   * The stored document of a new record from validated data (create and import). Throws
   * ROW_OUT_OF_SCOPE when the actor's row rules would not cover it.
   */
  newRecord(
    actor: DecidedActor,
    form: CompiledForm,
    data: Data,
    options: CreateOptions & { importId?: string } = {},
  ): StoredRecord & { id: string } {
    const doc = buildNewRecord(this.codec, form, data, {
      ...options,
      by: actor.principal.userId,
      department: options.department ?? (options.owner ? undefined : actor.principal.department),
      now: this.now(),
    });
    assertInScope(actor.decision, doc);
    return doc;
  }

  // ---- write ----------------------------------------------------------------------------------

  async update(
    actor: DecidedActor,
    formId: string,
    id: string,
    input: UpdateInput,
    options: { withinInstance?: string } = {},
  ): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    assertRev(row, input.rev);
    if (row.deleted) throw recordErrors.deleted('change');
    await this.guards.checkWrite(actor, row, 'update', options.withinInstance);
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'update');
    const form = input.upgrade ? await this.options.forms.current(formId) : await this.formOf(row);
    const { data: current } = this.codec.decode(form, id, row.data);
    if ((input.data === undefined) === (input.patch === undefined)) throw recordErrors.updateInvalid();
    const next = nextData(current, input);
    const rights = this.rights(actor, form, row);
    keepUnseenValues(form, rights, current, next);
    assertWritable({ data: current }, { data: next }, rights.fields);
    const ctx: WriteContext = { actor, form, latest: latest.definition, before: { row, data: current } };
    const prepared = this.rules ? await this.rules.prepare(ctx, next) : next;
    const functions = await this.functionsFor(form, { user: row.owner, department: row.department ?? null });
    const { data } = this.checkData(form, prepared, functions);
    const changes = diffData(current, data);
    if (changes.length === 0 && form.version === row.formVersion) return this.view(actor, form, row);
    await this.rules?.check(ctx, data, { changes, upgrading: form.version !== row.formVersion });
    const now = this.now();
    const by = actor.principal.userId;
    const encodedChanges = this.codec.encodeChanges(form, id, changes);
    const parts = this.codec.encode(form, id, data);
    const { id: _id, rev: _rev, ...base } = row;
    const changeLog = appendChangeLog(latest.definition, row.changeLog, current, data, now, by);
    const doc: StoredRecord = {
      ...base,
      ...(changeLog ? { changeLog } : {}),
      formVersion: form.version,
      updatedAt: now,
      updatedBy: by,
      lastChange: historyEntry(
        formId,
        id,
        recordRevOf(row) + 1,
        'update',
        now,
        by,
        encodedChanges,
        form.version !== row.formVersion
          ? { formVersion: { before: row.formVersion, after: form.version } }
          : undefined,
      ),
    };
    setDerivedColumns(doc, form, parts, data);
    assertInScope(actor.decision, { ...doc, id });
    const afters = await this.guards.checkData(actor, form, row, id, row.status, current, data, changes);
    const updated = await this.commit(actor, form, row, doc, 'record.update', 'updated', encodedChanges);
    for (const after of afters) await after();
    return updated;
  }

  /**
   * Sets the status (and flow instance) of a record: flows and approvals call this. An
   * `instanceId` of null unlinks the record from its instance (a request whose flow did not start).
   */
  async setStatus(
    actor: DecidedActor,
    formId: string,
    id: string,
    change: { status: string; instanceId?: string | null; rev?: number },
  ): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    if (change.rev !== undefined) assertRev(row, change.rev);
    const form = await this.formOf(row);
    const meta: Data = { status: { before: row.status, after: change.status } };
    if (change.instanceId !== undefined)
      meta.instanceId = { before: row.instanceId, after: change.instanceId };
    // An approval outcome may submit the document in the same write (lifecycle.submitOn).
    const latest = this.rules ? await this.latestForm(formId, row) : form;
    const submits = this.rules?.onStatus(
      latest.definition,
      row,
      change.status,
      actor.principal.userId,
      this.now(),
    );
    if (submits) meta.docstatus = { before: row.docstatus ?? 'draft', after: submits.docstatus };
    return this.envelopeChange(
      actor,
      form,
      row,
      'status',
      submits ? 'record.submit' : 'record.status',
      submits ? 'submitted' : 'status',
      {
        status: change.status,
        ...(typeof change.instanceId === 'string' ? { instanceId: change.instanceId } : {}),
        ...submits,
      },
      meta,
      change.instanceId === null ? ['instanceId'] : [],
    );
  }

  async delete(actor: DecidedActor, formId: string, id: string, rev: number): Promise<RecordEnvelope> {
    const { row, latest } = await this.deletionTarget(actor, formId, id, rev, 'delete');
    await this.rules?.beforeDelete(actor, latest.definition, row);
    const now = this.now();
    return this.envelopeChange(actor, await this.formOf(row), row, 'delete', 'record.delete', 'deleted', {
      deleted: true,
      deletedAt: now,
      deletedBy: actor.principal.userId,
    });
  }

  async restore(actor: DecidedActor, formId: string, id: string, rev: number): Promise<RecordEnvelope> {
    const { row } = await this.deletionTarget(actor, formId, id, rev, 'restore');
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

  /** The record a delete or restore acts on, once its revision, state, guards and roles allow it. */
  private async deletionTarget(
    actor: DecidedActor,
    formId: string,
    id: string,
    rev: number,
    action: 'delete' | 'restore',
  ) {
    const row = await this.findRow(actor.decision, formId, id);
    assertRev(row, rev);
    if (action === 'delete' && row.deleted) throw recordErrors.deleted('delete');
    if (action === 'restore' && !row.deleted) throw recordErrors.notDeleted();
    await this.guards.checkWrite(actor, row, action);
    const latest = await this.latestForm(formId, row);
    assertFormRole(latest.definition, actor, 'update');
    return { row, latest };
  }

  /**
   * Moves a document in its lifecycle (submit, cancel, the amendment mark on a cancelled one): an
   * envelope change at revision `rev`, audited, in its history and announced — the rules of the
   * move itself are services/documents'.
   */
  async changeLifecycle(
    actor: DecidedActor,
    formId: string,
    id: string,
    rev: number,
    change: EnvelopeChange,
  ): Promise<RecordEnvelope> {
    const row = await this.findRow(actor.decision, formId, id);
    assertRev(row, rev);
    if (row.deleted) throw recordErrors.deleted('change');
    return this.envelopeChange(
      actor,
      await this.formOf(row),
      row,
      change.action,
      change.auditAction,
      change.event,
      change.set,
      change.meta,
      change.unset ?? [],
    );
  }

  /** The stored record as it is (services/documents reads envelopes and data for its rules). */
  async storedRow(actor: DecidedActor, formId: string, id: string): Promise<Row> {
    return this.findRow(actor.decision, formId, id);
  }

  /** The data guards for a new record written by an import; what to do once it is stored. */
  async guardNewData(
    actor: DecidedActor,
    form: CompiledForm,
    doc: { id: string; status: string },
    data: Data,
  ): Promise<Array<() => Promise<void>>> {
    return this.guards.checkData(actor, form, undefined, doc.id, doc.status, {}, data);
  }

  /** Prepares and validates data for a form: the data to store, or every problem. */
  validate(form: CompiledForm, input: unknown, functions?: Record<string, unknown>) {
    return validateData(form, input, functions);
  }

  /** Prepares and validates data for a form; throws RECORD_INVALID with every problem. */
  checkData(form: CompiledForm, input: unknown, functions?: Record<string, unknown>): { data: Data } {
    const { data, errors } = validateData(form, input, functions);
    if (errors.length) throw recordErrors.invalid(errors);
    return { data };
  }

  private async envelopeChange(
    actor: DecidedActor,
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
      lastChange: historyEntry(row.form, id, recordRevOf(row) + 1, action, now, by, [], meta),
    } as StoredRecord;
    for (const key of unset) delete (doc as unknown as Data)[key];
    assertInScope(actor.decision, { ...doc, id });
    return this.commit(actor, form, row, doc, auditAction, event, []);
  }

  private async commit(
    actor: DecidedActor,
    form: CompiledForm,
    row: Row,
    doc: StoredRecord,
    auditAction: string,
    type: RecordEvent['type'],
    changes: FieldChange[],
  ): Promise<RecordEnvelope> {
    await this.flushHistory(row.lastChange);
    const event = eventOf(type, doc, row.id, actor, changes);
    await this.outbox.stage(doc, event);
    let stored: Row | undefined;
    let base = row;
    for (let attempt = 0; !stored; attempt++) {
      try {
        stored = await this.collection(row.form).replace(row.id, base.rev, doc);
      } catch (e) {
        if (!(e instanceof RevisionConflictError || e instanceof NotFoundError)) throw e;
        // Only an outbox was cleared since the read (the record's revision is the same): write on
        // that document, with the entries it still holds.
        const fresh = await this.collection(row.form).get(row.id);
        if (!fresh || recordRevOf(fresh) !== recordRevOf(row) || attempt >= 3)
          throw recordErrors.revisionConflict(row.id);
        base = fresh;
        doc.outbox = fresh.outbox;
        doc.outboxAt = fresh.outboxAt;
        doc.outboxPending = fresh.outboxPending;
        await this.outbox.stage(doc, event);
      }
    }
    await this.afterWrite(actor, auditAction, event, stored, row, changes);
    return this.view(actor, form, stored);
  }

  private async afterWrite(
    actor: DecidedActor,
    auditAction: string,
    event: RecordEvent,
    stored: Row,
    before: Row | undefined,
    changes: FieldChange[],
  ): Promise<void> {
    const strip = (r: Row | undefined) => {
      if (!r) return undefined;
      const { lastChange: _l, search: _s, ...rest } = r;
      return rest;
    };
    await recordAudit(this.options.audit, actor, {
      action: auditAction,
      resource: `record:${stored.form}`,
      resourceId: stored.id,
      ...(before ? { before: strip(before) } : {}),
      after: strip(stored),
      details: { rev: event.rev, fields: changes.map((c) => c.path) },
    });
    await this.outbox.dispatch(stored);
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

export type { Filter };
