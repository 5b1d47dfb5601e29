// Spreadsheet cells ↔ form field values (pure). Import reads what people type into Excel: amounts
// with thousands separators or a currency sign, dates as date cells or text, yes/no in English or
// Chinese, option labels instead of option values, several choices separated by ";". Export
// writes what people read: option labels, amounts as numbers with two decimals in XLSX.
import type { FieldInfo } from '../forms/field-index.ts';
import { roundDecimal } from '../forms/decimal.ts';
import { DECIMAL_FORMATS } from '../forms/formats.ts';
import type { CellValue } from './xlsx.ts';

export interface CellProblem {
  message: string;
  messageZh: string;
}

export type OptionLabels = Record<string, { en: string; 'zh-CN': string }>;

export type CellResult = { value: unknown } | { problem: CellProblem };

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '对', '真']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '错', '假']);
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const problem = (message: string, messageZh: string): CellResult => ({ problem: { message, messageZh } });

/** The field value a cell holds; `{ value: undefined }` for an empty cell. */
export function cellToValue(cell: CellValue, field: FieldInfo, optionLabels?: OptionLabels): CellResult {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return { value: undefined };
  if (field.types.includes('array')) return arrayValue(cell, field, optionLabels);
  return scalarValue(cell, field.types, field.format, field.options, optionLabels);
}

function arrayValue(cell: CellValue, field: FieldInfo, optionLabels?: OptionLabels): CellResult {
  const text = typeof cell === 'string' ? cell.trim() : String(cell);
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return { value: parsed };
    } catch {
      // fall through to the error below
    }
    return problem('is not a valid JSON list', '不是有效的 JSON 列表');
  }
  if (field.container) return problem('must be a JSON list of entries', '须为 JSON 格式的条目列表');
  const out: unknown[] = [];
  for (const part of text
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const r = scalarValue(part, field.itemTypes, field.itemFormat, field.options, optionLabels);
    if ('problem' in r) return r;
    out.push(r.value);
  }
  return { value: out };
}

function scalarValue(
  cell: Exclude<CellValue, null>,
  types: readonly string[],
  format: string | undefined,
  options: readonly unknown[] | undefined,
  optionLabels?: OptionLabels,
): CellResult {
  if (options && typeof cell === 'string') {
    const wanted = cell.trim().toLowerCase();
    const byValue = options.find((o) => String(o).toLowerCase() === wanted);
    if (byValue !== undefined) return { value: byValue };
    for (const [value, label] of Object.entries(optionLabels ?? {}))
      if (label.en.toLowerCase() === wanted || label['zh-CN'] === cell.trim()) {
        const option = options.find((o) => String(o) === value);
        if (option !== undefined) return { value: option };
      }
  }
  if (format !== undefined && DECIMAL_FORMATS.has(format)) return decimalValue(cell);
  if (format === 'date') return dateValue(cell, false);
  if (format === 'date-time') return dateValue(cell, true);
  if (types.includes('integer') || types.includes('number')) {
    const n =
      typeof cell === 'number'
        ? cell
        : typeof cell === 'string'
          ? Number(cell.trim().replace(/,/g, ''))
          : NaN;
    if (!Number.isFinite(n)) return problem('is not a number', '不是数字');
    return { value: n };
  }
  if (types.includes('boolean')) {
    if (typeof cell === 'boolean') return { value: cell };
    const t = String(cell).trim().toLowerCase();
    if (TRUE.has(t)) return { value: true };
    if (FALSE.has(t)) return { value: false };
    return problem('must be yes or no', '须为“是”或“否”');
  }
  if (cell instanceof Date) return { value: cell.toISOString().slice(0, 10) };
  return { value: typeof cell === 'string' ? cell.trim() : String(cell) };
}

function decimalValue(cell: Exclude<CellValue, null>): CellResult {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return problem('is not a number', '不是数字');
    const rounded = roundDecimal(cell, 2);
    // A binary float that is not (nearly) a 2-decimal amount has more decimals than money allows.
    if (Math.abs(Number(rounded) - cell) > 1e-9) return { value: String(cell) };
    return { value: rounded };
  }
  if (typeof cell !== 'string') return problem('is not an amount', '不是金额');
  const text = cell
    .trim()
    .replace(/^[¥￥$]/, '')
    .replace(/,/g, '')
    .replace(/%$/, '');
  return { value: text };
}

function dateValue(cell: Exclude<CellValue, null>, withTime: boolean): CellResult {
  let date: Date | null = null;
  if (cell instanceof Date) date = cell;
  else if (typeof cell === 'number') date = new Date(EXCEL_EPOCH_MS + Math.round(cell * 86_400_000));
  if (date) {
    if (Number.isNaN(date.getTime())) return problem('is not a date', '不是日期');
    return { value: withTime ? date.toISOString() : date.toISOString().slice(0, 10) };
  }
  return { value: String(cell).trim() };
}

/** A field value as an export cell (XLSX keeps numbers and booleans; CSV gets text). */
export function valueToCell(
  value: unknown,
  field: FieldInfo | undefined,
  target: 'csv' | 'xlsx',
  locale: 'en' | 'zh-CN',
  optionLabels?: OptionLabels,
): CellValue {
  if (value === undefined || value === null) return target === 'csv' ? '' : null;
  const label = (v: unknown): unknown => optionLabels?.[String(v)]?.[locale] ?? v;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null))
      return value.map((v) => String(label(v))).join('; ');
    return JSON.stringify(value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  const shown = label(value);
  if (target === 'xlsx') {
    const decimal = field?.format !== undefined && DECIMAL_FORMATS.has(field.format);
    if (decimal && typeof shown === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(shown)) return Number(shown);
    if (typeof shown === 'number' || typeof shown === 'boolean') return shown;
    return String(shown);
  }
  return String(shown);
}
