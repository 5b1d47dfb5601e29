// Importing records from CSV, XLSX or e-mail (import-mail.ts: .eml, mbox): a dry run reports, per row, every problem (row number as the
// spreadsheet shows it, column header, field pointer, message in English and Chinese); a commit
// then writes the rows — all or nothing, or only the valid ones, as the user chooses.
//
// - Columns are matched to fields by field path, `data.<path>`, or the label in either language;
//   unknown columns (and the envelope columns an export writes: id, status, …) are ignored and
//   listed. Cells are read the way people type them (core/tabular/cells.ts).
// - CSV is read as UTF-8, falling back to GB18030 (what Excel on a Chinese Windows writes).
// - Files are read streamed and under limits (import-rows.ts: rows, unpacked size), and the
//   checking and writing let the event loop run every few milliseconds: no import, however
//   large or malicious, holds up the other requests.
// - Progress (`processed`) is saved to the import document every 500 rows, so any API replica can
//   report it while the import runs.
// - All or nothing holds across crashes: committed rows carry the import id; a commit that dies
//   half-way is rolled back by `recoverInterrupted()` (run at startup) — its heartbeat stops.
// - Committed rows trigger the automations of created records (import-events.ts), once each and
//   also after a crash, unless the import opts out (`automations: false`, for bulk loads).
// - Business documents: rows get fetch-from values and their links checked like any write (a
//   dangling link is a row problem), and a numbered form's rows take numbers of its series; the
//   numbers of rows rolled back go back to the series.
import { randomUUID } from 'node:crypto';
import type { ImportProblem, ImportReport } from '#schemas/generated/index.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { fieldPathOfPointer, type FieldInfo } from '#engine/core/forms/field-index.ts';
import { cellToValue } from '#engine/core/tabular/cells.ts';
import type { CellValue, SheetRow } from '#engine/core/tabular/xlsx.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';
import { ImportEvents, type ImportDoc } from './import-events.ts';
import { RECORD_HISTORY } from './record-docs.ts';
import { assertAllowed, assertFormRole } from './record-rules.ts';
import type { RecordService } from './record-service.ts';
import { setAt } from '#engine/core/doc-paths.ts';
import { Breather, importLimitsFromEnv, readImportRows, type ImportLimits } from './import-rows.ts';
import { AppError } from '#engine/core/errors.ts';
import { withNumber } from './record-documents.ts';
import { ImportDuplicates, resolveImportKeys } from './import-row-keys.ts';
import { formatOfFile, isMailFormat, mailImportRows, type ImportFormat } from './import-mail.ts';

export const RECORD_IMPORTS = 'record_imports';

export interface ImportFile {
  fileName: string;
  content: Uint8Array;
  /** Taken from the file name when absent. */
  format?: ImportFormat;
}

export interface ImportOptions {
  /** The caller's id for the import (to poll its progress); generated when absent. */
  id?: string;
  mode: 'dry-run' | 'commit';
  policy?: 'all-or-nothing' | 'valid-rows-only';
  /** Whether the committed rows trigger their form's record automations (default true). */
  automations?: boolean;
  /** Called as rows are checked and written. */
  onProgress?: (progress: { phase: 'checking' | 'writing'; processed: number; total: number }) => void;
}

export interface ImporterOptions {
  store: DocumentStore;
  clock: Clock;
  records: RecordService;
  audit?: AuditSink;
  /** Rows per file at most (default: IMPORT_MAX_ROWS, else 100 000). */
  maxRows?: number;
  /** Limits of the files read (default: from the environment, import-rows.ts). */
  limits?: Partial<ImportLimits>;
  /** A committing import whose heartbeat is older than this is considered dead (default 2 min). */
  staleAfterMs?: number;
}

const MAX_PROBLEMS = 1000;
const BATCH = 500;

export class RecordImporter {
  private readonly imports: Collection<ImportDoc>;
  /** The record events of committed imports (their automations). */
  readonly events: ImportEvents;
  readonly limits: ImportLimits;

  constructor(private readonly options: ImporterOptions) {
    this.imports = options.store.collection<ImportDoc>(RECORD_IMPORTS);
    this.events = new ImportEvents({
      clock: options.clock,
      imports: this.imports,
      records: (form) => options.records.collection(form),
      sink: () => options.records.outbox.subscriber,
    });
    this.limits = {
      ...importLimitsFromEnv(),
      ...options.limits,
      ...(options.maxRows ? { maxRows: options.maxRows } : {}),
    };
  }

