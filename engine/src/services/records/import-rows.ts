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
import { recordErrors } from '#engine/core/forms/record-errors.ts';
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
      if (rows.length > limits.maxRows) throw recordErrors.importTooManyRows(limits.maxRows);
      if (row.cells.length > limits.maxColumns) row.cells.length = limits.maxColumns;
      rows.push(row);
      await breather.breathe();
    }
  } catch (e) {
    if (e instanceof UnpackedSizeError) throw recordErrors.importUnpacksTooLarge(limits.maxUnpackedBytes);
    if (e instanceof CsvError)
      throw recordErrors.importFileInvalid(
        e.row,
        `The CSV file is malformed: ${e.message}`,
        `CSV 文件格式错误：${e.message}`,
      );
    if (e instanceof ZipError || e instanceof XlsxError)
      throw recordErrors.importFileInvalid(
        1,
        `not a readable XLSX workbook (${e.message})`,
        `无法读取 XLSX 文件：${e.message}`,
      );
    throw e;
  }
  return rows;
}
