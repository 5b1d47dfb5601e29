// Dates and numbers in the user's language, the same way on every page ("12 Mar 2026, 14:05" /
// "2026年3月12日 14:05"). Intl formatters are costly to build, so each is made once per language
// and style.
import type { Locale } from '#designer/i18n/define.ts';
import { useLocale } from '#designer/i18n/react.tsx';

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

function formatDate(
  value: string | number | undefined,
  locale: Locale,
  options: Intl.DateTimeFormatOptions,
): string {
  if (value === undefined || value === '') return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : dateFormat(locale, options).format(d);
}

/** "12 Mar 2026, 14:05" / "2026年3月12日 14:05". */
export function dateTime(value: string | number | undefined, locale: Locale): string {
  return formatDate(value, locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** With seconds (the audit log, where many things happen in one minute). */
export function preciseTime(value: string | number | undefined, locale: Locale): string {
  return formatDate(value, locale, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** "12 Mar 2026" for a date-time or a plain ISO date (a plain date is a local date). */
export function dateOnly(iso: string | undefined, locale: Locale): string {
  if (!iso) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat(locale, { dateStyle: 'medium' }).format(d);
}

/** Today as an ISO date in the browser's time zone (date inputs speak local dates). */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The formatters above, bound to the user's language. */
export function useFormat() {
  const { locale } = useLocale();
  return {
    dateTime: (value: string | number | undefined) => dateTime(value, locale),
    preciseTime: (value: string | number | undefined) => preciseTime(value, locale),
    date: (iso: string | undefined) => dateOnly(iso, locale),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}