  async init(): Promise<void> {
    await this.imports.ensureIndex({ fields: [['status', 1]] });
    await this.imports.ensureIndex({ fields: [['eventsPending', 1]], sparse: true });
  }

  /** Checks (and with mode `commit`, writes) the rows of a file. Needs the `create` decision. */
  async run(
    actor: DecidedActor,
    formId: string,
    file: ImportFile,
    options: ImportOptions,
  ): Promise<ImportReport> {
    assertAllowed(actor.decision);
    const records = this.options.records;
    const form = await records.forms.current(formId);
    assertFormRole(form.definition, actor, 'create');
    await records.ensureIndexes(form);
    const format = file.format ?? formatOfFile(file.fileName);
    const breather = new Breather();
    const rows = isMailFormat(format)
      ? await mailImportRows(records, form, file.content, this.limits)
      : await readImportRows(file.content, format, this.limits, breather);
    const header = rows[0];
    if (!header) throw fileProblem(1, 'The file is empty', '文件为空');
    const body = rows.slice(1);
    const columns = mapColumns(form, header.cells);
    const report: ImportDoc = {
      id: options.id ?? randomUUID(),
      form: formId,
      formVersion: form.version,
      fileName: file.fileName,
      format,
      mode: options.mode,
      policy: options.policy ?? 'all-or-nothing',
      status: 'running',
      totalRows: body.length,
      validRows: 0,
      invalidRows: 0,
      imported: 0,
      processed: 0,
      columns: columns.map((c) => ({ header: c.header, ...(c.field ? { field: c.field.path } : {}) })),
      problems: [],
      startedAt: this.now(),
      by: actor.principal.userId,
      fireAutomations: options.automations ?? true,
      heartbeatAt: this.options.clock.now(),
    };
    let doc: Stored<ImportDoc>;
    try {
      doc = await this.imports.insert(report);
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw recordErrors.importExists(report.id);
      throw e;
    }
    const progress = async (phase: 'checking' | 'writing', processed: number): Promise<void> => {
      options.onProgress?.({ phase, processed, total: body.length });
      doc = await this.imports.update(doc.id, doc.rev, {
        set: { processed, heartbeatAt: this.options.clock.now() },
      });
    };

    // 1. check every row
    // Only what the report shows and the commit writes is kept: the first problems (a file of
    // bad rows would otherwise hold several per row), and valid rows' data only to commit them.
    const valid: Array<{ row: number; data: Record<string, unknown> }> = [];
    let validCount = 0;
    let duplicateRows = 0;
    const duplicates = new ImportDuplicates(records, form);
    const problems: ImportProblem[] = [];
    let moreProblems = false;
    let invalid = 0;
    // The importer owns what it imports: computed fields count working time on their calendar.
    const functions = await records.functionsFor(form, {
      user: actor.principal.userId,
      department: actor.principal.department ?? null,
    });
    for (const [i, row] of body.entries()) {
      const rowProblems = await checkRow(records, actor, form, columns, row, duplicates, functions);
      if (rowProblems.duplicate) duplicateRows++;
      else if (rowProblems.problems.length) {
        invalid++;
        for (const p of rowProblems.problems)
          if (problems.length < MAX_PROBLEMS) problems.push(p);
          else moreProblems = true;
      } else {
        validCount++;
        duplicates.remember(rowProblems.data);
        if (options.mode === 'commit') valid.push({ row: row.row, data: rowProblems.data });
      }
      if ((i + 1) % BATCH === 0) await progress('checking', i + 1);
      await breather.breathe();
    }
    const summary = {
      validRows: validCount,
      invalidRows: invalid,
      ...(duplicateRows ? { duplicateRows } : {}),
      problems,
      ...(moreProblems ? { problemsTruncated: true } : {}),
    };
    if (
      options.mode === 'dry-run' ||
      (report.policy === 'all-or-nothing' && invalid > 0) ||
      validCount === 0
    ) {
      const status = options.mode === 'dry-run' ? 'checked' : invalid > 0 ? 'rejected' : 'committed';
      return this.finish(doc.id, { ...summary, status, processed: body.length });
    }

    // 2. write the valid rows, rolling back on any failure
    doc = await this.imports.update(doc.id, doc.rev, { set: { ...summary, processed: 0 } });
    const collection = records.collection(formId);
    const ids: string[] = [];
    const rules = records.documentRules;
    const taken: Array<NonNullable<Awaited<ReturnType<NonNullable<typeof rules>['reserveNumber']>>>> = [];
    try {
      for (let start = 0; start < valid.length; start += BATCH) {
        const rows = valid.slice(start, start + BATCH);
        const batch = rows.map((v) => records.newRecord(actor, form, v.data, { importId: doc.id }));
        const afters = [];
        for (const [i, b] of batch.entries())
          afters.push(...(await records.guardNewData(actor, form, b, rows[i]!.data)));
        if (rules && form.definition.numbering)
          for (const [n, record] of batch.entries()) {
            const number = (await rules.reserveNumber(form.definition))!;
            taken.push(number);
            batch[n] = { ...record, number: number.number, search: withNumber(record.search, number.number) };
          }
        ids.push(...batch.map((b) => b.id));
        await collection.insertMany(batch);
        for (const after of afters) await after();
        await progress('writing', Math.min(start + BATCH, valid.length));
        await breather.breathe();
      }
      for (const [n, number] of taken.entries()) await number.confirm(ids[n]!);
    } catch (e) {
      await this.rollback(formId, doc.id);
      for (const number of taken.reverse()) await number.release();
      await this.finish(doc.id, { status: 'failed', imported: 0, error: (e as Error).message });
      throw e;
    }
    await recordAudit(this.options.audit, actor, {
      action: 'record.import',
      resource: `record:${formId}`,
      details: { importId: doc.id, fileName: file.fileName, rows: valid.length, skipped: invalid },
    });
    // The commit and its pending record events are one write: a crash after it loses no event.
    const fire = report.fireAutomations === true && records.outbox.subscriber !== null;
    const committed = await this.finish(doc.id, {
      status: 'committed',
      imported: valid.length,
      processed: valid.length,
      ...(fire ? { eventsPending: true, eventsDelivered: 0 } : {}),
    });
    if (!fire) return committed;
    await this.events.deliver(doc.id);
    return publicReport((await this.imports.get(doc.id))!);
  }

