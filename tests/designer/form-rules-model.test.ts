// The designer's date ranges, durations and rules across fields (model/rules.ts): what an analyst
// picks becomes a definition the server publishes and checks as intended — durations computed,
// a reversed range and a broken rule refused at their fields in both languages — and a definition
// of that shape (the engine's leave fixture) reads back into the same pickers.
/* eslint-disable @typescript-eslint/no-explicit-any -- generated definitions are JSON read freely */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '#schemas/generated/index.ts';
import { FormCompiler } from '#engine/core/forms/compiled-form.ts';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { fromDefinition, newForm } from '#designer/form-designer/model/from-definition.ts';
import { createField, insertField } from '#designer/form-designer/model/ops.ts';
import {
  defaultDuration,
  newRule,
  parseDuration,
  ruleChoices,
  suggestedMessage,
} from '#designer/form-designer/model/rules.ts';
import { toDefinition } from '#designer/form-designer/model/to-definition.ts';
import type { DesignField, DesignForm, FieldKind } from '#designer/form-designer/model/types.ts';
import { calendarFunctions, formUsesWorkingTime } from '#designer/ui/rjsf/calendar-functions.ts';
import { withComputed } from '#designer/ui/rjsf/form-checks.ts';
import { leaveRequest } from '../core/forms/leave-fixture.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function add(form: DesignForm, kind: FieldKind, label: [string, string], patch: Partial<DesignField> = {}) {
  const field = { ...createField(kind, form.fields, L(...label)), ...patch };
  return insertField(form, null, form.fields.length, field);
}

/** The analyst's leave form, as the designer's pickers build it. */
function leaveForm(): DesignForm {
  let form = newForm('leave-designed', 'hr', L('Leave', '请假'));
  form = add(form, 'text', ['Reason', '事由'], { required: true });
  form = add(form, 'dateRange', ['Leave', '请假时间'], {
    required: true,
    rangeLabels: { start: L('First day', '开始日期'), end: L('Last day', '结束日期') },
  });
  form = add(form, 'duration', ['Working days', '工作日天数'], { duration: defaultDuration(form) });
  form = add(form, 'duration', ['Days', '天数'], {
    duration: { ...defaultDuration(form), unit: 'days' },
  });
  form = add(form, 'date', ['Back at work', '返岗日期']);
  // "Back at work > Last day": the field, then the comparison, then the other field.
  const rule = { ...newRule(form), field: 'backAtWork', op: 'gt' as const, other: 'leave.end' };
  form = { ...form, rules: [rule] };
  return { ...form, rules: [{ ...rule, message: suggestedMessage(rule, ruleChoices(form))! }] };
}

const compile = (form: DesignForm) => new FormCompiler().compileDraft(toDefinition(form));

