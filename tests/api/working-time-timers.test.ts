// BPMN timers counted in working time, in both run modes: "answer within 24 hours" as a boundary
// timer whose duration has the zeebe:property workingTime (the requester's calendar: a department's
// own, else the company's), a catch event whose date is FEEL computed with `add working hours`, and
// a property naming a calendar. Each due time is computed when the timer is scheduled, stored in
// the instance, and fired by the sweeper at that instant — also by a platform started afresh on the
// same data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';

const property = (name: string, value: string) =>
  `<zeebe:properties><zeebe:property name="${name}" value="${value}" /></zeebe:properties>`;

const slaXml = buildBpmn({
  id: 'answer_sla',
  name: 'Answer within 24 working hours',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'answer', type: 'userTask', name: 'Answer', at: [1, 0], ext: zeebe.assignee('wu.hao') },
    {
      id: 'late',
      type: 'timerBoundary',
      name: '24 working hours',
      at: [1, 1],
      attachedTo: 'answer',
      body: zeebe.timer('timeDuration', 'PT24H'),
      ext: property('workingTime', 'true'),
    },
    { id: 'answered', type: 'endEvent', at: [2, 0] },
    { id: 'too_late', type: 'endEvent', at: [2, 1] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'answer' },
    { id: 'f2', from: 'answer', to: 'answered' },
    { id: 'f3', from: 'late', to: 'too_late' },
  ],
});

const waitXml = buildBpmn({
  id: 'wait_two_hours',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'wait',
      type: 'timerCatch',
      at: [1, 0],
      body: zeebe.timer('timeDate', '=add working hours(now(), 2)'),
    },
    {
      id: 'then',
      type: 'timerCatch',
      at: [2, 0],
      body: zeebe.timer('timeDuration', 'PT1H'),
      ext: property('workingTime', 'night-shift'),
    },
    { id: 'done', type: 'endEvent', at: [3, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'wait' },
    { id: 'f2', from: 'wait', to: 'then' },
    { id: 'f3', from: 'then', to: 'done' },
  ],
});

const night = [{ from: '22:00', to: '24:00' }];
const nightShift = {
  id: 'night-shift',
  name: { en: 'Night shift', 'zh-CN': '夜班' },
  timeZone: 'Asia/Shanghai',
  weekly: { monday: night, tuesday: night, wednesday: night, thursday: night, friday: night },
};

// Friday 2026-02-13 10:00 in Shanghai: the Spring Festival holiday starts on Sunday the 15th.
const FRIDAY_10 = Date.parse('2026-02-13T10:00:00+08:00');

