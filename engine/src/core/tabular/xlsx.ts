// XLSX workbooks (exceljs) in memory (pure: buffers in, buffers out). Reading takes the first
// worksheet as rows of plain cell values; writing makes one worksheet with a bold header row.
// exceljs is large: it is loaded on first use, not when the server starts.
import type ExcelJS from 'exceljs';

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

/** The first worksheet's non-empty rows. */
export async function readXlsx(buffer: Uint8Array): Promise<SheetRow[]> {
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(buffer) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (e) {
    throw new XlsxError(`not a readable XLSX workbook (${(e as Error).message})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(plain(row.getCell(c).value));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    if (cells.length) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

function plain(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || (typeof result === 'object' && result !== null && !(result instanceof Date)))
      return null;
    return result as CellValue;
  }
  if ('hyperlink' in value) return String((value as { text?: unknown }).text ?? value.hyperlink);
  if ('error' in value) return null;
  return String(value as unknown);
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
