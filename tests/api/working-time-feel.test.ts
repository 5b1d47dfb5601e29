// The working-time FEEL functions in module data, in both run modes: a document type whose
// computed fields count working hours and working days, a named rule, and an automation whose
// condition and notification use them — each on the calendar of the person concerned (the record's
// owner; the company's China 2026 calendar unless their department has its own).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRule } from '#engine/services/modules/run-rule.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

const REPO_MODULES = new URL('../../modules/', import.meta.url).pathname;

function writeSlaModule(dir: string): void {
  const root = join(dir, 'sla');
  const file = (path: string, value: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(value, null, 2));
  };
  const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
  file('module.json', {
    id: 'sla',
    format: 2,
    version: '1.0.0',
    name: text('Service levels', '服务时限'),
    description: text('Tickets answered within working hours.', '在工作时间内答复的工单。'),
  });
  file('doctypes/ticket/doctype.json', {
    name: text('Ticket', '工单'),
    titleField: 'subject',
    computed: [
      { field: 'answerBy', expression: 'add working hours(opened, 24)' },
      {
        field: 'leaveDays',
        expression: 'if leaveFrom = null then null else working days(leaveFrom, leaveTo)',
      },
    ],
  });
  file('doctypes/ticket/schema.json', {
    type: 'object',
    properties: {
      subject: { type: 'string' },
      opened: { type: 'string', format: 'date-time' },
      answerBy: { type: 'string', format: 'date-time' },
      leaveFrom: { type: 'string', format: 'date' },
      leaveTo: { type: 'string', format: 'date' },
      leaveDays: { type: 'integer' },
    },
    required: ['subject', 'opened'],
    additionalProperties: false,
  });
  file('doctypes/ticket/labels.json', {
    fields: {
      subject: text('Subject', '主题'),
      opened: text('Opened', '提出时间'),
      answerBy: text('Answer by', '答复期限'),
      leaveFrom: text('Leave from', '请假开始'),
      leaveTo: text('Leave to', '请假结束'),
      leaveDays: text('Leave days', '请假天数'),
    },
  });
  file('doctypes/ticket/permissions.json', {
    grants: { employee: { actions: ['create', 'read'], rows: { type: 'own' } } },
  });
  file('rules/due.json', {
    name: text('Due in a working day', '一个工作日内到期'),
    inputs: ['opened'],
    values: { due: 'add working hours(opened, 8)', days: 'working days(date(opened), date("2026-03-06"))' },
  });
  file('automations/answer-by.json', {
    name: text('Tell the owner when to expect an answer', '告知提单人答复期限'),
    trigger: { type: 'record.created', form: 'sla-ticket' },
    conditions: ['=is working time(record.data.opened)'],
    actions: [
      {
        action: 'notify',
        input: {
          users: '=[record.owner]',
          kind: 'sla.answer-by',
          title: {
            en: '="Answer by " + string(add working hours(record.data.opened, 24))',
            'zh-CN': '="答复期限 " + string(add working hours(record.data.opened, 24))',
          },
        },
      },
    ],
  });
}

describe.each(MODES)('working-time FEEL in module data (%s mode)', (mode) => {
  let t: TestApp;
  const modules = tempDir('working-time-modules');

  beforeAll(async () => {
    cpSync(join(REPO_MODULES, 'cn-calendar'), join(modules.dir, 'cn-calendar'), { recursive: true });
    writeSlaModule(modules.dir);
    t = await startApp(mode, { platform: { modulesDir: modules.dir, workers: true } });
    const admin = await t.client('admin');
    for (const id of ['cn-calendar', 'sla']) {
      const res = await admin.post(`/api/modules/${id}/install`, { enable: true });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // Sales works Fridays 09:00–11:00 and Mondays 09:00–17:00 (no holidays).
    const salesHours = {
      id: 'sales-hours',
      name: { en: 'Sales hours', 'zh-CN': '销售作息' },
      timeZone: 'Asia/Shanghai',
      weekly: { friday: [{ from: '09:00', to: '11:00' }], monday: [{ from: '09:00', to: '17:00' }] },
    };
    expect((await admin.post('/api/calendars', salesHours)).status).toBe(201);
    const assigned = await admin.put('/api/calendars/assignments', {
      scope: 'department',
      target: 'sales',
      calendar: 'sales-hours',
    });
    expect(assigned.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    modules.remove();
  });

  it("computes fields in the owner's working time", async () => {
    const create = async (login: string, data: object) => {
      const res = await (await t.client(login)).post('/api/records/sla-ticket', { data });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.data;
    };
    const opened = '2026-02-13T10:00:00+08:00'; // Friday before the Spring Festival
    expect(
      await create('employee', { subject: 'VPN', opened, leaveFrom: '2026-02-13', leaveTo: '2026-02-24' }),
    ).toMatchObject({
      answerBy: '2026-02-25T10:00:00+08:00',
      leaveDays: 3, // Friday 13th, the make-up Saturday 14th, Tuesday 24th
    });
    expect(await create('otherSalesperson', { subject: 'Quote', opened })).toMatchObject({
      answerBy: '2026-03-02T12:00:00+08:00',
    });
  });

  it('evaluates a rule on the calendar of whom it decides for', async () => {
    const values = (user: string) =>
      runRule(t.app.services, 'sla-due', { opened: '2026-02-27T10:00:00+08:00' }, Date.now(), { user });
    // China: Friday 7 h, then the make-up Saturday 28th; 7 working days to Friday 6 March.
    expect(await values('zheng.xin')).toEqual({ due: '2026-02-28T10:00:00+08:00', days: 7 });
    // Sales: Friday 10–11, Monday 09:00–16:00; Fridays 27th and 6th and Monday 2nd.
    expect(await values('li.lei')).toEqual({ due: '2026-03-02T16:00:00+08:00', days: 3 });
  });

  it('runs an automation whose condition and message count working time', async () => {
    const employee = await t.client('employee');
    const inHours = await employee.post('/api/records/sla-ticket', {
      data: { subject: 'Printer', opened: '2026-03-10T11:00:00+08:00' },
    });
    const onHoliday = await employee.post('/api/records/sla-ticket', {
      data: { subject: 'Laptop', opened: '2026-04-06T11:00:00+08:00' },
    });
    expect([inHours.status, onHoliday.status]).toEqual([201, 201]);
    const runs = async () =>
      (await (await t.client('admin')).get('/api/automations/sla-answer-by/runs')).body.items as Array<{
        status: string;
        event: { recordId: string };
        error?: string;
      }>;
    await waitFor(
      async () => (await runs()).filter((r) => r.status !== 'running').length >= 3,
      20_000,
      'runs',
    );
    const byRecord = new Map((await runs()).map((r) => [r.event.recordId, r]));
    expect(byRecord.get(inHours.body.id)?.status).toBe('succeeded');
    expect(byRecord.get(onHoliday.body.id)).toMatchObject({ status: 'skipped' });
    expect(byRecord.get(onHoliday.body.id)?.error).toContain('is working time');
    const mine = (await employee.get('/api/notifications?limit=50')).body.items as Array<{
      kind: string;
      title: { en: string };
    }>;
    expect(mine.filter((n) => n.kind === 'sla.answer-by').map((n) => n.title.en)).toContain(
      'Answer by 2026-03-13T11:00:00+08:00',
    );
  });
});
