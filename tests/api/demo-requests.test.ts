// The demo company opens a living inbox: installing finance with its demo data submits the expense
// claims of seed/demo-requests.json as the demo's employees and approves them up to the step each
// waits at, so every demo approver (the manager, the sales manager, the CEO for a large sales claim
// routed to the head office, finance) has a task with its summary. Seeding again adds nothing.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '#engine/core/actor.ts';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';

const APPROVERS = ['manager', 'salesManager', 'ceo', 'finance'] as const;

describe.each(MODES)('demo requests (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
  }, 120_000);
  afterAll(() => t?.close());

  const inbox = async (who: string) => (await (await t.client(who)).get('/api/tasks')).body.items as any[];
  const claims = async () =>
    (await t.store.collection('records_finance-expense-claim').find({}, { limit: 1000 })).items.length;

  it('leaves a task with its summary in each demo approver’s inbox, once', async () => {
    const installed = await (
      await t.client('admin')
    ).post('/api/modules/finance/install', { enable: true, demo: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const seen: Record<string, string[]> = {};
    for (const who of APPROVERS) {
      const items = await inbox(who);
      seen[who] = items.map((i) => `${i.elementId}:${i.summary?.title}`);
      expect(items.length, `${who}: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(1);
      for (const i of items) {
        expect(i.processId).toBe('finance-expense-approval');
        expect(typeof i.summary.title).toBe('string');
        expect(i.summary.amount.currency).toBe('CNY');
      }
    }
    // Where each claim waits: the seed file's `approve` moved some past the manager.
    expect(seen.manager).toContain('manager:客户拜访：出租车与午餐');
    expect(seen.salesManager).toContain('manager:杭州经销商晚宴');
    expect(seen.ceo).toContain('levels:上海展会：团队差旅');
    expect(seen.finance).toEqual(
      expect.arrayContaining(['finance:打印机硒鼓与复印纸', 'finance:数据分析培训课程']),
    );
    // The requester sees them among their requests.
    const mine = (await (await t.client('employee')).get('/api/approvals/requests')).body.items;
    expect(mine.length).toBe(2);

    const before = await claims();
    const counts = await Promise.all(APPROVERS.map(async (who) => (await inbox(who)).length));
    expect(await t.platform.services.modules.seedDemo('finance', SYSTEM)).toBe(0);
    expect(await claims()).toBe(before);
    expect(await Promise.all(APPROVERS.map(async (who) => (await inbox(who)).length))).toEqual(counts);
  }, 180_000);
});
