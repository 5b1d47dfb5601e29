import { describe, expect, it } from 'vitest';
import { FormCompiler } from '#engine/core/forms/compiled-form.ts';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { DEFAULT_FORM_FUNCTIONS, WORKING_DAYS, workingDaysMonToFri } from '#engine/core/feel/working-days.ts';
import { leaveRequest } from './leave-fixture.ts';

const form = (over = {}) => new FormCompiler().compileDraft(leaveRequest(over));
const leave = (start: string, end: string, more: Record<string, unknown> = {}) => ({
  title: 'Holiday',
  period: { start, end },
  ...more,
});

describe('working days (Monday to Friday, both ends included)', () => {
  it.each([
    // 2026-03-02 is a Monday.
    ['2026-03-02', '2026-03-02', 1],
    ['2026-03-02', '2026-03-06', 5],
    ['2026-03-02', '2026-03-08', 5], // the weekend adds nothing
    ['2026-03-02', '2026-03-09', 6],
    ['2026-03-07', '2026-03-08', 0], // a weekend alone
    ['2026-03-06', '2026-03-02', -5], // reversed: negative, never a silently positive count
    ['2026-02-27', '2026-03-02', 2], // across a month end
    ['2026-01-01', '2026-12-31', 261],
    ['2026-03-02T18:00:00+08:00', '2026-03-03', 2], // a date and time counts by its date
  ])('%s → %s: %i', (from, to, n) => expect(workingDaysMonToFri(from, to)).toBe(n));

  it('is null unless both ends are dates', () => {
    expect(workingDaysMonToFri('2026-03-02', null)).toBeNull();
    expect(workingDaysMonToFri('soon', '2026-03-02')).toBeNull();
    expect(workingDaysMonToFri(20260302, '2026-03-02')).toBeNull();
  });

  it('agrees with counting day by day over a long span', () => {
    let n = 0;
    for (let d = Date.UTC(2025, 0, 1); d <= Date.UTC(2027, 11, 31); d += 86_400_000) {
      const day = new Date(d).getUTCDay();
      if (day !== 0 && day !== 6) n++;
    }
    expect(workingDaysMonToFri('2025-01-01', '2027-12-31')).toBe(n);
  });

  it('is offered to FEEL under its FEEL name', () => {
    expect(Object.keys(DEFAULT_FORM_FUNCTIONS)).toEqual([WORKING_DAYS]);
  });
});

describe('date-range field, durations and cross-field rules', () => {
  it('computes calendar days and working days of the range', () => {
    const { data, errors } = form().check(leave('2026-03-05', '2026-03-10'));
    expect(errors).toEqual([]);
    expect(data).toMatchObject({ days: 6, workingDays: 4 });
  });

  it('refuses an end before the start, at the end date, in both languages', () => {
    const { errors } = form().check(leave('2026-03-10', '2026-03-07'));
    expect(errors).toEqual([
      {
        path: '/period/end',
        message: 'Last day must not be before First day',
        messageZh: '结束日期不能早于开始日期',
      },
    ]);
  });

  it('accepts a one-day range and leaves missing or malformed dates to required and format', () => {
    expect(form().check(leave('2026-03-10', '2026-03-10')).errors).toEqual([]);
    const missing = form().check({ title: 'x', period: { start: '2026-03-10' } }).errors;
    expect(missing.map((e) => e.path)).toEqual(['/period/end']);
    expect(missing[0]?.message).toMatch(/required/);
    const malformed = form().check(leave('2026-03-10', '2026-02-30')).errors;
    expect(malformed.map((e) => e.message)).toEqual([expect.stringMatching(/date/)]);
  });

  it("shows a failed rule's own message at its field", () => {
    const { errors } = form().check(leave('2026-03-09', '2026-03-13', { backOn: '2026-03-13' }));
    expect(errors).toEqual([
      {
        path: '/backOn',
        message: 'Back at work must be after the last day of leave',
        messageZh: '返岗日期必须晚于请假结束日期',
      },
    ]);
    expect(form().check(leave('2026-03-09', '2026-03-13', { backOn: '2026-03-16' })).errors).toEqual([]);
  });

  it('passes a rule whose values are missing (required reports those)', () => {
    expect(form().check(leave('2026-03-09', '2026-03-13')).errors).toEqual([]);
  });

  it('gives a field wrong on its own only its own message', () => {
    const { errors } = form().check(leave('2026-03-09', '2026-03-13', { backOn: 'Monday' }));
    expect(errors.map((e) => e.path)).toEqual(['/backOn']);
    expect(errors[0]?.message).not.toMatch(/Back at work must/);
  });

  it('reports a rule that does not give true or false instead of passing it', () => {
    const broken = form({
      checks: [{ field: 'title', condition: 'title', message: { en: 'x', 'zh-CN': 'x' } }],
    });
    const { errors } = broken.check(leave('2026-03-09', '2026-03-13'));
    expect(errors).toEqual([
      expect.objectContaining({
        path: '/title',
        message: expect.stringMatching(/^Title could not be checked/),
      }),
    ]);
  });

  it('publish-time: a rule names a field outside lists and a condition FEEL reads', () => {
    expect(checkDefinition(leaveRequest())).toEqual([]);
    const msg = { en: 'x', 'zh-CN': 'x' };
    const bad = leaveRequest({
      checks: [
        { field: 'nope', condition: 'true', message: msg },
        { field: 'days', condition: 'days >', message: msg },
      ],
    });
    expect(checkDefinition(bad).map((p) => p.path)).toEqual(['/checks/0/field', '/checks/1/condition']);
    const noMessage = { ...leaveRequest(), checks: [{ field: 'days', condition: 'days > 0' }] };
    expect(checkDefinition(noMessage).map((p) => p.path)).toContain('/checks/0/message');
  });
});
