// The records screens' data: the API's replies under short names, a document type's fields by
// path, and a record's values as a person reads them (a date in their language, an amount with
// its separators, an option by its label).
import { api, type BodyOf, type ReplyOf } from '../api/client.ts';
import type { Locale } from '../i18n/define.ts';
import { dateOnly, dateTime } from '../ui/format.ts';

export type DoctypeSummary = ReplyOf<'/api/doctypes', 'get'>['items'][number];
export type Doctype = ReplyOf<'/api/doctypes/{form}', 'get'>;
export type ViewField = Doctype['fields'][number];
export type RecordRow = ReplyOf<'/api/records/{form}', 'get'>['items'][number];
export type SavedView = ReplyOf<'/api/saved-views', 'get'>['items'][number];
export type ViewKind = 'table' | 'kanban' | 'calendar';
export type Where = Record<string, unknown>;
export type Sort = { field: string; direction: 'asc' | 'desc' };

export function fieldOf(doctype: Doctype, path: string): ViewField | undefined {
  return doctype.fields.find((f) => f.path === path);
}

/** The value at a record path (`data.total`, `status`). */
export function valueAt(row: RecordRow, path: string): unknown {
  if (!path.startsWith('data.')) return (row as Record<string, unknown>)[path];
  let cur: unknown = row.data;
  for (const part of path.slice(5).split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const numbers = new Map<string, Intl.NumberFormat>();
function amount(value: string, locale: Locale): string {
  const [int, frac] = value.split('.');
  let f = numbers.get(locale);
  if (!f) numbers.set(locale, (f = new Intl.NumberFormat(locale)));
  // Grouping on the integer part only: the decimals stay exactly as stored (no binary float).
  const grouped = /^-?\d+$/.test(int ?? '') ? f.format(BigInt(int!)) : (int ?? '');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A value as text for a person: labels for options, dates and amounts in their language. */
export function displayValue(
  field: ViewField | undefined,
  value: unknown,
  locale: Locale,
  names: (id: string | undefined) => string = (id) => id ?? '',
): string {
  if (value === undefined || value === null || value === '') return '';
  if (Array.isArray(value)) return value.map((v) => displayValue(field, v, locale, names)).join(', ');
  switch (field?.kind) {
    case 'select': {
      const option = field.options?.find((o) => o.value === String(value));
      return option ? option.label[locale] || option.label.en : String(value);
    }
    case 'money':
      return typeof value === 'string' ? amount(value, locale) : String(value);
    case 'date':
      return dateOnly(String(value), locale);
    case 'datetime':
      return dateTime(String(value), locale);
    case 'boolean':
      return value === true ? '✓' : '—';
    case 'user':
      return names(String(value));
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The label of a field path in the person's language. */
export function labelOf(doctype: Doctype, path: string, locale: Locale): string {
  const field = fieldOf(doctype, path);
  return field ? field.label[locale] || field.label.en : path;
}

/** A record's name on a card or in a calendar: its title, or its id. */
export function recordName(row: RecordRow): string {
  return row.title || row.id;
}

type QueryBody = BodyOf<'/api/records/{form}/query', 'post'>;

/** The records a query matches, page after page, up to `max` (and whether more were left). */
export async function queryRecords(
  form: string,
  body: Omit<QueryBody, 'cursor'>,
  max: number,
  signal?: AbortSignal,
): Promise<{ rows: RecordRow[]; truncated: boolean }> {
  const rows: RecordRow[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: RecordRow[]; nextCursor: string | null } = await api.post(
      '/api/records/{form}/query',
      { path: { form }, body: { ...body, ...(cursor ? { cursor } : {}) }, ...(signal ? { signal } : {}) },
    );
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && rows.length < max);
  return { rows, truncated: !!cursor };
}

export async function loadDoctype(form: string, signal?: AbortSignal): Promise<Doctype> {
  return api.get('/api/doctypes/{form}', { path: { form }, ...(signal ? { signal } : {}) });
}

/** The record page (the records screens link every record there). */
export const recordHref = (form: string, id: string): string =>
  `/records/${encodeURIComponent(form)}/${encodeURIComponent(id)}`;
