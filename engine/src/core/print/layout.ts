// A document laid out by a print format (pure): every section of the format filled with labels
// and values in both languages, amounts also in Chinese capital numerals where the format asks.
// What a path means, how it is labelled and shown, is the caller's (a record, a voucher):
//
//   value(path)            the value at a path of the document ('data.total', 'lines', 'number')
//   label(path)            its label in both languages (a table column: '<table>.<column>')
//   show(path, value)      the value as printed, in both languages
//   amount(path)           whether it is an amount (printed right-aligned, writable in words)
import type { PrintDocument, PrintFormat, PrintSection, PrintedText } from '#schemas/generated/index.ts';
import { getAt } from '../doc-paths.ts';
import { amountInWords } from './amount-in-words.ts';

export interface PrintSubject {
  value(path: string): unknown;
  label(path: string): PrintedText;
  show(path: string, value: unknown): PrintedText;
  amount(path: string): boolean;
}

type Section = PrintDocument['sections'][number];

export const both = (text: string): PrintedText => ({ en: text, 'zh-CN': text });

/** The sections of `format` filled in from `subject`. */
export function layOut(format: Pick<PrintFormat, 'sections'>, subject: PrintSubject): Section[] {
  return format.sections.map((section) => layOutSection(section, subject));
}

function layOutSection(section: PrintSection, subject: PrintSubject): Section {
  const head: Section = { type: section.type, ...(section.title ? { title: section.title } : {}) };
  switch (section.type) {
    case 'fields':
    case 'totals':
      return {
        ...head,
        ...(section.columns ? { columns: section.columns } : {}),
        cells: (section.fields ?? []).map((f) => {
          const value = subject.value(f.field);
          const amount = subject.amount(f.field);
          return {
            label: f.label ?? subject.label(f.field),
            value: subject.show(f.field, value),
            ...(amount ? { align: 'end' as const } : {}),
            ...(f.inWords && isAmount(value) ? { inWords: amountInWords(value) } : {}),
          };
        }),
      };
    case 'table': {
      const table = section.field ?? '';
      const rows = subject.value(table);
      const columns = (section.fields ?? []).map((f) => ({ ...f, path: `${table}.${f.field}` }));
      return {
        ...head,
        head: columns.map((c) => ({
          label: c.label ?? subject.label(c.path),
          ...(subject.amount(c.path) ? { align: 'end' as const } : {}),
        })),
        rows: (Array.isArray(rows) ? rows : []).map((item) =>
          columns.map((c) => subject.show(c.path, getAt(item, c.field.split('.')))),
        ),
      };
    }
    case 'signatures':
      return { ...head, labels: section.labels ?? [] };
    case 'text':
      return { ...head, text: section.text ?? both('') };
  }
}

const isAmount = (v: unknown): v is string | number =>
  (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) || (typeof v === 'number' && Number.isFinite(v));

/** "1234.5" → "1,234.50": figures as finance prints them (the same in both languages). */
export function moneyText(value: unknown): string {
  if (!isAmount(value)) return value === undefined || value === null ? '' : String(value);
  const text = typeof value === 'number' ? value.toFixed(2) : value;
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}
