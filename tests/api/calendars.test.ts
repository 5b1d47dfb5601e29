// Business calendars through the API, in both run modes: the reference calendar a module ships
// (China 2026, with its make-up days) becomes the company's, its year view, calendars of one's own,
// assignments to a department and an employee (employee → department, up the tree → company),
// and every bad input refused with a stable code, both languages and the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';

const shift = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
const plant = {
  id: 'plant-shifts',
  name: { en: 'Plant shifts', 'zh-CN': '工厂班次' },
  timeZone: 'Asia/Shanghai',
  weekly: {
    monday: shift,
    tuesday: shift,
    wednesday: shift,
    thursday: shift,
    friday: shift,
    saturday: shift,
  },
  holidays: [{ from: '2026-10-01', to: '2026-10-03', name: { en: 'National Day', 'zh-CN': '国庆节' } }],
};

describe.each(MODES)('business calendars (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode);
  });
  afterAll(() => t?.close());

  it('installs the reference calendar with its module and makes it the company calendar', async () => {
    const admin = await t.client('admin');
    expect((await admin.get('/api/calendars/assignments')).body.items).toEqual([]);
    const installed = await admin.post('/api/modules/cn-calendar/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const cal = await admin.get('/api/calendars/cn-calendar-standard');
    expect(cal.status).toBe(200);
    expect(cal.body).toMatchObject({ module: 'cn-calendar', timeZone: 'Asia/Shanghai' });
    expect(cal.body.source.title).toContain('国务院办公厅关于2026年部分节假日安排的通知');
    expect((await admin.get('/api/calendars/assignments')).body.items).toEqual([
      { id: 'company', scope: 'company', calendar: 'cn-calendar-standard', rev: 1 },
    ]);
  });

  it('shows a year with its holidays and make-up working days', async () => {
    const employee = await t.client('employee');
    const res = await employee.get('/api/calendars/cn-calendar-standard/days?from=2026-01-01&to=2026-12-31');
    expect(res.status).toBe(200);
    const days = res.body.items as Array<{ date: string; kind: string; minutes: number }>;
    expect(days).toHaveLength(365);
    const count = (kind: string) => days.filter((d) => d.kind === kind).length;
    expect(count('workday')).toBe(6);
    expect(count('holiday')).toBe(33);
    expect(count('working') + count('workday')).toBe(248);
    expect(days.find((d) => d.date === '2026-02-14')).toMatchObject({ kind: 'workday', minutes: 480 });
    expect(days.find((d) => d.date === '2026-02-16')).toMatchObject({ kind: 'holiday', minutes: 0 });
    const tooLong = await employee.get(
      '/api/calendars/cn-calendar-standard/days?from=2026-01-01&to=2028-12-31',
    );
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'CALENDAR_RANGE_INVALID']);
    expect(tooLong.body.error.messageZh).toContain('一次最多两年');
  });

  it('resolves employee → department up the tree → company', async () => {
    const admin = await t.client('admin');
    expect((await admin.post('/api/calendars', plant)).status).toBe(201);
    const own = { ...plant, id: 'wang-fang-part-time', weekly: { monday: shift } };
    expect((await admin.post('/api/calendars', own)).status).toBe(201);
    const assign = (body: object) => admin.put('/api/calendars/assignments', body);
    expect((await assign({ scope: 'department', target: 'sales', calendar: 'plant-shifts' })).status).toBe(
      200,
    );
    expect(
      (await assign({ scope: 'user', target: 'wang.fang', calendar: 'wang-fang-part-time' })).status,
    ).toBe(200);
    const resolve = async (query: string) => (await admin.get(`/api/calendars/resolve?${query}`)).body.choice;
    // wang.fang has her own; li.lei is in sales-east, below sales; zheng.xin in operations, below hq.
    expect(await resolve('user=wang.fang')).toEqual({
      calendar: 'wang-fang-part-time',
      via: 'user',
      target: 'wang.fang',
    });
    expect(await resolve('user=li.lei')).toEqual({
      calendar: 'plant-shifts',
      via: 'department',
      target: 'sales',
    });
    expect(await resolve('user=zheng.xin')).toEqual({ calendar: 'cn-calendar-standard', via: 'company' });
    expect(await resolve('department=sales-east')).toEqual({
      calendar: 'plant-shifts',
      via: 'department',
      target: 'sales',
    });
    // Without a query: the caller's own.
    const me = await (await t.client('otherSalesperson')).get('/api/calendars/resolve');
    expect(me.body.choice).toMatchObject({ calendar: 'plant-shifts' });
    // Removing the department's assignment falls back to the company's.
    expect((await assign({ scope: 'department', target: 'sales', calendar: null })).body).toEqual({
      assignment: null,
    });
    expect(await resolve('user=li.lei')).toEqual({ calendar: 'cn-calendar-standard', via: 'company' });
  });

  it('edits an own calendar at its revision and refuses to edit a module calendar', async () => {
    const admin = await t.client('admin');
    const current = (await admin.get('/api/calendars/plant-shifts')).body;
    const { id: _id, rev, ...body } = current;
    const saved = await admin.put('/api/calendars/plant-shifts', { ...body, rev, holidays: [] });
    expect([saved.status, saved.body.rev, saved.body.holidays]).toEqual([200, rev + 1, []]);
    const stale = await admin.put('/api/calendars/plant-shifts', { ...body, rev });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CALENDAR_REVISION_CONFLICT']);
    const ref = (await admin.get('/api/calendars/cn-calendar-standard')).body;
    const { id: _r, rev: refRev, module: _m, ...refBody } = ref;
    const refused = await admin.put('/api/calendars/cn-calendar-standard', { ...refBody, rev: refRev });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CALENDAR_FROM_MODULE']);
    expect(refused.body.error.messageZh).toContain('请复制一份再修改');
  });

  it('refuses calendars that cannot work, saying where, in both languages', async () => {
    const admin = await t.client('admin');
    const bad = await admin.post('/api/calendars', {
      ...plant,
      id: 'broken',
      timeZone: 'Asia/Atlantis',
      weekly: { monday: [{ from: '12:00', to: '09:00' }] },
      workdays: [{ date: '2026-10-02' }],
      holidays: [{ from: '2026-10-01', to: '2026-10-03' }],
    });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'CALENDAR_INVALID']);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/timeZone',
      '/weekly/monday/0/to',
      '/workdays/0/date',
    ]);
    expect(bad.body.error.messageZh).toContain('不是有效的时区');
    const schema = await admin.post('/api/calendars', {
      ...plant,
      id: 'schema',
      weekly: { monday: [{ from: '9:00', to: '12:00' }] },
    });
    expect(schema.status).toBe(400);
    expect(schema.body.error.details[0].path).toBe('/weekly/monday/0/from');
    expect((await admin.post('/api/calendars', plant)).body.error.code).toBe('CALENDAR_EXISTS');
    const nobody = await admin.put('/api/calendars/assignments', {
      scope: 'user',
      target: 'no.one',
      calendar: 'plant-shifts',
    });
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'CALENDAR_TARGET_NOT_FOUND']);
    const noTarget = await admin.put('/api/calendars/assignments', {
      scope: 'department',
      calendar: 'plant-shifts',
    });
    expect([noTarget.status, noTarget.body.error.details[0].path]).toEqual([400, '/target']);
    const unknown = await admin.put('/api/calendars/assignments', { scope: 'company', calendar: 'nope' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'CALENDAR_NOT_FOUND']);
    // Nothing changed by the refusals.
    expect((await admin.get('/api/calendars/resolve?user=zheng.xin')).body.choice.calendar).toBe(
      'cn-calendar-standard',
    );
  });

  it('deletes a calendar only when nobody works by it', async () => {
    const admin = await t.client('admin');
    const own = (await admin.get('/api/calendars/wang-fang-part-time')).body;
    const inUse = await admin.delete(`/api/calendars/wang-fang-part-time?rev=${own.rev}`);
    expect([inUse.status, inUse.body.error.code]).toEqual([409, 'CALENDAR_IN_USE']);
    expect(inUse.body.error.message).toContain('user:wang.fang');
    await admin.put('/api/calendars/assignments', { scope: 'user', target: 'wang.fang', calendar: null });
    expect((await admin.delete(`/api/calendars/wang-fang-part-time?rev=${own.rev}`)).status).toBe(204);
    expect((await admin.get('/api/calendars/wang-fang-part-time')).status).toBe(404);
  });

  it('lets everyone read calendars and only admins change them', async () => {
    const employee = await t.client('employee');
    expect((await employee.get('/api/calendars')).body.items.map((c: { id: string }) => c.id)).toEqual([
      'cn-calendar-standard',
      'plant-shifts',
    ]);
    const refused = await employee.post('/api/calendars', { ...plant, id: 'mine' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const audit = await (await t.client('admin')).get('/api/audit?action=calendar.assign');
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(3);
  });
});
