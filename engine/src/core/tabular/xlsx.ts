// XLSX workbooks (pure: buffers in, buffers out). Reading takes the first worksheet as rows of
// plain cell values, streamed (xlsx-read.ts); writing makes one worksheet with a bold header row
// (exceljs, which is large: loaded on first use, not when the server starts).
import type ExcelJS from 'exceljs';
import { readXlsxRows } from './xlsx-read.ts';
import { ZipError } from './zip.ts';

async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** A cell as import sees it: text, number, boolean, date, or empty (null). */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** Row number as the spreadsheet shows it (1 is the first row). */
  row: number;
  cells: CellValue[];
}

export class XlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxError';
  }
}

/**
 * The first worksheet's non-empty rows (read streamed, under the default unpacked-size budget:
 * xlsx-read.ts; imports use `readXlsxRows` with their own limits).
 */
export async function readXlsx(buffer: Uint8Array): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  try {
    for await (const row of readXlsxRows(buffer)) rows.push(row);
  } catch (e) {
    if (e instanceof ZipError) throw new XlsxError(`not a readable XLSX workbook (${e.message})`);
    throw e;
  }
  return rows;
}

export interface XlsxColumn {
  header: string;
  /** Excel number format for numeric cells, e.g. '#,##0.00'. */
  numFmt?: string;
  width?: number;
}

/** A workbook with one worksheet: a header row, then the rows. */
export async function writeXlsx(
  sheetName: string,
  columns: readonly XlsxColumn[],
  rows: ReadonlyArray<ReadonlyArray<CellValue>>,
): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31) || 'Sheet1');
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.min(40, Math.max(10, c.header.length + 2)),
    ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row as CellValue[]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
