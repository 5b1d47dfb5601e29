// An installation made by finance 1.0.0 in module format 1 (tests/fixtures/finance-1.0.0: made by
// the code before module format 2, see make-archive.ts there) is restored with today's code and
// finance is upgraded in place to 2.4.0, in both run modes. Nothing is lost: every record, voucher
// and flow instance is as it was; the three approvals left running finish on their own BPMN
// version and their vouchers are posted by today's automations; the forms whose definition did
// not change get no new version; what mentioned format 1 ids follows the new ones (grants, also
// hand-made ones, a draft, automation runs), and links still using them keep working.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#engine/http/app.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { stageRestore } from '#engine/services/backup/restore.ts';
import { openAdapters } from '#platform/adapters.ts';
import type { Platform } from '#platform/compose.ts';
import {
  composeTestPlatform,
  DEMO_PASSWORD,
  loginAs,
  MODES,
  type Client,
  type Mode,
} from '../support/app-harness.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

const ARCHIVE = join(import.meta.dirname, '..', 'fixtures', 'finance-1.0.0', 'installation.jsonl.gz');
const FORMS = [
  'finance-account',
  'finance-bank-line',
  'finance-budget',
  'finance-cost-centre',
  'finance-expense-claim',
  'finance-fiscal-period',
  'finance-invoice',
];
const PROCESS = 'finance-expense-approval';
/** Who acts on each approval step of zheng.xin's claims (as when the archive was made). */
const APPROVER: Record<string, string> = {
  manager: 'wu.hao',
  deptHead: 'wu.hao',
  budgetApproval: 'sun.li',
  finance: 'zhao.qiang',
};

