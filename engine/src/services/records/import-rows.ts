// The rows of an import file, read streamed and under limits, without holding up the server: a
// CSV file is decoded and parsed a slice at a time, an XLSX workbook unpacked and parsed as it is
// inflated (core/tabular/xlsx-read.ts), and reading stops at the row limit — the rest of the file
// is never parsed or unpacked — or when the workbook unpacks to more than the budget (a zip bomb).
// Between slices the event loop runs, so other requests are answered during any import.
//
// Limits (environment): IMPORT_MAX_ROWS rows per file (default 100 000), IMPORT_MAX_UNPACKED_MB
// megabytes an XLSX file may unpack to (default 200).
import { isUtf8 } from 'node:buffer';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, badRequest } from '#engine/core/errors.ts';
import { CsvError, CsvReader } from '#engine/core/tabular/csv.ts';
import { XlsxError, type SheetRow } from '#engine/core/tabular/xlsx.ts';
import { readXlsxRows } from '#engine/core/tabular/xlsx-read.ts';
import { UnpackedSizeError, ZipError } from '#engine/core/tabular/zip.ts';

export interface ImportLimits {
  /** Data rows per file (the header row not counted). */
  maxRows: number;
  /** Bytes an XLSX file may unpack to, all its parts together. */
  maxUnpackedBytes: number;
  /** Columns read per row (cells further right are ignored). */
  maxColumns: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxRows: 100_000,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxColumns: 1000,
};

export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const positive = (text: string | undefined, fallback: number): number => {
    const n = Number(text);
    return text !== undefined && text !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    maxRows: Math.floor(positive(env.IMPORT_MAX_ROWS, DEFAULT_IMPORT_LIMITS.maxRows)),
    maxUnpackedBytes: Math.floor(
      positive(env.IMPORT_MAX_UNPACKED_MB, DEFAULT_IMPORT_LIMITS.maxUnpackedBytes / 1048576) * 1048576,
    ),
    maxColumns: DEFAULT_IMPORT_LIMITS.maxColumns,
  };
}

/** Lets the event loop run when this much time passed since the last time it could. */
const SLICE_MS = 15;

/** Yields to the event loop every few milliseconds of synchronous work. */
export class Breather {
  private last = performance.now();

  async breathe(): Promise<void> {
    if (performance.now() - this.last < SLICE_MS) return;
    await nextTurn();
    this.last = performance.now();
  }
}

export const importErrors = {
  file: (row: number, en: string, zh: string, column?: string): AppError =>
    badRequest('IMPORT_FILE_INVALID', en, zh, [
      { path: `/file/row/${row}${column ? `/${column}` : ''}`, message: en, messageZh: zh },
    ]),
  tooManyRows: (max: number): AppError =>
    new AppError(
      413,
      'IMPORT_TOO_MANY_ROWS',
      `The file has more than ${max} rows; at most ${max} can be imported at once. Split it into smaller files.`,
      `文件超过 ${max} 行，一次最多导入 ${max} 行。请拆分为多个较小的文件。`,
      [{ path: '/file', message: `more than ${max} rows`, messageZh: `超过 ${max} 行` }],
    ),
  unpacksTooLarge: (limit: number): AppError =>
    new AppError(
      413,
      'IMPORT_UNPACKS_TOO_LARGE',
      `The workbook unpacks to more than ${Math.round(limit / 1048576)} MB, more than an import may read. Save it without unused sheets, or split it.`,
      `该工作簿解压后超过 ${Math.round(limit / 1048576)} MB，超出导入的上限。请删除无用的工作表后再保存，或拆分文件。`,
      [{ path: '/file', message: 'unpacks too large', messageZh: '解压后过大' }],
    ),
};

/** Decoding slice for CSV (bytes). */
const CSV_SLICE = 256 * 1024;

async function* csvRows(content: Uint8Array, breather: Breather): AsyncGenerator<SheetRow> {
  // UTF-8, or else GB18030 (what Excel on a Chinese Windows writes): checked over the bytes first,
  // without decoding the whole file into one string.
  const decoder = new TextDecoder(isUtf8(content) ? 'utf-8' : 'gb18030');
  const reader = new CsvReader();
  const out = (records: { row: number; fields: string[] }[]) =>
    records.map((r) => ({ row: r.row, cells: r.fields }));
  for (let at = 0; at < content.length; at += CSV_SLICE) {
    const text = decoder.decode(content.subarray(at, at + CSV_SLICE), { stream: true });
    yield* out(reader.push(text));
    await breather.breathe();
  }
  yield* out(reader.push(decoder.decode()));
  yield* out(reader.end());
}

/**
 * The file's non-empty rows, the header first: at most `limits.maxRows` more. Throws 413
 * IMPORT_TOO_MANY_ROWS / IMPORT_UNPACKS_TOO_LARGE, or 400 IMPORT_FILE_INVALID for a file that
 * cannot be read.
 */
export async function readImportRows(
  content: Uint8Array,
  format: 'csv' | 'xlsx',
  limits: ImportLimits,
  breather = new Breather(),
): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  const source =
    format === 'xlsx'
      ? readXlsxRows(content, { maxUnpackedBytes: limits.maxUnpackedBytes, maxColumns: limits.maxColumns })
      : csvRows(content, breather);
  try {
    for await (const row of source) {
      // Stopping here ends the reading: the rest of the file is not parsed (nor unpacked).
      if (rows.length > limits.maxRows) throw importErrors.tooManyRows(limits.maxRows);
      if (row.cells.length > limits.maxColumns) row.cells.length = limits.maxColumns;
      rows.push(row);
      await breather.breathe();
    }
  } catch (e) {
    if (e instanceof UnpackedSizeError) throw importErrors.unpacksTooLarge(limits.maxUnpackedBytes);
    if (e instanceof CsvError)
      throw importErrors.file(
        e.row,
        `The CSV file is malformed: ${e.message}`,
        `CSV 文件格式错误：${e.message}`,
      );
    if (e instanceof ZipError || e instanceof XlsxError)
      throw importErrors.file(
        1,
        `not a readable XLSX workbook (${e.message})`,
        `无法读取 XLSX 文件：${e.message}`,
      );
    throw e;
  }
  return rows;
}
