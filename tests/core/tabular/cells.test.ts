import { describe, expect, it } from 'vitest';
import { FieldIndex } from '#engine/core/forms/field-index.ts';
import { cellToValue, valueToCell } from '#engine/core/tabular/cells.ts';
import { readXlsx, writeXlsx } from '#engine/core/tabular/xlsx.ts';
import { at, expenseClaim } from '../forms/fixtures.ts';

const def = expenseClaim();
const fields = new FieldIndex(at(def.schema), def.sensitiveFields);
const f = (path: string) => fields.get(path)!;
const category = def.optionLabels!.category;

describe('spreadsheet cells ↔ field values', () => {
  it('reads amounts as people type them', () => {
    expect(cellToValue('¥1,234.5', f('salary'))).toEqual({ value: '1234.5' });
    expect(cellToValue(1234.5, f('salary'))).toEqual({ value: '1234.50' });
    expect(cellToValue(0.1 + 0.2, f('salary'))).toEqual({ value: '0.30' });
    expect(cellToValue(1.234, f('salary'))).toEqual({ value: '1.234' }); // validation then rejects it
  });

  it('reads option labels in either language, yes/no, numbers and dates', () => {
    expect(cellToValue('差旅', f('category'), category)).toEqual({ value: 'travel' });
    expect(cellToValue('Meals', f('category'), category)).toEqual({ value: 'meals' });
    expect(cellToValue('是', f('travel'))).toEqual({ value: true });
    expect(cellToValue('maybe', f('travel'))).toHaveProperty('problem.messageZh', '须为“是”或“否”');
    expect(cellToValue('1,200', f('priority'))).toEqual({ value: 1200 });
    expect(cellToValue('many', f('priority'))).toHaveProperty('problem.message', 'is not a number');
    expect(cellToValue(new Date(Date.UTC(2026, 0, 31)), f('lines.date'))).toEqual({ value: '2026-01-31' });
    expect(cellToValue(46053, f('lines.date'))).toEqual({ value: '2026-01-31' }); // Excel serial
    expect(cellToValue(13812345678, f('phone'))).toEqual({ value: '13812345678' });
    expect(cellToValue('  ', f('title'))).toEqual({ value: undefined });
  });

  it('reads a list of entries as JSON', () => {
    expect(cellToValue('[{"date":"2026-01-05","quantity":1,"unitPrice":"2"}]', f('lines'))).toEqual({
      value: [{ date: '2026-01-05', quantity: 1, unitPrice: '2' }],
    });
    expect(cellToValue('date=2026', f('lines'))).toHaveProperty('problem');
  });

  it('writes option labels, amounts as numbers in XLSX and text in CSV', () => {
    expect(valueToCell('travel', f('category'), 'csv', 'zh-CN', category)).toBe('差旅');
    expect(valueToCell('1234.50', f('total'), 'xlsx', 'en')).toBe(1234.5);
    expect(valueToCell('1234.50', f('total'), 'csv', 'en')).toBe('1234.50');
    expect(valueToCell(undefined, f('total'), 'csv', 'en')).toBe('');
    expect(valueToCell([{ a: 1 }], f('lines'), 'csv', 'en')).toBe('[{"a":1}]');
  });

  it('round-trips a workbook through exceljs', async () => {
    const buffer = await writeXlsx(
      'Claims',
      [{ header: 'Title' }, { header: 'Total', numFmt: '#,##0.00' }],
      [
        ['Trip', 1234.5],
        ['Lunch', null],
      ],
    );
    const rows = await readXlsx(buffer);
    expect(rows).toEqual([
      { row: 1, cells: ['Title', 'Total'] },
      { row: 2, cells: ['Trip', 1234.5] },
      { row: 3, cells: ['Lunch'] },
    ]);
    await expect(readXlsx(Buffer.from('not a workbook'))).rejects.toThrow(/not a readable XLSX/);
  });
});
