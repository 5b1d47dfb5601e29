// Calendars for the working-time tests: the reference calendar shipped in modules/cn-calendar
// (Asia/Shanghai: no daylight saving time), and a New York calendar whose zone changes its clocks.
import { readFileSync } from 'node:fs';
import type { BusinessCalendar } from '#schemas/generated/index.ts';
import { workCalendar } from '#engine/core/calendar/work-calendar.ts';

const file = new URL('../../../modules/cn-calendar/calendars/standard.json', import.meta.url);
const { companyDefault: _d, ...raw } = JSON.parse(readFileSync(file, 'utf8')) as BusinessCalendar & {
  companyDefault?: boolean;
};

export const chinaCalendar: BusinessCalendar = { ...raw, id: 'cn-calendar-standard' };
export const china = () => workCalendar(chinaCalendar);

const day = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '18:00' },
];
export const newYorkCalendar: BusinessCalendar = {
  id: 'new-york',
  name: { en: 'New York office', 'zh-CN': '纽约办公室' },
  timeZone: 'America/New_York',
  weekly: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day },
  holidays: [
    { from: '2026-07-03', name: { en: 'Independence Day (observed)', 'zh-CN': '美国独立日（补休）' } },
  ],
};
export const newYork = () => workCalendar(newYorkCalendar);

export const HOUR = 3_600_000;
export const at = (iso: string): number => Date.parse(iso);
