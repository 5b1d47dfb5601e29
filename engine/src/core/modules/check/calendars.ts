// calendars/<name>.json ('<module>-<name>'): business calendars the module ships — the calendar
// schema, a zone the runtime knows, periods in order, real dates, no day both a holiday and a
// working day — and at most one marked `companyDefault` (the company's calendar when it has none).
import type { BusinessCalendar } from '#schemas/generated/index.ts';
import { calendarProblems } from '../../calendar/work-calendar.ts';
import type { ModuleCheck } from './context.ts';
import { qualify } from './qualify.ts';

export function checkCalendars(
  check: ModuleCheck,
  files: string[],
): Array<BusinessCalendar & { companyDefault?: boolean }> {
  const out: Array<BusinessCalendar & { companyDefault?: boolean }> = [];
  let preferred: string | null = null;
  for (const file of files) {
    const raw = check.json<Record<string, unknown>>(file);
    if (raw === undefined) continue;
    const { companyDefault, ...rest } = raw;
    const calendar = qualify(check, file, rest) as unknown as BusinessCalendar;
    if (companyDefault !== undefined && typeof companyDefault !== 'boolean') {
      check.add(
        file,
        '/companyDefault',
        'SCHEMA_VIOLATION',
        '/companyDefault must be true or false',
        '/companyDefault 必须为 true 或 false',
      );
      continue;
    }
    if (!check.schema(file, 'calendar', calendar)) continue;
    for (const p of calendarProblems(calendar))
      check.add(file, p.path, 'CALENDAR_INVALID', p.message, p.messageZh ?? p.message);
    if (companyDefault === true) {
      if (preferred)
        check.add(
          file,
          '/companyDefault',
          'CALENDAR_DEFAULT_TWICE',
          `only one calendar may be the company default (${preferred} is already)`,
          `只能有一个日历作为公司默认日历（已有 ${preferred}）`,
        );
      preferred = calendar.id;
    }
    out.push({ ...calendar, ...(companyDefault === true ? { companyDefault: true } : {}) });
  }
  return out;
}
