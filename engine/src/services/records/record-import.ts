// Importing records from CSV or XLSX: a dry run reports, per row, every problem (row number as the
// spreadsheet shows it, column header, field pointer, message in English and Chinese); a commit
// then writes the rows — all or nothing, or only the valid ones, as the user chooses.
//
// - Columns are matched to fields by field path, `data.<path>`, or the label in either language;
//   unknown columns (and the envelope columns an export writes: id, status, …) are ignored and
//   listed. Cells are read the way people type them (core/tabular/cells.ts).
// - CSV is read as UTF-8, falling back to GB18030 (what Excel on a Chinese Windows writes).
// - Progress (`processed`) is saved to the import document every 500 rows, so any API replica can
//   report it while the import runs.
// - All or nothing holds across crashes: committed rows carry the import id; a commit that dies
//   half-way is rolled back by `recoverInterrupted()` (run at startup) — its heartbeat stops.
import { randomUUID } from 'node:crypto';
import type { ImportProblem, ImportReport } from '#schemas/generated/index.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { fieldPathOfPointer, type FieldInfo } from '#engine/core/forms/field-index.ts';
import { cellToValue } from '#engine/core/tabular/cells.ts';
import { CsvError, parseCsvRows } from '#engine/core/tabular/csv.ts';
import { readXlsx, XlsxError, type CellValue, type SheetRow } from '#engine/core/tabular/xlsx.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';
import { RECORD_HISTORY } from './record-docs.ts';
import { assertAllowed, assertFormRole } from './record-rules.ts';
import type { RecordService } from './record-service.ts';
import { setAt } from '#engine/core/doc-paths.ts';

export const RECORD_IMPORTS = 'record_imports';

export interface ImportFile {
  fileName: string;
  content: Uint8Array;
  /** Taken from the file name when absent. */
  format?: 'csv' | 'xlsx';
}

export interface ImportOptions {
  /** The caller's id for the import (to poll its progress); generated when absent. */
  id?: string;
  mode: 'dry-run' | 'commit';
  policy?: 'all-or-nothing' | 'valid-rows-only';
  /** Called as rows are checked and written. */
  onProgress?: (progress: { phase: 'checking' | 'writing'; processed: number; total: number }) => void;
}

export interface ImporterOptions {
  store: DocumentStore;
  clock: Clock;
  records: RecordService;
  audit?: AuditSink;
  /** Rows per file at most (default 100 000). */
  maxRows?: number;
  /** A committing import whose heartbeat is older than this is considered dead (default 2 min). */
  staleAfterMs?: number;
}

type ImportDoc = ImportReport & { heartbeatAt: number };

const MAX_PROBLEMS = 1000;
const BATCH = 500;

export class RecordImporter {
  private readonly imports: Collection<ImportDoc>;

  constructor(private readonly options: ImporterOptions) {
    this.imports = options.store.collection<ImportDoc>(RECORD_IMPORTS);
  }

