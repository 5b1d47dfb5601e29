// Numbering series (pure): a pattern such as `SO-{YYYY}-{####}` read once, then the number of
// the n-th document of a day. The date parts are the creation date in the series' time zone; the
// text with every date part filled in and the counter left out is the *series* — its counter
// starts at 1 again whenever that text changes (a new year with {YYYY}, a new month with {MM}).
//
//   {YYYY} 2026   {YY} 26   {MM} 05   {DD} 09   {#…} the counter, at least as many digits as '#'
//
// An amendment is numbered after the document it amends: `SO-2026-0007-1`, `-2` … (as ERPNext
// names amended documents), always from the first document of the chain.
import type { ErrorDetail } from '../errors.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

type DateToken = 'YYYY' | 'YY' | 'MM' | 'DD';
type Part = { text: string } | { date: DateToken } | { counter: number };

export interface NumberPattern {
  source: string;
  parts: Part[];
}

export interface DateParts {
  YYYY: string;
  YY: string;
  MM: string;
  DD: string;
}

const TOKEN = /\{([^{}]*)\}/g;
const TEXT = /^[A-Za-z0-9_./-]*$/;
const DATE_TOKENS: readonly string[] = ['YYYY', 'YY', 'MM', 'DD'];

/** The pattern, or every problem with it (pointers relative to the pattern's own place). */
export function parsePattern(source: string, at = ''): NumberPattern | { problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const parts: Part[] = [];
  let last = 0;
  let counters = 0;
  for (const m of source.matchAll(TOKEN)) {
    const text = source.slice(last, m.index);
    if (text) parts.push({ text });
    const token = m[1] as string;
    if (/^#+$/.test(token)) {
      counters++;
      if (token.length > 12)
        problems.push(problem(at, 'the counter has at most 12 digits', '计数器最多 12 位'));
      parts.push({ counter: token.length });
    } else if (DATE_TOKENS.includes(token)) parts.push({ date: token as DateToken });
    else
      problems.push(
        problem(
          at,
          `unknown part {${token}}: use {YYYY}, {YY}, {MM}, {DD} or {#…}`,
          `未知的编号部分 {${token}}：可用 {YYYY}、{YY}、{MM}、{DD} 或 {#…}`,
        ),
      );
    last = (m.index ?? 0) + m[0].length;
  }
  const tail = source.slice(last);
  if (tail) parts.push({ text: tail });
  for (const p of parts)
    if ('text' in p && (!TEXT.test(p.text) || p.text.includes('{') || p.text.includes('}')))
      problems.push(
        problem(
          at,
          `"${p.text}" may hold letters, digits and - _ . / only`,
          `“${p.text}”只能包含字母、数字和 - _ . /`,
        ),
      );
  if (counters !== 1)
    problems.push(
      problem(
        at,
        'a pattern has exactly one counter, e.g. {####}',
        '编号规则必须有且只有一个计数器，例如 {####}',
      ),
    );
  return problems.length ? { problems } : { source, parts };
}

/** The date parts of an instant in a time zone (the calendar date people there see). */
export function datePartsAt(epochMs: number, timeZone = DEFAULT_TIME_ZONE): DateParts {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const year = get('year').padStart(4, '0');
  return { YYYY: year, YY: year.slice(-2), MM: get('month'), DD: get('day') };
}

/** Whether a time zone name is one the runtime knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The series a number belongs to: the pattern with its date parts filled in, `#` for the counter. */
export function seriesOf(pattern: NumberPattern, date: DateParts): string {
  return pattern.parts.map((p) => ('text' in p ? p.text : 'date' in p ? date[p.date] : '#')).join('');
}

/** The n-th number of the series. */
export function formatNumber(pattern: NumberPattern, date: DateParts, n: number): string {
  return pattern.parts
    .map((p) => ('text' in p ? p.text : 'date' in p ? date[p.date] : String(n).padStart(p.counter, '0')))
    .join('');
}

/** The number of the k-th amendment of a chain whose first document is numbered `first`. */
export function amendmentNumber(first: string, k: number): string {
  return `${first}-${k}`;
}

/** The first number of an amendment chain and the amendment's place in it (`SO-7-2` → SO-7, 2). */
export function amendmentBase(number: string, amendedFrom: boolean): { first: string; k: number } {
  if (!amendedFrom) return { first: number, k: 0 };
  const m = /^(.*)-(\d+)$/.exec(number);
  return m ? { first: m[1] as string, k: Number(m[2]) } : { first: number, k: 0 };
}

function problem(path: string, message: string, messageZh: string): ErrorDetail {
  return { path, message, messageZh };
}
