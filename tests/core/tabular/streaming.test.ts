// Import files read as streams (core/tabular/csv.ts CsvReader, xlsx-read.ts, zip.ts): CSV parsed
// piece by piece gives exactly what parsing it whole gives, wherever the pieces are cut; the
// streaming XLSX reader sees every kind of cell as exceljs's in-memory reader did; a workbook that
// unpacks beyond its budget stops there.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, parseCsvRows, writeCsv } from '#engine/core/tabular/csv.ts';
import type { CellValue, SheetRow } from '#engine/core/tabular/xlsx.ts';
import { readXlsxRows } from '#engine/core/tabular/xlsx-read.ts';
import { UnpackedSizeError, ZipError } from '#engine/core/tabular/zip.ts';
import { buildXlsx } from '../../support/xlsx-fixtures.ts';

async function all(rows: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** What exceljs's in-memory reader gives for the first sheet (the reader imports used before). */
async function exceljsRows(buffer: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const plain = (v: ExcelJS.CellValue): CellValue => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'object' || v instanceof Date) return v;
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      return result === undefined || (typeof result === 'object' && !(result instanceof Date))
        ? null
        : (result as CellValue);
    }
    if ('hyperlink' in v) return String(v.text);
    return null;
  };
  const rows: SheetRow[] = [];
  workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: CellValue[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(plain(row.getCell(c).value));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    if (cells.length) rows.push({ row: n, cells });
  });
  return rows;
}

describe('streamed import files', () => {
  it('parses CSV cut into any pieces exactly as in one piece (property test)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '中', '\uFEFF') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (rows, cuts, bom) => {
          const text = (bom ? '\uFEFF' : '') + writeCsv(rows, { protectFormulas: false });
          const whole = parseCsvRows(text);
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const reader = new CsvReader();
          const pieces = [];
          let from = 0;
          for (const to of [...at, text.length]) {
            pieces.push(...reader.push(text.slice(from, to)));
            from = to;
          }
          pieces.push(...reader.end());
          expect(pieces).toEqual(whole);
        },
      ),
    );
    const open = new CsvReader();
    open.push('a,"b');
    open.push('c\n');
    expect(() => open.end()).toThrow(/row 1: a quoted field is not closed/);
  });

  it('reads every kind of cell as exceljs did: text, numbers, dates, booleans, formulas, rich text, links', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Claims');
    const other = workbook.addWorksheet('Not this one');
    other.addRow(['ignored']);
    sheet.addRow(['Title', 'Amount', 'Date', 'Paid', 'Total', 'Note', 'Link']);
    sheet.addRow([
      'Trip <Shenzhen> & "back"',
      1234.5,
      new Date(Date.UTC(2026, 2, 9)),
      true,
      { formula: 'B2*2', result: 2469 },
      { richText: [{ text: '发票 ' }, { text: 'bold', font: { bold: true } }] },
      { text: 'receipt', hyperlink: 'https://example.com/r' },
    ]);
    sheet.addRow([]);
    sheet.getCell('C4').value = new Date(Date.UTC(2026, 0, 31, 13, 30));
    sheet.getCell('C4').numFmt = 'yyyy-mm-dd hh:mm';
    sheet.getCell('A5').value = 'only';
    sheet.getCell('D5').value = false;
    sheet.getCell('E5').value = { formula: 'NOW()' } as ExcelJS.CellFormulaValue;
    sheet.getCell('B6').value = 0.1 + 0.2;
    sheet.getCell('B6').numFmt = '0.00%';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const streamed = await all(readXlsxRows(buffer));
    expect(streamed).toEqual(await exceljsRows(buffer));
    expect(streamed[1]!.cells[0]).toBe('Trip <Shenzhen> & "back"');
    expect(streamed[1]!.cells[2]).toEqual(new Date(Date.UTC(2026, 2, 9)));
  });

  it('reads inline strings and workbooks made elsewhere, row by row', async () => {
    const file = await buildXlsx(['title', 'amount'], 2000, (i) => [`claim ${i}`, i * 1.5]);
    const rows = await all(readXlsxRows(file));
    expect(rows).toHaveLength(2001);
    expect(rows[2000]).toEqual({ row: 2001, cells: ['claim 2000', 3000] });
    expect(await exceljsRows(file)).toEqual(rows);
  });

  it('stops at the unpacked-size budget (a zip bomb), and refuses what is not a workbook', async () => {
    const bomb = await buildXlsx(['title'], 3, (i) => [`r${i}`], 50 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expect(
      all(readXlsxRows(bomb, { maxUnpackedBytes: 4 * 1024 * 1024, maxColumns: 100 })),
    ).rejects.toThrow(UnpackedSizeError);
    // One cell of two million characters (Excel allows 32 767): refused, not held.
    const longCell = await buildXlsx(['title'], 1, () => ['a'.repeat(2_000_000)]);
    await expect(all(readXlsxRows(longCell))).rejects.toThrow(/holds a text of more than/);
    await expect(all(readXlsxRows(Buffer.from('PK not really')))).rejects.toThrow(ZipError);
    const good = await buildXlsx(['title'], 100, (i) => [`r${i}`]);
    await expect(all(readXlsxRows(good.subarray(0, good.length - 30)))).rejects.toThrow(ZipError);
  });
});