  /** An import's report (progress while it runs); only its author or an admin sees it. */
  async get(actor: DecidedActor, id: string): Promise<ImportReport> {
    assertAllowed(actor.decision);
    const doc = await this.imports.get(id);
    const mayRead = doc && (doc.by === actor.principal.userId || actor.principal.roles.includes('admin'));
    if (!doc || !mayRead) throw recordErrors.importNotFound(id);
    return publicReport(doc);
  }

  /** Rolls back commits whose process died (heartbeat too old); returns how many. */
  async recoverInterrupted(): Promise<number> {
    const staleBefore = this.options.clock.now() - (this.options.staleAfterMs ?? 120_000);
    const { items } = await this.imports.find({
      status: 'running',
      mode: 'commit',
      heartbeatAt: { $lt: staleBefore },
    });
    for (const doc of items) {
      await this.rollback(doc.form, doc.id);
      await this.finish(doc.id, { status: 'failed', imported: 0, error: 'interrupted; rolled back' });
    }
    return items.length;
  }

  private async rollback(formId: string, importId: string): Promise<void> {
    const collection = this.options.records.collection(formId);
    for (;;) {
      const { items } = await collection.find({ importId }, { limit: BATCH, projection: ['id', 'number'] });
      if (items.length === 0) break;
      const ids = items.map((i) => i.id);
      await this.options.store.collection(RECORD_HISTORY).deleteMany({ recordId: { $in: ids } });
      await collection.deleteMany({ id: { $in: ids } });
      const numbers = items.map((i) => i.number).filter((n): n is string => typeof n === 'string');
      await this.options.records.documentRules?.releaseNumbers(formId, numbers);
    }
  }