describe.each(MODES)('timers in working time (%s mode)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(FRIDAY_10);
  const instance = async (id: string) => (await t.app.services.flows.runtime.instances.get(id))!;
  const timersOf = async (id: string) =>
    Object.values((await instance(id)).timers).map((x) => new Date(x.dueAt).toISOString());
  const start = async (login: string, processId: string) => {
    const res = await (await t.client(login)).post('/api/instances', { processId, variables: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const sweep = () => t.app.services.flows.sweep({ outboxAgeMs: 0 });

  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock, workers: true, sweepEveryMs: 0 } });
    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/cn-calendar/install', { enable: true })).status).toBe(200);
    expect((await admin.post('/api/calendars', nightShift)).status).toBe(201);
    const shorter = {
      ...nightShift,
      id: 'sales-hours',
      weekly: { friday: [{ from: '09:00', to: '11:00' }], monday: [{ from: '09:00', to: '17:00' }] },
    };
    expect((await admin.post('/api/calendars', shorter)).status).toBe(201);
    expect(
      (
        await admin.put('/api/calendars/assignments', {
          scope: 'department',
          target: 'sales',
          calendar: 'sales-hours',
        })
      ).status,
    ).toBe(200);
    const role = (await admin.get('/api/roles/employee')).body;
    await admin.patch('/api/roles/employee', {
      rev: role.rev,
      permissions: [...role.permissions, { resource: 'instances', actions: ['create', 'read'] }],
    });
    const analyst = await t.client('analyst');
    for (const xml of [slaXml, waitXml]) {
      const res = await analyst.request({
        method: 'POST',
        url: '/api/flows',
        headers: { 'content-type': 'application/xml' },
        payload: xml,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('counts "within 24 hours" in the requester\'s working hours, over the Spring Festival', async () => {
    // zheng.xin (operations → the company's China calendar): 7 h on Friday, 8 h on the make-up
    // Saturday, the holiday until Monday the 23rd, 8 h on Tuesday, 1 h on Wednesday.
    const cn = await start('zheng.xin', 'answer_sla');
    expect(await timersOf(cn)).toEqual(['2026-02-25T02:00:00.000Z']);
    // li.lei (sales-east, below sales → sales-hours): 1 h on Friday, then Mondays 8 h …
    const sales = await start('li.lei', 'answer_sla');
    // Fri 10–11 (1 h), Mon 16th 8 h, Fri 20th 2 h, Mon 23rd 8 h, Fri 27th 2 h, Mon 2 March 3 h → 12:00.
    expect(await timersOf(sales)).toEqual(['2026-03-02T04:00:00.000Z']);

    clock.set(Date.parse('2026-02-25T09:59:00+08:00'));
    await sweep();
    expect((await instance(cn)).status).toBe('active');
    await t.restart(); // a new process on the same data fires it: the due time is in the instance
    clock.set(Date.parse('2026-02-25T10:00:00+08:00'));
    await sweep();
    const ended = await instance(cn);
    expect(ended.status).toBe('completed');
    expect(ended.activeElementIds).toEqual([]);
    expect(ended.history.some((h) => h.elementId === 'too_late')).toBe(true);
    expect((await instance(sales)).status).toBe('active');
  });

  it('fires at a date computed with FEEL, then an hour of a named calendar', async () => {
    clock.set(FRIDAY_10);
    const id = await start('zheng.xin', 'wait_two_hours');
    // 10:00 + 2 working hours = 12:00, the end of the morning period.
    expect(await timersOf(id)).toEqual(['2026-02-13T04:00:00.000Z']);
    clock.set(Date.parse('2026-02-13T12:00:00+08:00'));
    await sweep();
    // Then 1 h of the night shift: Friday 22:00–23:00.
    expect(await timersOf(id)).toEqual(['2026-02-13T15:00:00.000Z']);
    clock.set(Date.parse('2026-02-13T23:00:00+08:00'));
    await sweep();
    expect((await instance(id)).status).toBe('completed');
  });

  it('refuses at deploy time what working time cannot count, and says why', async () => {
    const bad = buildBpmn({
      id: 'bad_working_time',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        {
          id: 'at',
          type: 'timerCatch',
          at: [1, 0],
          body: zeebe.timer('timeDate', '2026-03-01T09:00:00Z'),
          ext: property('workingTime', 'true'),
        },
        {
          id: 'monthly',
          type: 'timerCatch',
          at: [2, 0],
          body: zeebe.timer('timeDuration', 'P1M'),
          ext: property('workingTime', 'true'),
        },
        { id: 'done', type: 'endEvent', at: [3, 0] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'at' },
        { id: 'f2', from: 'at', to: 'monthly' },
        { id: 'f3', from: 'monthly', to: 'done' },
      ],
    });
    const res = await (
      await t.client('analyst')
    ).request({
      method: 'POST',
      url: '/api/flows',
      headers: { 'content-type': 'application/xml' },
      payload: bad,
    });
    expect(res.status).toBe(422);
    const problems = res.body.error.details.filter((d: { code?: string }) => d.code === 'TIMER_WORKING_TIME');
    expect(problems.map((p: { elementId: string }) => p.elementId)).toEqual(['at', 'monthly']);
    expect(problems[1].messageZh).toContain('以年或月计的持续时间');
  });

  it('raises an incident when no calendar applies, and resumes once one is assigned', async () => {
    const admin = await t.client('admin');
    const company = (await admin.get('/api/calendars/assignments')).body.items.find(
      (a: { id: string }) => a.id === 'company',
    );
    await admin.put('/api/calendars/assignments', { scope: 'company', calendar: null });
    clock.set(FRIDAY_10);
    const id = await start('zheng.xin', 'answer_sla');
    const stuck = await instance(id);
    expect(Object.values(stuck.incidents).map((i) => i.message)).toEqual([
      expect.stringContaining('assign one to the company'),
    ]);
    await admin.put('/api/calendars/assignments', { scope: 'company', calendar: company.calendar });
    const incident = Object.values(stuck.incidents)[0]!;
    const retried = await admin.post(`/api/incidents/${id}/${incident.id}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBeLessThan(300);
    expect(await timersOf(id)).toEqual(['2026-02-25T02:00:00.000Z']);
  });
});