  async init(): Promise<void> {
    await this.imports.ensureIndex({ fields: [['status', 1]] });
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
    const format = file.format ?? (/\.xlsx$/i.test(file.fileName) ? 'xlsx' : 'csv');
    const rows = await readRows(file.content, format);
    const header = rows[0];
    if (!header) throw fileProblem(1, 'The file is empty', '文件为空');
    const body = rows.slice(1);
    const maxRows = this.options.maxRows ?? 100_000;
    if (body.length > maxRows)
      throw fileProblem(
        1,
        `The file has ${body.length} rows; at most ${maxRows} can be imported at once`,
        `文件有 ${body.length} 行，一次最多导入 ${maxRows} 行`,
      );
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
    const valid: Array<{ row: number; data: Record<string, unknown> }> = [];
    const problems: ImportProblem[] = [];
    let invalid = 0;
    for (const [i, row] of body.entries()) {
      const rowProblems = checkRow(records, form, columns, row);
      if (rowProblems.problems.length) {
        invalid++;
        problems.push(...rowProblems.problems);
      } else valid.push({ row: row.row, data: rowProblems.data });
      if ((i + 1) % BATCH === 0) await progress('checking', i + 1);
    }
    const summary = {
      validRows: valid.length,
      invalidRows: invalid,
      problems: problems.slice(0, MAX_PROBLEMS),
      ...(problems.length > MAX_PROBLEMS ? { problemsTruncated: true } : {}),
    };
    if (
      options.mode === 'dry-run' ||
      (report.policy === 'all-or-nothing' && invalid > 0) ||
      valid.length === 0
    ) {
      const status = options.mode === 'dry-run' ? 'checked' : invalid > 0 ? 'rejected' : 'committed';
      return this.finish(doc.id, { ...summary, status, processed: body.length });
    }

    // 2. write the valid rows, rolling back on any failure
    doc = await this.imports.update(doc.id, doc.rev, { set: { ...summary, processed: 0 } });
    const collection = records.collection(formId);
    const ids: string[] = [];
    try {
      for (let start = 0; start < valid.length; start += BATCH) {
        const rows = valid.slice(start, start + BATCH);
        const batch = rows.map((v) => records.newRecord(actor, form, v.data, { importId: doc.id }));
        const afters = [];
        for (const [i, b] of batch.entries())
          afters.push(...(await records.guardNewData(actor, form, b, rows[i]!.data)));
        ids.push(...batch.map((b) => b.id));
        await collection.insertMany(batch);
        for (const after of afters) await after();
        await progress('writing', Math.min(start + BATCH, valid.length));
      }
    } catch (e) {
      await this.rollback(formId, doc.id);
      await this.finish(doc.id, { status: 'failed', imported: 0, error: (e as Error).message });
      throw e;
    }
    await recordAudit(this.options.audit, actor, {
      action: 'record.import',
      resource: `record:${formId}`,
      details: { importId: doc.id, fileName: file.fileName, rows: valid.length, skipped: invalid },
    });
    return this.finish(doc.id, { status: 'committed', imported: valid.length, processed: valid.length });
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
      const { items } = await collection.find({ importId }, { limit: BATCH, projection: ['id'] });
      if (items.length === 0) break;
      const ids = items.map((i) => i.id);
      await this.options.store.collection(RECORD_HISTORY).deleteMany({ recordId: { $in: ids } });
      await collection.deleteMany({ id: { $in: ids } });
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

function fileProblem(row: number, en: string, zh: string, column?: string) {
  return recordErrors.importFileInvalid(row, en, zh, column);
}

async function readRows(content: Uint8Array, format: 'csv' | 'xlsx'): Promise<SheetRow[]> {
  try {
    if (format === 'xlsx') return await readXlsx(content);
    return parseCsvRows(decodeText(content)).map((r) => ({ row: r.row, cells: r.fields }));
  } catch (e) {
    if (e instanceof CsvError)
      throw fileProblem(e.row, `The CSV file is malformed: ${e.message}`, `CSV 文件格式错误：${e.message}`);
    if (e instanceof XlsxError) throw fileProblem(1, e.message, `无法读取 XLSX 文件：${e.message}`);
    throw e;
  }
}

function decodeText(content: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('gb18030').decode(content);
  }
}

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

function checkRow(records: RecordService, form: CompiledForm, columns: Column[], row: SheetRow) {
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
  const { data: prepared, errors } = records.validate(form, data);
  for (const e of errors) {
    const fieldPath = fieldPathOfPointer(e.path);
    const column = columns.find(
      (c) => c.field && (fieldPath === c.field.path || fieldPath.startsWith(`${c.field.path}.`)),
    );
    problems.push({
      row: row.row,
      ...(column ? { column: column.header } : {}),
      path: e.path,
      message: e.message,
      messageZh: e.messageZh ?? e.message,
    });
  }
  return { problems, data: prepared };
}

function publicReport(doc: ImportDoc & { rev?: number }): ImportReport {
  const { heartbeatAt: _h, rev: _r, ...report } = doc;
  return report;
}
