// Monthly leave accrual over a year, in both run modes: on the first of each month the scheduled
// record-set automation gives every employee that month's share of their yearly entitlement,
// rounded down to half days on the running total — so 5 days a year earn 0, 0.5, 1, 1.5 … and
// exactly 5 by December (rounding each month's 5/12 to the nearest half day would give 6, above
// the entitlement); an employee who joined in March earns from March; running a month again
// posts nothing twice. The embedded mode runs every month; the distributed one (slower per run)
// skips months, which the next run catches up — the balances at the months it runs are the same.
// Carried-forward days expire as far as they are left; HR is reminded of a contract ending.
// Attendance: a time clock's log imported as CSV (employees by their clock code, a line imported
// twice stored once, an unknown code refused on its line), the daily job computing the day before
// for each rostered employee — late, a night shift across midnight, on leave, a missing check-out
// absent until a correction (补卡) approved by the manager computes the day again — and the
// month's summary per employee. A phone's taps queued offline count at the time they were tapped
// (within 72 hours; older ones, or ones ahead of the server's clock, are refused), and a day the
// job computed before they arrived is computed again.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { HR, balanceOf, decide, startHr } from './hr-fixtures.ts';

const AUTOMATION = 'hr-monthly-accrual';

describe.each(MODES)('HR monthly accrual (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-01-01T18:00:00Z'));
  beforeAll(async () => {
    t = await startHr(mode, clock);
  });
  afterAll(() => t?.close());

  async function runMonth(month: number): Promise<any> {
    clock.set(Date.parse(`2026-${String(month).padStart(2, '0')}-01T18:00:00Z`));
    const admin = await t.client('admin');
    const started = await admin.post(`/api/automations/${AUTOMATION}/run`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const runOf = async () =>
      (await admin.get(`/api/automations/${AUTOMATION}/runs/${started.body.id}`)).body;
    await waitFor(async () => (await runOf()).status !== 'running', 30_000, `accrual of month ${month}`);
    return runOf();
  }

  it(
    'earns a twelfth a month, rounded down to half days, exactly the entitlement by December',
    { timeout: 60_000 },
    async () => {
      // By month (January first): 5 days a year earn floor(5 × months × 2 / 12) / 2; li.lei joined
      // on 2 March 2026, so her months count from March (10 by December → 4 days, prorated);
      // wu.hao's 10 days a year earn 10/12 a month.
      const expected: Record<string, number[]> = {
        'zheng.xin': [0, 0.5, 1, 1.5, 2, 2.5, 2.5, 3, 3.5, 4, 4.5, 5],
        'li.lei': [0, 0, 0, 0.5, 1, 1.5, 2, 2.5, 2.5, 3, 3.5, 4],
        'wu.hao': [0.5, 1.5, 2.5, 3, 4, 5, 5.5, 6.5, 7.5, 8, 9, 10],
      };
      const months = mode === 'embedded' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [2, 7, 12];
      for (const month of months) {
        const run = await runMonth(month);
        expect(run).toMatchObject({ status: 'succeeded', progress: { total: 7, failed: 0 } });
        for (const [who, balances] of Object.entries(expected))
          expect(await balanceOf(t, who, 'annual'), `${who} in month ${month}`).toBe(balances[month - 1]);
      }
    },
  );

  it('posts nothing twice when a month runs again', async () => {
    const admin = await t.client('admin');
    const again = await admin.post(`/api/automations/${AUTOMATION}/run`, {});
    expect(again.body).toMatchObject({ status: 'succeeded' });
    const run = await runMonth(12);
    expect(run.status).toBe('succeeded');
    expect(await balanceOf(t, 'zheng.xin', 'annual')).toBe(5);
    const entries = await t.app.services.quantities.entries.find({
      party: 'zheng.xin',
      book: 'hr-leave',
      item: 'annual',
    });
    // A month that earns nothing posts no entry (January's 5/12 rounds down to nothing).
    expect(entries.items).toHaveLength(mode === 'embedded' ? 10 : 3);
    expect(entries.items.every((e) => e.source.kind.startsWith('accrual:2026-'))).toBe(true);
  });

  async function runNow(automation: string): Promise<any> {
    const admin = await t.client('admin');
    const started = await admin.post(`/api/automations/${automation}/run`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const runOf = async () =>
      (await admin.get(`/api/automations/${automation}/runs/${started.body.id}`)).body;
    await waitFor(async () => (await runOf()).status !== 'running', 30_000, `run of ${automation}`);
    return runOf();
  }

  it('expires what is left of carried-forward days, never below zero', async () => {
    clock.set(Date.parse('2026-12-20T02:00:00Z'));
    const hr = await t.client(HR);
    const made = await hr.post('/api/records/hr-leave-allocation', {
      data: {
        employee: 'chen.wei',
        leaveType: 'marriage',
        kind: 'carry-forward',
        date: '2026-01-01',
        days: 4,
        expiresOn: '2026-06-30',
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await hr.post(`/api/records/hr-leave-allocation/${made.body.id}/submit`, { rev: made.body.rev });
    await waitFor(async () => (await balanceOf(t, 'chen.wei', 'marriage')) === 4, 20_000, 'carried forward');
    // Three of the four days were taken before they expired (posted as a leave request would).
    await t.app.services.quantities.post(
      {
        book: 'hr-leave',
        party: 'chen.wei',
        item: 'marriage',
        quantity: '-3',
        date: '2026-05-06',
        source: { form: 'hr-leave-request', id: 'taken-before-expiry', kind: 'leave' },
      },
      { by: 'test' },
    );
    const run = await runNow('hr-expire-carry-forward');
    expect(run).toMatchObject({ status: 'succeeded', progress: { succeeded: 1 } });
    expect(await balanceOf(t, 'chen.wei', 'marriage')).toBe(0);
    const allocation = (await hr.get(`/api/records/hr-leave-allocation/${made.body.id}`)).body;
    expect(allocation.data.expired).toBe(true);
    expect((await runNow('hr-expire-carry-forward')).status).toBe('succeeded'); // nothing more
    expect(await balanceOf(t, 'chen.wei', 'marriage')).toBe(0);
  });

  it('reminds HR once of a contract ending within the reminder days', async () => {
    // zhou.jie's contract ends on 2027-01-10: 21 days after 20 December; zheng.xin's in February.
    const run = await runNow('hr-contract-reminder');
    expect(run).toMatchObject({ status: 'succeeded', progress: { total: 7, succeeded: 1, skipped: 6 } });
    const titles = async () =>
      (await (await t.client(HR)).get('/api/notifications')).body.items.map((n: any) => n.title.en);
    await waitFor(async () => (await titles()).some((x: string) => x.includes('周杰')), 20_000, 'reminder');
    expect((await titles()).filter((x: string) => x.startsWith('The contract of'))).toEqual([
      'The contract of 周杰 ends on 2027-01-10',
    ]);
  });

  // Monday 21 December 2026, by hand (day shift 09:00–18:00, night 22:00–06:00, grace 5 minutes,
  // half day below 240 minutes worked, absent below 60):
  //   zheng.xin (clock E001) 09:07 → 18:02: 2 minutes late after the grace, 535 worked → late;
  //     his punch on Sunday 10:00 is outside the shift's window and ignored;
  //   wang.fang (E002) night 21:55 → Tuesday 06:01: 486 worked, on time → present;
  //   wu.hao (E003) 08:58 and no check-out → absent; his correction (check-out 17:30, approved by
  //     chen.wei) makes it 512 worked, 30 minutes early → early-exit;
  //   li.lei: rostered, approved sick leave that day → on leave.
  it(
    'imports a time clock log, computes yesterday by the daily job, corrects a day, sums the month',
    { timeout: 120_000 },
    async () => {
      clock.set(Date.parse('2026-12-21T02:00:00Z'));
      let hr = await t.client(HR);
      const employees = (await hr.get('/api/records/hr-employee?limit=50')).body.items;
      const codes: Record<string, string> = { 'zheng.xin': 'E001', 'wang.fang': 'E002', 'wu.hao': 'E003' };
      for (const [user, deviceCode] of Object.entries(codes)) {
        const row = employees.find((r: any) => r.data.user === user);
        const res = await hr.patch(`/api/records/hr-employee/${row.id}`, {
          rev: row.rev,
          patch: { deviceCode },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
      const roster = [
        ['zheng.xin', 'day'],
        ['wang.fang', 'night'],
        ['wu.hao', 'day'],
        ['li.lei', 'day'],
      ];
      for (const [employee, shift] of roster) {
        const res = await hr.post('/api/records/hr-shift-assignment', {
          data: { employee, date: '2026-12-21', shift },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const leave = await (
        await t.client('li.lei')
      ).post('/api/catalogue/hr-leave-request/submit', {
        data: { leaveType: 'sick', from: '2026-12-21', to: '2026-12-21' },
      });
      expect(leave.status, JSON.stringify(leave.body)).toBe(201);
      await decide(t, leave.body.instanceId, 'manager', 'zhang.min', 'approve');

      const csv = [
        '考勤机工号,考勤机时间',
        'E001,2026-12-20 10:00',
        'E001,2026-12-21 09:07',
        'E001,2026-12-21 09:07',
        'E001,2026-12-21 18:02:30',
        'E002,2026-12-21 21:55',
        'E002,2026-12-22 06:01',
        'E003,2026-12-21 08:58',
        'E999,2026-12-21 09:00',
      ].join('\n');
      const upload = (mode: string) =>
        hr.post('/api/records/hr-check-in/import', {
          fileName: 'clock-2026-12.csv',
          content: Buffer.from(csv).toString('base64'),
          mode,
          policy: 'valid-rows-only',
        });
      const checked = await upload('dry-run');
      expect(checked.status, JSON.stringify(checked.body)).toBe(200);
      expect(checked.body).toMatchObject({
        status: 'checked',
        validRows: 6,
        invalidRows: 1,
        duplicateRows: 1,
      });
      expect(checked.body.problems).toEqual([
        {
          row: 9,
          column: '考勤机工号',
          code: 'IMPORT_KEY_NOT_FOUND',
          path: '/employeeRecord',
          message: '考勤机工号: no record has deviceCode "E999"',
          messageZh: '考勤机工号：没有 deviceCode 为“E999”的记录',
        },
      ]);
      const committed = await upload('commit');
      expect([committed.body.status, committed.body.imported]).toEqual(['committed', 6]);
      // The same log again: every line is already there (or refused as before), nothing is added.
      const again = await upload('commit');
      expect(again.body).toMatchObject({ imported: 0, validRows: 0, invalidRows: 1, duplicateRows: 7 });
      const punches = (await hr.get('/api/records/hr-check-in?limit=50')).body.items;
      expect(punches).toHaveLength(6);
      expect(punches.find((p: any) => p.data.deviceTime === '2026-12-21 18:02:30').data).toMatchObject({
        employee: 'zheng.xin',
        source: 'device',
        time: '2026-12-21T18:02:30+08:00',
      });

      // Tuesday 10:00 in Beijing: the daily job computes Monday.
      clock.set(Date.parse('2026-12-22T02:00:00Z'));
      hr = await t.client(HR); // sessions end as the clock moves on
      const run = await runNow('hr-attendance-daily');
      const failures = (
        await (
          await t.client('admin')
        ).get(`/api/automations/hr-attendance-daily/runs/${run.id}/records?status=failed`)
      ).body;
      expect(run, JSON.stringify(failures).slice(0, 3000)).toMatchObject({
        status: 'succeeded',
        progress: { total: 7, failed: 0 },
      });
      const days = async () =>
        Object.fromEntries(
          (await hr.get('/api/records/hr-attendance?limit=50')).body.items.map((r: any) => [
            r.data.employee,
            [
              r.data.status,
              r.data.lateMinutes ?? null,
              r.data.earlyMinutes ?? null,
              r.data.workedMinutes ?? null,
            ],
          ]),
        );
      expect(await days()).toEqual({
        'zheng.xin': ['late', 2, 0, 535],
        'wang.fang': ['present', 0, 0, 486],
        'wu.hao': ['absent', 0, null, null],
        'li.lei': ['on-leave', null, null, null],
      });
      // Once per employee and day: running it again changes nothing.
      expect((await runNow('hr-attendance-daily')).status).toBe('succeeded');
      expect((await hr.get('/api/records/hr-attendance?limit=50')).body.items).toHaveLength(4);

      // 补卡: wu.hao forgot to check out; his manager approves, the day is computed again.
      const wu = await t.client('wu.hao');
      const attendanceId = 'att-wu.hao-2026-12-21';
      const asked = await wu.post('/api/catalogue/hr-attendance-correction/submit', {
        data: {
          attendance: attendanceId,
          checkOut: '2026-12-21T17:30:00+08:00',
          reason: 'Forgot to check out',
        },
      });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
      expect(asked.body.record.data).toMatchObject({ employee: 'wu.hao', date: '2026-12-21' });
      // Nobody corrects another's day: a day they may not read is not found.
      const others = await (
        await t.client('employee')
      ).post('/api/catalogue/hr-attendance-correction/submit', {
        data: { attendance: attendanceId, checkOut: '2026-12-21T18:00:00+08:00', reason: 'Not mine' },
      });
      expect(others.status).toBe(422);
      expect(JSON.stringify(others.body)).toContain('LINK_NOT_FOUND');
      await decide(t, asked.body.instanceId, 'manager', 'chen.wei', 'approve', 'hr-attendance-correction');
      await waitFor(
        async () => (await days())['wu.hao']![0] === 'early-exit',
        20_000,
        'the corrected day computed again',
      );
      expect((await days())['wu.hao']).toEqual(['early-exit', 0, 30, 512]);

      // A phone check-in: who and when are the server's; the phone cannot say when.
      const phone = await t.client('employee');
      const tapped = await phone.post('/api/records/hr-check-in', {
        data: { latitude: 31.23, longitude: 121.47 },
      });
      expect(tapped.status, JSON.stringify(tapped.body)).toBe(201);
      let stamped: any;
      await waitFor(
        async () =>
          (stamped = (await phone.get(`/api/records/hr-check-in/${tapped.body.id}`)).body).data.at !==
          undefined,
        20_000,
        'the phone check-in stamped',
      );
      expect(stamped.data).toMatchObject({ employee: 'zheng.xin', source: 'phone', at: stamped.createdAt });
      const forged = await phone.post('/api/records/hr-check-in', {
        data: { at: '2026-12-22T00:55:00+08:00' },
      });
      expect(forged.status).toBeGreaterThanOrEqual(400);
      expect(forged.status).toBeLessThan(500);

      const summary = await hr.post('/api/reports/hr-attendance-summary/run', {
        params: { month: '2026-12' },
      });
      expect(summary.status, JSON.stringify(summary.body)).toBe(200);
      const pick = (r: any) => [
        r.employee,
        r.days,
        r.present,
        r.late,
        r.earlyExit,
        r.absent,
        r.onLeave,
        r.lateMinutes,
        r.earlyMinutes,
        r.hoursWorked,
      ];
      expect(summary.body.rows.map(pick)).toEqual([
        ['li.lei', 1, '0', '0', '0', '0', '1', '0', '0', '0.00'],
        ['wang.fang', 1, '1', '0', '0', '0', '0', '0', '0', '8.10'],
        ['wu.hao', 1, '0', '0', '1', '0', '0', '0', '30', '8.53'],
        ['zheng.xin', 1, '0', '1', '0', '0', '0', '2', '0', '8.92'],
      ]);
      expect(
        (
          await (
            await t.client('manager')
          ).post('/api/reports/hr-attendance-summary/run', { params: { month: '2026-12' } })
        ).status,
      ).toBe(403);
    },
  );

  it('takes the time of a tap queued offline within 72 hours, beside when it arrived; its day is computed again', async () => {
    // Thursday 10:00 in Beijing: the phone was offline all Wednesday, so the daily job finds
    // Wednesday without check-ins; its two taps arrive just after.
    clock.set(Date.parse('2026-12-24T02:00:00Z'));
    const hr = await t.client(HR);
    const rostered = await hr.post('/api/records/hr-shift-assignment', {
      data: { employee: 'zheng.xin', date: '2026-12-23', shift: 'day' },
    });
    expect(rostered.status, JSON.stringify(rostered.body)).toBe(201);
    expect(await runNow('hr-attendance-daily')).toMatchObject({
      status: 'succeeded',
      progress: { failed: 0 },
    });
    const wednesday = async () =>
      (await hr.get('/api/records/hr-attendance/att-zheng.xin-2026-12-23')).body.data;
    expect((await wednesday()).status).toBe('absent');
    const phone = await t.client('employee');
    const tap = (tappedAt: string, key: string, entry = 'hr-check-in') =>
      phone.request({
        method: 'POST',
        url: `/api/catalogue/${entry}/submit`,
        headers: { 'idempotency-key': key },
        payload: { data: { latitude: 31.23, longitude: 121.47 }, tappedAt },
      });
    const first = await tap('2026-12-23T08:55:00+08:00', 'tap-offline-1');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await tap('2026-12-23T18:05:00+08:00', 'tap-offline-2');
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    // The same tap sent again (its reply was lost): the one record.
    const again = await tap('2026-12-23T08:55:00+08:00', 'tap-offline-1');
    expect([again.status, again.headers['idempotent-replayed'], again.body.record.id]).toEqual([
      201,
      'true',
      first.body.record.id,
    ]);
    let stamped: any;
    await waitFor(
      async () =>
        (stamped = (await phone.get(`/api/records/hr-check-in/${first.body.record.id}`)).body).data.at !==
        undefined,
      20_000,
      'the queued tap stamped',
    );
    expect(stamped.createdAt).toBe('2026-12-24T02:00:00.000Z');
    expect(stamped.data).toMatchObject({
      employee: 'zheng.xin',
      source: 'queued',
      tappedAt: '2026-12-23T00:55:00Z',
      at: '2026-12-23T00:55:00Z',
      // Beijing time, as the time clock's and the shifts' (decision 0023).
      time: '2026-12-23T08:55:00+08:00',
      receivedAt: stamped.createdAt,
    });

    // Outside the window, and where no tap time is taken: refused with a code, at /tappedAt.
    const old = await tap('2026-12-21T01:59:00Z', 'tap-too-old');
    expect([old.status, old.body.error.code, old.body.error.details[0].path]).toEqual([
      422,
      'TAP_TOO_OLD',
      '/tappedAt',
    ]);
    expect(old.body.error.messageZh).toContain('72 小时');
    const ahead = await tap('2026-12-24T02:06:00Z', 'tap-ahead');
    expect([ahead.status, ahead.body.error.code]).toEqual([422, 'TAP_TIME_IN_FUTURE']);
    const leave = await tap('2026-12-23T09:00:00Z', 'tap-leave', 'hr-leave-request');
    expect([leave.status, leave.body.error.code]).toEqual([400, 'TAP_TIME_NOT_ACCEPTED']);
    // Nor can the phone write the tap time itself, past the window's check.
    const forged = await phone.post('/api/records/hr-check-in', {
      data: { tappedAt: '2026-12-20T08:55:00+08:00' },
    });
    expect([forged.status, forged.body.error.code]).toEqual([403, 'FIELD_READ_ONLY']);
    const taps = (await phone.get('/api/records/hr-check-in?limit=50')).body.items;
    expect(taps.filter((r: any) => r.data.source === 'queued')).toHaveLength(2);

    // Wednesday is computed again from the tapped times: on time, 9 h 10 min worked — and the
    // daily job, run again, comes to the same.
    await waitFor(async () => (await wednesday()).status === 'present', 20_000, 'Wednesday computed again');
    const present = { status: 'present', lateMinutes: 0, earlyMinutes: 0, workedMinutes: 550 };
    expect(await wednesday()).toMatchObject(present);
    expect(await runNow('hr-attendance-daily')).toMatchObject({
      status: 'succeeded',
      progress: { failed: 0 },
    });
    expect(await wednesday()).toMatchObject(present);
  });
});
