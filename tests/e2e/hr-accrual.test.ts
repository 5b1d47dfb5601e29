// Monthly leave accrual over a year, in both run modes: on the first of each month the scheduled
// record-set automation gives every employee that month's share of their yearly entitlement,
// rounded down to half days on the running total — so 5 days a year earn 0, 0.5, 1, 1.5 … and
// exactly 5 by December (rounding each month's 5/12 to the nearest half day would give 6, above
// the entitlement); an employee who joined in March earns from March; running a month again
// posts nothing twice. The embedded mode runs every month; the distributed one (slower per run)
// skips months, which the next run catches up — the balances at the months it runs are the same.
// Carried-forward days expire as far as they are left; HR is reminded of a contract ending.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { HR, balanceOf, startHr } from './hr-fixtures.ts';

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
});