describe.each(MODES)('finance 1.0.0 restored and upgraded in place (%s)', (mode: Mode) => {
  const clock = new ManualClock(Date.parse('2026-11-28T02:00:00Z'));
  const namespace = uniqueNamespace('upgrade');
  const tmp = mode === 'embedded' ? tempDir('upgrade') : null;
  const config =
    mode === 'embedded'
      ? { mode, dataDir: tmp!.dir, embeddedFsync: false }
      : { mode, dataDir: '', mongodbUrl: mongodbUrl(), redisUrl: redisUrl(), embeddedFsync: false };
  let platform: Platform;
  let app: FastifyInstance;
  const clients = new Map<string, Client>();
  const as = async (login: string): Promise<Client> => {
    let client = clients.get(login);
    if (!client) clients.set(login, (client = await loginAs(app, login, DEMO_PASSWORD)));
    return client;
  };
  /** Everything of the installation that must survive, as the API and the store show it. */
  const snapshot = async () => {
    const store = platform.services.store;
    const records: Record<string, unknown[]> = {};
    for (const form of FORMS)
      records[form] = (await store.collection(`records.${form}`).find({}, { sort: [['id', 1]] })).items;
    const vouchers = (await store.collection('ledger_vouchers').find({}, { sort: [['id', 1]] })).items;
    const instances = (await store.collection('flow_instances').find({}, { sort: [['id', 1]] })).items;
    return { records, vouchers, instances };
  };
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    // As `npm run restore` does: staged into the empty store, applied when Forma next opens it.
    const empty = await openAdapters(config, { namespace });
    await stageRestore(empty.store, ARCHIVE, {
      clock,
      keys: { available: [], hint: 'no keys needed', hintZh: '无需密钥' },
    });
    await empty.close();
    platform = await composeTestPlatform(
      mode,
      { namespace, dataDir: tmp?.dir ?? '' },
      { clock, workers: true, sweepEveryMs: 0, flowRetryBackoffMs: 20, automationRetryBackoffMs: 20 },
    );
    expect(platform.restored?.backup.documents).toBe(312);
    app = await buildApp({ services: platform.services, sweepIntervalMs: 0 });
    await app.ready();
    // Opening a restored installation may catch up the daily schedules it missed (bank matching,
    // the overdue check — the embedded scheduler does): what they change belongs to the
    // installation before the upgrade, so the snapshot waits for runs under way to end.
    const runs = platform.services.store.collection<{ status: string }>('automation_runs');
    await waitFor(async () => (await runs.find({ status: 'running' })).items.length === 0, 30_000);
    before = await snapshot();
  });
  afterAll(async () => {
    await app?.close();
    await platform?.close({
      beforeStoreCloses: async (store) => {
        if (mode === 'distributed')
          await (store as DocumentStore & { dropDatabase(): Promise<void> }).dropDatabase();
      },
    });
    if (mode === 'distributed') await deleteRedisPrefix(redisUrl(), namespace);
    tmp?.remove();
  });

  it('finds finance 1.0.0 installed and 2.4.0 on disk, and upgrades it', async () => {
    const admin = await as('qian.admin');
    const listed = (await admin.get('/api/modules/finance')).body;
    expect([
      listed.status,
      listed.installedVersion,
      listed.availableVersion,
      listed.upgradeAvailable,
    ]).toEqual(['enabled', '1.0.0', '2.4.0', true]);
    expect(before.records['finance-expense-claim']).toHaveLength(5);
    expect(before.instances.filter((i: any) => i.status === 'active')).toHaveLength(3);
    const upgraded = await admin.post('/api/modules/finance/upgrade', {});
    expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
    expect([upgraded.body.installedVersion, upgraded.body.upgradeAvailable]).toEqual(['2.4.0', false]);
  });

  it('keeps every record, voucher and flow instance as it was', async () => {
    const after = await snapshot();
    // The upgrade adds the reference accounts the chart gained since 1.0.0 (the payroll voucher's
    // withholdings and the employer's contributions) and changes nothing that was there.
    const had = new Set(before.records['finance-account']!.map((r) => (r as { id: string }).id));
    const accounts = after.records['finance-account']!;
    const added = accounts.filter((r) => !had.has((r as { id: string }).id));
    expect(added.map((r) => (r as { id: string }).id).sort()).toEqual([
      'account-2211.02',
      'account-2211.03',
      'account-2221.03',
      'account-2241.02',
      'account-2241.03',
      'account-5602.07',
      'account-5602.08',
    ]);
    expect({ ...after.records, 'finance-account': accounts.filter((r) => !added.includes(r)) }).toEqual(
      before.records,
    );
    expect(after.vouchers).toEqual(before.vouchers);
    expect(after.instances).toEqual(before.instances);
    expect(after.vouchers.length).toBeGreaterThan(20);
  });

  it('publishes new versions only of what changed; old versions stay for what uses them', async () => {
    const { forms, flows } = app.services;
    const versions = Object.fromEntries(
      await Promise.all(FORMS.map(async (f) => [f, (await forms.latest(f)).version] as const)),
    );
    // Two document types gained detail-page summary fields; the other five are unchanged.
    expect(versions).toEqual({
      'finance-account': 1,
      'finance-bank-line': 1,
      'finance-budget': 1,
      'finance-cost-centre': 1,
      'finance-expense-claim': 2,
      'finance-fiscal-period': 1,
      'finance-invoice': 2,
    });
    expect((await flows.listVersions(PROCESS)).map((v) => v.version)).toEqual([1, 2]);
    expect((await flows.listVersions('finance-invoice-posting')).map((v) => v.version)).toEqual([1]);
    const claims = before.records['finance-expense-claim'] as Array<{ formVersion: number }>;
    expect(claims.every((c) => c.formVersion === 1)).toBe(true);
  });

  it('renames grants naming format 1 ids, also those an admin added by hand', async () => {
    const admin = await as('qian.admin');
    const resources = async (role: string) =>
      ((await admin.get(`/api/roles/${role}`)).body.permissions as Array<{ resource: string }>).map(
        (p) => p.resource,
      );
    const all = [
      ...(await resources('employee')),
      ...(await resources('finance')),
      ...(await resources('analyst')),
      ...(await resources('manager')),
    ];
    expect(all.filter((r) => /:finance\./.test(r))).toEqual([]);
    expect(await resources('analyst')).toEqual(
      expect.arrayContaining(['report:finance-budget-check', 'dashboard:finance-overview']),
    );
    expect(await resources('employee')).toEqual(
      expect.arrayContaining(['record:finance-expense-claim', 'report:finance-budget-check']),
    );
    // The analyst's hand-made grant works under the new id — and a link with the old id too.
    const analyst = await as('zhou.jie');
    const params = { params: { department: 'operations', period: '2026-11' } };
    const now = await analyst.post('/api/reports/finance-budget-check/run', params);
    const old = await analyst.post('/api/reports/finance.budget-check/run', params);
    expect([now.status, old.status]).toEqual([200, 200]);
    expect(old.body.rows).toEqual(now.body.rows);
  });

  it('keeps the draft under the entry’s new id, and the automation runs under their automation', async () => {
    const employee = await as('zheng.xin');
    const draft = await employee.get('/api/drafts/finance-expense-claim');
    expect([draft.status, draft.body.data.title]).toEqual([200, 'Conference in Beijing (half typed)']);
    expect((await employee.get('/api/drafts/finance.expense-claim')).status).toBe(404);
    const runs = await (await as('qian.admin')).get('/api/automations/finance-post-expense-voucher/runs');
    // The approved claim's voucher run, and the rejected one's, skipped on its outcome.
    expect(runs.body.items.map((r: { status: string }) => r.status).sort()).toEqual(['skipped', 'succeeded']);
  });

  it('finishes the three approvals left running, on their own version, and posts their vouchers', async () => {
    const flows = app.services.flows;
    const running = before.instances.filter((i: any) => i.status === 'active') as Array<{ id: string }>;
    for (const { id } of running) {
      for (;;) {
        const instance = await flows.getInstance(id);
        if (instance.status !== 'active') break;
        expect(instance.version).toBe(1);
        const task = instance.openTasks[0];
        if (!task) {
          await waitFor(
            async () =>
              (await flows.getInstance(id)).status !== 'active' ||
              (await flows.getInstance(id)).openTasks.length > 0,
            20_000,
            `the next task of ${id}`,
          );
          continue;
        }
        const who = await as(APPROVER[task.elementId]!);
        const inbox = await who.get(`/api/tasks?processId=${PROCESS}`);
        const mine = inbox.body.items.find((x: { instanceId: string }) => x.instanceId === id);
        expect(mine, `${task.elementId} of ${id} in the inbox`).toBeDefined();
        const res = await who.post(`/api/tasks/${mine.id}/approve`, { comment: 'after the upgrade' });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        await waitFor(
          async () => {
            const next = await flows.getInstance(id);
            return next.status !== 'active' || next.openTasks[0]?.id !== task.id;
          },
          20_000,
          `${task.elementId} of ${id} done`,
        );
      }
      expect((await flows.getInstance(id)).variables.outcome).toBe('approved');
    }
    const finance = await as('zhao.qiang');
    for (const { id } of running) {
      const claimId = id.replace(/^req-/, '');
      await waitFor(
        async () => (await finance.get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items.length === 1,
        20_000,
        `the voucher of ${claimId}`,
      );
      const claim = (await finance.get(`/api/records/finance-expense-claim/${claimId}`)).body;
      const voucher = (await finance.get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items[0];
      expect([claim.status, voucher.totalDebit, voucher.totalCredit]).toEqual([
        'approved',
        claim.data.total,
        claim.data.total,
      ]);
    }
    // The trade fair went over budget: its approval still took the overrun step of version 1.
    const fair = (await Promise.all(running.map(({ id }) => flows.getInstance(id)))).find(
      (i) => i.variables.title === 'Trade fair in Shenzhen',
    )!;
    expect(fair.history.filter((h) => h.type === 'task.completed').map((h) => h.elementId)).toEqual([
      'manager',
      'deptHead',
      'budgetApproval',
      'finance',
    ]);
  });

  it('starts new claims on version 2, with the budget rule', async () => {
    const employee = await as('zheng.xin');
    const submitted = await employee.post('/api/catalogue/finance-expense-claim/submit', {
      data: {
        title: 'Taxi after the upgrade',
        date: '2026-11-27',
        lines: [{ date: '2026-11-27', category: 'transport', amount: '35.00' }],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.record.formVersion).toBe(2);
    const flows = app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(submitted.body.instanceId)).openTasks.length > 0,
      20_000,
      'the first task',
    );
    const instance = await flows.getInstance(submitted.body.instanceId);
    expect([instance.version, instance.variables.overBudget]).toEqual([2, false]);
  });
});
