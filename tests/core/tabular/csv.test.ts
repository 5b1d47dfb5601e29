import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvError, parseCsv, parseCsvRows, writeCsv } from '#engine/core/tabular/csv.ts';

describe('CSV (RFC 4180)', () => {
  it('parses quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'name,note\r\n"Li, Wei","said ""hi""\nthen left"\r\nZhang,\r\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'note'],
      ['Li, Wei', 'said "hi"\nthen left'],
      ['Zhang', ''],
    ]);
  });

  it('accepts LF and CR line ends, a BOM, and a missing final line break', () => {
    expect(parseCsv('\ufeffa,b\nc,d\re,f')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('numbers rows as a spreadsheet shows them: blank lines count, quoted line breaks do not', () => {
    const rows = parseCsvRows('h\n"a\nb"\n\nc\n');
    expect(rows).toEqual([
      { row: 1, fields: ['h'] },
      { row: 2, fields: ['a\nb'] },
      { row: 4, fields: ['c'] },
    ]);
  });

  it('keeps empty fields, including a trailing one and a quoted empty one', () => {
    expect(parseCsv('a,,c,\n"",x')).toEqual([
      ['a', '', 'c', ''],
      ['', 'x'],
    ]);
  });

  it('reports an unclosed quote and text after a closing quote with the row', () => {
    expect(() => parseCsv('a\n"open,b\nc')).toThrow(CsvError);
    expect(() => parseCsv('a\n"open,b\nc')).toThrow(/row 2/);
    expect(() => parseCsv('"a"b,c')).toThrow(/unexpected "b" after a closing quote/);
  });

  it('supports another delimiter', () => {
    expect(parseCsv('a;b\n"x;y";z', { delimiter: ';' })).toEqual([
      ['a', 'b'],
      ['x;y', 'z'],
    ]);
  });

  it('writes what it parses back (property test)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '中', '=') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          expect(parseCsv(writeCsv(rows, { protectFormulas: false }))).toEqual(rows);
        },
      ),
    );
  });

  it('defuses formulas on export but leaves negative numbers alone', () => {
    expect(writeCsv([['=HYPERLINK("x")', '-12.50', '+1', '@SUM(A1)', 'ok']])).toBe(
      `"'=HYPERLINK(""x"")",-12.50,'+1,'@SUM(A1),ok\r\n`,
    );
  });
});