  private async finish(id: string, set: Partial<ImportDoc>): Promise<ImportReport> {
    for (;;) {
      const doc = await this.imports.get(id);
      if (!doc) throw recordErrors.importNotFound(id);
      try {
        return publicReport(
          await this.imports.update(id, doc.rev, { set: { ...set, finishedAt: this.now() } }),
        );
      } catch (e) {
        if ((e as { code?: string }).code !== 'REVISION_CONFLICT') throw e;
      }
    }
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

interface Column {
  header: string;
  index: number;
  field?: FieldInfo;
}

const fileProblem = recordErrors.importFileInvalid;

/** Which field each header names. Two columns naming one field are an error. */
function mapColumns(form: CompiledForm, header: readonly CellValue[]): Column[] {
  const candidates = form.fields.columns();
  const labels = form.definition.labels ?? {};
  const norm = (s: string) => s.trim().toLowerCase();
  const columns = header.map((cell, index) => {
    const text = cell === null ? '' : String(cell).trim();
    const wanted = norm(text);
    const field = candidates.find(
      (f) =>
        norm(f.path) === wanted ||
        norm(`data.${f.path}`) === wanted ||
        norm(labels[f.path]?.en ?? '\u0000') === wanted ||
        (labels[f.path]?.['zh-CN'] ?? '\u0000').trim() === text,
    );
    return { header: text, index, ...(field ? { field } : {}) };
  });
  const seen = new Map<string, string>();
  for (const c of columns) {
    if (!c.field) continue;
    const other = seen.get(c.field.path);
    if (other !== undefined)
      throw fileProblem(
        1,
        `Columns "${other}" and "${c.header}" both fill "${c.field.path}"`,
        `列“${other}”和“${c.header}”都对应字段“${c.field.path}”`,
        c.header,
      );
    seen.set(c.field.path, c.header);
  }
  return columns;
}

async function checkRow(
  records: RecordService,
  actor: DecidedActor,
  form: CompiledForm,
  columns: Column[],
  row: SheetRow,
  duplicates: ImportDuplicates,
  functions?: Record<string, unknown>,
): Promise<{ problems: ImportProblem[]; data: Record<string, unknown>; duplicate?: true }> {
  const problems: ImportProblem[] = [];
  const data: Record<string, unknown> = {};
  const optionLabels = form.definition.optionLabels ?? {};
  for (const column of columns) {
    if (!column.field) continue;
    const result = cellToValue(
      row.cells[column.index] ?? null,
      column.field,
      optionLabels[column.field.path],
    );
    if ('problem' in result) {
      problems.push({
        row: row.row,
        column: column.header,
        path: `/${column.field.segments.join('/')}`,
        message: `${column.header}: ${result.problem.message}`,
        messageZh: `${column.header}：${result.problem.messageZh}`,
      });
    } else if (result.value !== undefined) setAt(data, column.field.segments, result.value);
  }
  if (problems.length) return { problems, data };
  problems.push(...(await resolveImportKeys(records, form, columns, data, row.row)));
  if (problems.length) return { problems, data };
  const rules = records.documentRules;
  const ctx = { actor, form, latest: form.definition };
  const { data: prepared, errors } = records.validate(
    form,
    rules ? await rules.prepare(ctx, data) : data,
    functions,
  );
  if (errors.length === 0 && (await duplicates.repeats(prepared)))
    return { problems, data: prepared, duplicate: true };
  if (errors.length === 0 && rules)
    try {
      await rules.check(ctx, prepared, { changes: [], upgrading: false });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const details = e.details.length
        ? e.details
        : [{ path: '', message: e.message, messageZh: e.messageZh }];
      errors.push(...details.map((d) => ({ ...d, code: e.code })));
    }
  for (const e of errors) {
    const fieldPath = fieldPathOfPointer(e.path);
    const column = columns.find(
      (c) => c.field && (fieldPath === c.field.path || fieldPath.startsWith(`${c.field.path}.`)),
    );
    problems.push({
      row: row.row,
      ...(column ? { column: column.header } : {}),
      ...('code' in e && typeof e.code === 'string' ? { code: e.code } : {}),
      path: e.path,
      message: e.message,
      messageZh: e.messageZh ?? e.message,
    });
  }
  return { problems, data: prepared };
}

function publicReport(doc: ImportDoc & { rev?: number }): ImportReport {
  const { heartbeatAt: _h, rev: _r, eventsCursor: _c, ...report } = doc;
  return report;
}