describe('date range, duration and rules from the pickers', () => {
  it('picks the range for a new duration and suggests "Last day ≥ First day" as the first rule', () => {
    let form = newForm('x', 'hr', L('X', 'X'));
    form = add(form, 'dateRange', ['Leave', '请假时间'], {
      rangeLabels: { start: L('First day', '开始日期'), end: L('Last day', '结束日期') },
    });
    expect(defaultDuration(form)).toEqual({ unit: 'workingDays', from: 'leave.start', to: 'leave.end' });
    const rule = newRule(form);
    expect(rule).toMatchObject({ field: 'leave.end', op: 'gte', other: 'leave.start' });
    expect(rule.message).toEqual(L('Last day must not be before First day', '结束日期不能早于开始日期'));
  });

  it('writes a definition the server publishes: dateRange keyword, generated FEEL, checks', () => {
    const def = toDefinition(leaveForm());
    expect(checkDefinition(def)).toEqual([]);
    expect((def.schema as any).properties.leave).toEqual({
      type: 'object',
      dateRange: true,
      properties: { start: { type: 'string', format: 'date' }, end: { type: 'string', format: 'date' } },
      required: ['start', 'end'],
      additionalProperties: false,
    });
    expect(def.labels?.['leave.end']).toEqual(L('Last day', '结束日期'));
    expect(def.computed).toEqual([
      { field: 'workingDays', expression: 'working days(leave.start, leave.end)' },
      { field: 'days', expression: '(date(leave.end) - date(leave.start)).days + 1' },
    ]);
    expect(def.checks).toEqual([
      {
        field: 'backAtWork',
        condition: 'date(backAtWork) > date(leave.end)',
        message: L('Back at work must be after Last day', '返岗日期必须晚于结束日期'),
      },
    ]);
    expect((def.uiSchema as any).days['ui:readonly']).toBe(true);
  });

  it('computes the durations and refuses a reversed range and a broken rule at their fields', () => {
    const form = compile(leaveForm());
    const ok = form.check({ reason: 'Holiday', leave: { start: '2026-03-05', end: '2026-03-10' } });
    expect(ok.errors).toEqual([]);
    expect(ok.data).toMatchObject({ days: 6, workingDays: 4 });
    const bad = form.check({
      reason: 'Holiday',
      leave: { start: '2026-03-10', end: '2026-03-07' },
      backAtWork: '2026-03-05',
    });
    expect(bad.errors).toEqual([
      {
        path: '/leave/end',
        message: 'Last day must not be before First day',
        messageZh: '结束日期不能早于开始日期',
      },
      {
        path: '/backAtWork',
        message: 'Back at work must be after Last day',
        messageZh: '返岗日期必须晚于结束日期',
      },
    ]);
  });

  it("counts working days on the person's business calendar in the browser, as the server does", () => {
    // The China 2026 calendar the cn-calendar module installs (the server's company default):
    // 国庆 1–7 Oct off, Saturday 10 Oct a make-up working day (调休).
    const cn = {
      id: 'cn-standard',
      ...JSON.parse(
        readFileSync(new URL('../../modules/cn-calendar/calendars/standard.json', import.meta.url), 'utf8'),
      ),
    } as BusinessCalendar & { companyDefault?: boolean };
    const form = compile(leaveForm());
    expect(formUsesWorkingTime(form)).toBe(true);
    const fns = calendarFunctions([cn], 'cn-standard');
    const data = { reason: 'Holiday', leave: { start: '2026-09-28', end: '2026-10-10' } };
    // Mon 28 Sep – Wed 30 Sep, Thu 8 and Fri 9 Oct, and the make-up Saturday: 6, not Monday–Friday's 10.
    expect(withComputed(form, data, fns)).toMatchObject({ workingDays: 6, days: 13 });
    expect(form.check(data, fns).data).toMatchObject({ workingDays: 6 });
    // The Sunday before 国庆 is a make-up working day too (20 Sep); the holiday alone counts none.
    const around = (start: string, end: string) =>
      withComputed(form, { reason: 'x', leave: { start, end } }, fns).workingDays;
    expect(around('2026-09-19', '2026-09-20')).toBe(1);
    expect(around('2026-10-01', '2026-10-07')).toBe(0);
    // No calendar applies to the person: Monday to Friday, as the server counts then.
    expect(calendarFunctions([cn], null)).toEqual({});
    expect(withComputed(form, data, calendarFunctions([cn], null))).toMatchObject({ workingDays: 10 });
    // A calendar the server would not use (a period ending before it starts) is left out here too.
    const broken = { ...cn, weekly: { monday: [{ from: '18:00', to: '09:00' }] } };
    expect(() => withComputed(form, data, calendarFunctions([broken], 'cn-standard'))).not.toThrow();
    expect(form.check(data, calendarFunctions([broken], 'cn-standard')).errors[0]).toMatchObject({
      path: '/workingDays',
    });
  });

  it('leaves an unfinished rule (no field or other field) out of the definition', () => {
    const form = leaveForm();
    const unfinished = { ...form, rules: [...form.rules, { ...form.rules[0]!, uid: 'u', other: '' }] };
    expect(toDefinition(unfinished).checks).toHaveLength(1);
  });

  it('reads the same definition back into the same pickers', () => {
    const form = leaveForm();
    const back = fromDefinition(toDefinition(form));
    expect(back.fields.map((f) => f.kind)).toEqual(['text', 'dateRange', 'duration', 'duration', 'date']);
    expect(back.fields[1]!.rangeLabels).toEqual(form.fields[1]!.rangeLabels);
    expect(back.fields[2]!.duration).toEqual(form.fields[2]!.duration);
    expect(back.rules).toEqual([{ ...form.rules[0], uid: back.rules[0]!.uid }]);
    expect(back.otherComputed).toEqual([]);
    expect(toDefinition(back)).toEqual(toDefinition(form));
  });

  it("reads the engine's hand-written leave form: range, both durations, the rule as pickers", () => {
    const form = fromDefinition(leaveRequest());
    const kinds = Object.fromEntries(form.fields.map((f) => [f.key, f.kind]));
    expect(kinds).toMatchObject({ period: 'dateRange', days: 'duration', workingDays: 'duration' });
    expect(form.rules).toEqual([expect.objectContaining({ field: 'backOn', op: 'gt', other: 'period.end' })]);
    expect(form.rules[0]!.condition).toBeUndefined();
  });

  it('keeps a hand-written condition it cannot show as pickers, and an expression as FEEL', () => {
    const def = leaveRequest({
      checks: [{ field: 'backOn', condition: 'backOn > period.end and days < 30', message: L('x', 'x') }],
      computed: [{ field: 'days', expression: 'working days(period.start, period.end) * 2' }],
    });
    const form = fromDefinition(def);
    expect(form.rules[0]!.condition).toBe('backOn > period.end and days < 30');
    expect(form.fields.find((f) => f.key === 'days')).toMatchObject({ kind: 'number' });
    expect(toDefinition(form).checks).toEqual(def.checks);
    expect(toDefinition(form).computed).toEqual(def.computed);
    expect(parseDuration('working days(a, b)')).toEqual({ unit: 'workingDays', from: 'a', to: 'b' });
  });
});
