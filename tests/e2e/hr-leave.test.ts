// Leave end to end, in both run modes: HR allocates annual leave (the leave ledger gets a +
// entry); a request across a weekend, the Labour Day holiday and its 调休 make-up Saturday counts
// the working days of the China calendar; one above the balance is refused before anything is
// stored (REQUEST_REFUSED, en + zh-CN); an approved one (manager, then HR above three days) takes
// the days from the ledger, and cancelling it gives them back by a reversing entry; one the balance
// no longer holds when it is approved ends rejected, taking nothing. A night shift across midnight
// computes late, early and worked minutes and the day's status; a 补卡 correction approved by the
// manager recomputes the day. A Chinese-speaking manager reads the flow's steps in Chinese.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { HR, balanceOf, decide, startHr, waitForBalance } from './hr-fixtures.ts';

describe.each(MODES)('HR leave (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startHr(mode, new ManualClock(Date.parse('2026-03-20T02:00:00Z')));
  });
  afterAll(() => t?.close());

  const statusOf = async (id: string) =>
    (await (await t.client(HR)).get(`/api/records/hr-leave-request/${id}`)).body;

  it('adds a submitted allocation to the leave ledger', async () => {
    const hr = await t.client(HR);
    const made = await hr.post('/api/records/hr-leave-allocation', {
      data: { employee: 'zheng.xin', leaveType: 'annual', kind: 'allocation', date: '2026-01-01', days: 5 },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const submitted = await hr.post(`/api/records/hr-leave-allocation/${made.body.id}/submit`, {
      rev: made.body.rev,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await waitForBalance(t, 'zheng.xin', 'annual', 5);
  });

  it('counts working days on the China calendar: weekend, Labour Day and its make-up Saturday', async () => {
    const employee = await t.client('employee');
    // Thu 30 Apr; 1–5 May holiday; Wed 6, Thu 7, Fri 8; Sat 9 May is a make-up working day (调休);
    // Sun 10 off; Mon 11 → 6 working days, above the balance of 5.
    const data = { leaveType: 'annual', from: '2026-04-30', to: '2026-05-11', reason: 'Trip home' };
    const pre = await employee.post('/api/catalogue/hr-leave-request/precheck', { data });
    expect(pre.status, JSON.stringify(pre.body)).toBe(200);
    expect(pre.body.values).toMatchObject({ balance: 5, requested: 6, exceeds: true, limited: true });
    expect(pre.body.warnings).toEqual([
      {
        code: 'LEAVE_BALANCE_EXCEEDED',
        refuse: true,
        message: '6 day(s) requested, but the balance is only 5 day(s).',
        messageZh: '申请 6 天，但假期余额仅剩 5 天。',
      },
    ]);
    const before = (await employee.get('/api/records/hr-leave-request?limit=50')).body.items.length;
    const refused = await employee.post('/api/catalogue/hr-leave-request/submit', { data });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'REQUEST_REFUSED',
      message: '6 day(s) requested, but the balance is only 5 day(s).',
      messageZh: '申请 6 天，但假期余额仅剩 5 天。',
    });
    expect((await employee.get('/api/records/hr-leave-request?limit=50')).body.items).toHaveLength(before);
    // Sick leave is not limited by a balance: the same days are accepted.
    const sick = await employee.post('/api/catalogue/hr-leave-request/precheck', {
      data: { ...data, leaveType: 'sick' },
    });
    expect(sick.body).toMatchObject({ warnings: [], values: { limited: false, requested: 6 } });
  });

  it('takes the days on approval (manager, then HR above 3 days); cancelling gives them back', async () => {
    const employee = await t.client('employee');
    // Thu 2, Fri 3 Apr; Sat 4 – Mon 6 Qingming; Tue 7, Wed 8 → 4 working days.
    const data = { leaveType: 'annual', from: '2026-04-02', to: '2026-04-08' };
    const pre = await employee.post('/api/catalogue/hr-leave-request/precheck', { data });
    expect(pre.body).toMatchObject({ warnings: [], values: { balance: 5, requested: 4, remaining: 1 } });
    const submitted = await employee.post('/api/catalogue/hr-leave-request/submit', { data });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.record.data.days).toBe(4);
    const { instanceId } = submitted.body;
    const id = submitted.body.record.id;
    await decide(t, instanceId, 'manager', 'wu.hao', 'approve');
    await decide(t, instanceId, 'hr', HR, 'approve');
    await waitFor(async () => (await statusOf(id)).status === 'approved', 20_000, 'approved');
    expect((await statusOf(id)).docstatus).toBe('submitted');
    await waitForBalance(t, 'zheng.xin', 'annual', 1);

    const record = await statusOf(id);
    const cancelled = await employee.post(`/api/records/hr-leave-request/${id}/cancel`, {
      rev: record.rev,
      reason: 'Plans changed',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await balanceOf(t, 'zheng.xin', 'annual')).toBe(5);
    const postings = (await employee.get(`/api/records/hr-leave-request/${id}/postings`)).body;
    const entries = (postings.items ?? postings).filter((p: any) => p.ledger === 'quantities');
    expect(entries.map((p: any) => [p.kind, p.amount])).toEqual([
      ['leave', '-4'],
      ['reversal:leave', '4'],
    ]);
  });

  it('a short leave needs the manager only; a rejected one takes nothing', async () => {
    const employee = await t.client('employee');
    const half = await employee.post('/api/catalogue/hr-leave-request/submit', {
      data: { leaveType: 'annual', from: '2026-04-09', to: '2026-04-09', halfDay: true },
    });
    expect([half.status, half.body.record?.data.days]).toEqual([201, 0.5]);
    await decide(t, half.body.instanceId, 'manager', 'wu.hao', 'approve');
    await waitFor(
      async () => (await statusOf(half.body.record.id)).status === 'approved',
      20_000,
      'approved',
    );
    await waitForBalance(t, 'zheng.xin', 'annual', 4.5);
    const visited = (await t.app.services.flows.getInstance(half.body.instanceId)).history
      .filter((h) => h.type === 'task.completed')
      .map((h) => h.elementId);
    expect(visited).toEqual(['manager']);

    const refused = await employee.post('/api/catalogue/hr-leave-request/submit', {
      data: { leaveType: 'annual', from: '2026-04-10', to: '2026-04-10' },
    });
    // The manager reads the step and the flow in their language: Chinese (the demo's), or English.
    const manager = await t.client('wu.hao');
    const row = async () => {
      let found: any;
      await waitFor(
        async () =>
          (found = (await manager.get('/api/tasks?processId=hr-leave-approval')).body.items.find(
            (x: any) => x.instanceId === refused.body.instanceId,
          )) !== undefined,
        20_000,
        'the manager step in the inbox',
      );
      return [found.name, found.processName];
    };
    expect(await row()).toEqual(['经理审批', '请假审批']);
    const chain = (await manager.get(`/api/approvals/requests/${refused.body.instanceId}/chain`)).body;
    expect(chain.steps.map((x: any) => x.name)).toContain('经理审批');
    expect((await manager.patch('/api/auth/me', { locale: 'en' })).status).toBe(200);
    expect(await row()).toEqual(['Manager approval', 'Leave approval']);
    expect((await manager.patch('/api/auth/me', { locale: 'zh-CN' })).status).toBe(200);
    await decide(t, refused.body.instanceId, 'manager', 'wu.hao', 'reject');
    await waitFor(
      async () => (await statusOf(refused.body.record.id)).status === 'rejected',
      20_000,
      'rejected',
    );
    expect(await balanceOf(t, 'zheng.xin', 'annual')).toBe(4.5);
  });

  it('rejects at approval what the balance no longer holds (two requests that fitted alone)', async () => {
    const employee = await t.client('employee');
    const submit = async (from: string, to: string) => {
      const res = await employee.post('/api/catalogue/hr-leave-request/submit', {
        data: { leaveType: 'annual', from, to },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    const long = await submit('2026-04-14', '2026-04-17'); // Tue–Fri: 4 of the 4.5 days left
    const short = await submit('2026-04-20', '2026-04-20'); // 1 day: fitted when submitted
    await decide(t, long.instanceId, 'manager', 'wu.hao', 'approve');
    await decide(t, long.instanceId, 'hr', HR, 'approve');
    await waitForBalance(t, 'zheng.xin', 'annual', 0.5);
    await decide(t, short.instanceId, 'manager', 'wu.hao', 'approve');
    // The ledger refuses to go below zero (QUANTITY_INSUFFICIENT): the flow ends rejected.
    await waitFor(async () => (await statusOf(short.record.id)).status === 'rejected', 20_000, 'rejected');
    expect(await balanceOf(t, 'zheng.xin', 'annual')).toBe(0.5);
  });

  it('computes a night shift across midnight: late after the grace, left early, worked; absent without check-ins', async () => {
    const hr = await t.client(HR);
    const day = async (data: object) => {
      const res = await hr.post('/api/records/hr-attendance', { data: { employee: 'zheng.xin', ...data } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { ...res.body.data, id: res.body.id };
    };
    // Night shift 22:00–06:00, 5 minutes' grace: in at 22:12, out at 05:40 the next morning.
    const night = await day({
      date: '2026-03-02',
      shift: 'night',
      checkIn: '2026-03-02T22:12:00+08:00',
      checkOut: '2026-03-03T05:40:00+08:00',
    });
    expect(night).toMatchObject({
      shiftEndAt: '2026-03-03T06:00:00+08:00',
      lateMinutes: 7,
      earlyMinutes: 20,
      workedMinutes: 448,
      status: 'late',
    });
    const onTime = await day({
      date: '2026-03-03',
      shift: 'night',
      checkIn: '2026-03-03T22:04:00+08:00',
      checkOut: '2026-03-04T06:02:00+08:00',
    });
    expect(onTime).toMatchObject({ lateMinutes: 0, earlyMinutes: 0, workedMinutes: 478, status: 'present' });
    const short = await day({
      date: '2026-03-04',
      shift: 'day',
      checkIn: '2026-03-04T09:00:00+08:00',
      checkOut: '2026-03-04T12:00:00+08:00',
    });
    expect(short).toMatchObject({ workedMinutes: 180, earlyMinutes: 360, status: 'half-day' });
    const forgot = await day({ date: '2026-03-05', shift: 'day' });
    expect(forgot).toMatchObject({ status: 'absent' });
    expect(await day({ date: '2026-03-06', shift: 'day', onLeave: true })).toMatchObject({
      status: 'on-leave',
    });
    // The employee reads their own days; a colleague does not.
    const own = (await (await t.client('employee')).get('/api/records/hr-attendance?limit=50')).body.items;
    expect(own).toHaveLength(5);
    expect(
      (await (await t.client('wang.fang')).get('/api/records/hr-attendance?limit=50')).body.items,
    ).toEqual([]);

    // HR's exceptions report: the late night, the half day and the absence (not the leave day).
    const exceptions = await hr.post('/api/reports/hr-attendance-exceptions/run', {
      params: { from: '2026-03-01', to: '2026-03-08' },
    });
    expect(exceptions.status, JSON.stringify(exceptions.body)).toBe(200);
    expect(exceptions.body.rows).toEqual([
      { employee: 'zheng.xin', status: 'absent', days: 1, lateMinutes: '0', earlyMinutes: '0' },
      { employee: 'zheng.xin', status: 'half-day', days: 1, lateMinutes: '0', earlyMinutes: '360' },
      { employee: 'zheng.xin', status: 'late', days: 1, lateMinutes: '7', earlyMinutes: '20' },
    ]);
    expect(
      (
        await (
          await t.client('employee')
        ).post('/api/reports/hr-attendance-exceptions/run', {
          params: { from: '2026-03-01', to: '2026-03-08' },
        })
      ).status,
    ).toBe(403);

    // 补卡: the forgotten day, corrected once the manager approves, is recomputed.
    const employee = await t.client('employee');
    const asked = await employee.post('/api/catalogue/hr-attendance-correction/submit', {
      data: {
        attendance: forgot.id,
        checkIn: '2026-03-05T08:58:00+08:00',
        checkOut: '2026-03-05T18:03:00+08:00',
        reason: 'Phone battery flat',
      },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    await decide(t, asked.body.instanceId, 'manager', 'wu.hao', 'approve', 'hr-attendance-correction');
    const corrected = async () => (await hr.get(`/api/records/hr-attendance/${forgot.id}`)).body.data;
    await waitFor(async () => (await corrected()).status === 'present', 20_000, 'the corrected day');
    expect(await corrected()).toMatchObject({ lateMinutes: 0, earlyMinutes: 0, workedMinutes: 545 });
  });

  it('refuses a half day over several days, and dates in the wrong order, at their fields', async () => {
    const employee = await t.client('employee');
    const bad = await employee.post('/api/catalogue/hr-leave-request/submit', {
      data: { leaveType: 'annual', from: '2026-04-14', to: '2026-04-13', halfDay: true },
    });
    expect(bad.status).toBe(422);
    const paths = bad.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/to', '/halfDay']));
  });
});
