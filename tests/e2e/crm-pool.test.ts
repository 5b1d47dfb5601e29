// The CRM's public pool (公海), in both run modes: the morning rule returns to the pool the
// customers nobody followed up for the module's number of days — never one whose follow-up is in
// progress — and tells the owner; the owners of customers about to go are warned once beforehand;
// a salesperson claims a customer from the pool (it becomes theirs, and the previous owner loses
// it), up to the module's limit (409 POOL_CLAIM_LIMIT above it), and a claimed customer is not
// taken back the next morning. Also on these customers: a campaign to a segment (region) sent by
// e-mail at its time through the file outbox, and the purchase figures kept from imported orders.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { supportMbox } from './crm-fixtures.ts';
import { waitFor } from '../support/wait-for.ts';

const BASE = '/api/records/crm-customer';
const DAY = 24 * 3600_000;

describe.each(MODES)('CRM public pool (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-12-07T02:00:00Z'));
  const outbox = tempDir('crm-campaign-outbox');
  const ids: Record<string, string> = {};

  const create = async (login: string, key: string, data: Record<string, unknown>) => {
    const res = await (
      await t.client(login)
    ).post(BASE, {
      data: { name: `Pool test ${key}`, kind: 'company', ...data },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.id;
  };
  const stored = async (key: string) => (await (await t.client('admin')).get(`${BASE}/${ids[key]}`)).body;
  /** Runs a scheduled rule now, as its morning tick would, and waits for it to finish. */
  const runRule = async (name: string) => {
    const admin = await t.client('admin');
    const started = await admin.post(`/api/automations/crm-${name}/run`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    let run: any;
    await waitFor(
      async () => {
        run = (await admin.get(`/api/automations/crm-${name}/runs/${started.body.id}`)).body;
        return run.status !== 'running';
      },
      20_000,
      `the run of ${name}`,
    );
    expect(run.status, JSON.stringify(run)).toBe('succeeded');
    return run;
  };
  const notices = async (login: string, kind: string) =>
    (await t.app.services.notifications.collection.find({ kind, userId: login })).items.map(
      (n: any) => n.title.en as string,
    );

  beforeAll(async () => {
    const long = 400 * DAY;
    t = await startApp(mode, {
      platform: {
        clock,
        workers: true,
        sweepEveryMs: 0,
        automationRetryBackoffMs: 20,
        session: { ttlMs: long, maxAgeMs: long },
        outboxDir: outbox.dir,
      },
    });
    await t.app.ready();
    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/cn-calendar/install', { enable: true })).status).toBe(200);
    const installed = await admin.post('/api/modules/crm/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    // poolAfterDays 30, poolNoticeDays 3 (the defaults); today is 2026-12-07.
    await create('wang.fang', 'quiet', { lastFollowUp: '2026-11-01', phone: '13500000001' });
    await create('wang.fang', 'busy', { lastFollowUp: '2026-11-01', followUpActive: true });
    await create('wang.fang', 'soon', { lastFollowUp: '2026-11-08' });
    await create('wang.fang', 'recent', { lastFollowUp: '2026-12-01' });
    await create('li.lei', 'forgotten', { lastFollowUp: '2026-10-20' });
    await create('li.lei', 'kept', { lastFollowUp: '2026-12-05' });
  }, 120_000); // installing the CRM (its flows, automations, reports) is slow on a busy machine's FerretDB
  afterAll(async () => {
    await t?.close();
    outbox.remove();
  });

  it('warns the owner once before a customer returns to the pool', async () => {
    await runRule('pool-notice');
    expect(await notices('wang.fang', 'crm.pool.notice')).toEqual([
      'Pool test soon returns to the public pool on 2026-12-08 unless you follow up',
    ]);
    expect(await notices('li.lei', 'crm.pool.notice')).toEqual([]);
  });

  it('returns the customers nobody followed up, never one in the middle of a follow-up', async () => {
    const run = await runRule('pool-take-back');
    expect(run.progress).toMatchObject({ total: 6, succeeded: 2, skipped: 4, failed: 0 });
    const inPool = async (key: string) => (await stored(key)).data.inPool;
    expect(await inPool('quiet')).toBe(true);
    expect(await inPool('forgotten')).toBe(true);
    for (const key of ['busy', 'soon', 'recent', 'kept']) expect(await inPool(key), key).toBe(false);
    expect(await notices('wang.fang', 'crm.pool.returned')).toEqual([
      'Pool test quiet went back to the public pool (no follow-up for 30 days)',
    ]);
    // The pool is everyone's to see (and claim); the rest stays its owner's.
    const li = await t.client('li.lei');
    expect((await li.get(`${BASE}/${ids.quiet}`)).status).toBe(200);
    expect((await li.get(`${BASE}/${ids.busy}`)).status).toBe(404);
  });

  it('lets a salesperson claim from the pool: the customer becomes theirs alone', async () => {
    const li = await t.client('li.lei');
    const claimed = await li.post(`${BASE}/${ids.quiet}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect([claimed.body.owner, claimed.body.data.inPool, claimed.body.data.claimedOn]).toEqual([
      'li.lei',
      false,
      '2026-12-07',
    ]);
    expect((await (await t.client('wang.fang')).get(`${BASE}/${ids.quiet}`)).status).toBe(404);
    const again = await (await t.client('wang.fang')).post(`${BASE}/${ids.forgotten}/claim`);
    expect(again.body.owner).toBe('wang.fang');
    const notInPool = await li.post(`${BASE}/${ids.kept}/claim`);
    expect([notInPool.status, notInPool.body.error.code]).toEqual([409, 'POOL_NOT_IN_POOL']);
    // Nobody claims what they may not see.
    expect((await li.post(`${BASE}/${ids.busy}/claim`)).status).toBe(404);
  });

  it('refuses a claim above the limit with POOL_CLAIM_LIMIT', async () => {
    const admin = await t.client('admin');
    const crm = (await admin.get('/api/modules')).body.items.find((m: any) => m.id === 'crm');
    // li.lei holds two customers now (kept, quiet): the limit is two.
    const set = await admin.put('/api/modules/crm/settings', {
      settings: { ...crm.settings, claimLimit: 2 },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await create('zhang.min', 'spare', { lastFollowUp: '2026-10-01' });
    await runRule('pool-take-back'); // the same day's run is done: a new record waits for tomorrow
    expect((await stored('spare')).data.inPool).toBe(false);
    clock.set(clock.now() + DAY);
    await runRule('pool-take-back');
    expect((await stored('spare')).data.inPool).toBe(true);
    // Claimed yesterday: not taken back this morning, whatever its last follow-up.
    expect((await stored('quiet')).data.inPool).toBe(false);
    const li = await t.client('li.lei');
    const refused = await li.post(`${BASE}/${ids.spare}/claim`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'POOL_CLAIM_LIMIT']);
    expect(refused.body.error.messageZh).toContain('上限为 2 条');
    expect((await stored('spare')).data.inPool).toBe(true);
    // wang.fang holds four: refused too; the manager, who holds none outside the pool, may.
    expect((await (await t.client('wang.fang')).post(`${BASE}/${ids.spare}/claim`)).status).toBe(409);
    const manager = await (await t.client('zhang.min')).post(`${BASE}/${ids.spare}/claim`);
    expect([manager.status, manager.body.owner]).toEqual([200, 'zhang.min']);
  });

  it("sends a campaign to its segment at its time: once each, in the customer's language, never to an opt-out", async () => {
    const region = 'Campaign test';
    await create('wang.fang', 'mailA', { region, email: 'a@example.cn', phone: '13600000001' });
    await create('wang.fang', 'mailB', {
      region,
      email: 'b@example.com',
      language: 'en',
      phone: '13600000002',
    });
    await create('li.lei', 'mailOut', { region, email: 'c@example.cn', optOut: true, phone: '13600000003' });
    await create('li.lei', 'mailNone', { region, phone: '13600000004' });
    await create('li.lei', 'mailElse', { region: 'Elsewhere', email: 'e@example.cn', phone: '13600000005' });
    const manager = await t.client('zhang.min');
    const segment = await manager.post('/api/records/crm-segment', {
      data: { name: 'Campaign test', region },
    });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    const sendAt = clock.now() + 3600_000;
    const campaign = await manager.post('/api/records/crm-campaign', {
      data: {
        name: 'Member offer',
        segment: segment.body.id,
        channel: 'email',
        subjectEn: 'An offer for {{name}}',
        subjectZh: '{{name}}，会员优惠',
        textEn: 'Dear {{name}}, 10% off this week.',
        textZh: '尊敬的{{name}}：本周九折。',
        scheduledAt: new Date(sendAt).toISOString(),
      },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.data.segRegion).toBe(region);
    const id = campaign.body.id as string;
    const deliveries = async () =>
      (await t.store.collection<any>('mailing_deliveries').find({ mailing: id })).items
        .map((d: any) => [d.recordId, d.status, d.reason ?? null])
        .sort();
    const waiting = async () =>
      (await t.app.services.flows.runtime.instances.find({ processId: 'crm-campaign-send' })).items.find(
        (i: any) => i.variables?.campaign === id && Object.keys(i.timers ?? {}).length > 0,
      );
    await waitFor(async () => !!(await waiting()), 20_000, 'the campaign to wait for its time');
    clock.set(sendAt - 60_000);
    await t.app.services.flows.sweep({ outboxAgeMs: 0 });
    expect(await deliveries()).toEqual([]);
    clock.set(sendAt);
    const admin = await t.client('admin');
    let sent: any;
    await waitFor(
      async () => {
        await t.app.services.flows.sweep({ outboxAgeMs: 0 });
        sent = (await admin.get(`/api/records/crm-campaign/${id}`)).body.data;
        return sent.state === 'sent';
      },
      45_000,
      'the campaign to be sent',
    );
    expect([sent.sent, sent.skipped, sent.failed]).toEqual([2, 2, 0]);
    expect(await deliveries()).toEqual(
      [
        [ids.mailA, 'sent', null],
        [ids.mailB, 'sent', null],
        [ids.mailOut, 'skipped', 'opted-out'],
        [ids.mailNone, 'skipped', 'no-address'],
      ].sort(),
    );
    const mails = readFileSync(join(outbox.dir, 'email.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((m: any) => m.notification.startsWith(`${id}:`))
      .map((m: any) => [m.to, m.subject, m.text])
      .sort();
    expect(mails).toEqual([
      ['a@example.cn', 'Pool test mailA，会员优惠', '尊敬的Pool test mailA：本周九折。'],
      ['b@example.com', 'An offer for Pool test mailB', 'Dear Pool test mailB, 10% off this week.'],
    ]);
    // The campaign's page: its delivery log — each recipient's channel, status and time, with the
    // counts — by status, a page at a time.
    const log = async (query = '') => {
      const res = await manager.get(`/api/records/crm-campaign/${id}/deliveries${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const all = await log();
    expect([all.form, all.counts, all.nextCursor]).toEqual([
      'crm-customer',
      { sending: 0, sent: 2, skipped: 2, failed: 0, unknown: 0, total: 4 },
      null,
    ]);
    expect(
      all.items.map((d: any) => [
        d.title,
        d.channel,
        d.status,
        d.reason ?? null,
        Date.parse(d.at) === sendAt,
      ]),
    ).toEqual(
      [
        ['Pool test mailA', 'email', 'sent', null, true],
        ['Pool test mailB', 'email', 'sent', null, true],
        ['Pool test mailOut', 'email', 'skipped', 'opted-out', true],
        ['Pool test mailNone', 'email', 'skipped', 'no-address', true],
      ].sort((a, b) => ids[String(a[0]).slice(10)]!.localeCompare(ids[String(b[0]).slice(10)]!)),
    );
    const first = await log('?status=skipped&limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.counts.total).toBe(4);
    const next = await log(`?status=skipped&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect([next.items.length, next.nextCursor]).toEqual([1, null]);
    expect([...first.items, ...next.items].map((d: any) => d.recipient).sort()).toEqual(
      [ids.mailOut, ids.mailNone].sort(),
    );
    expect((await log('?status=failed')).items).toEqual([]);
    // Only readers of the campaign (a salesperson is not one); a form whose records are no mailings has no log.
    const salesperson = await (await t.client('wang.fang')).get(`/api/records/crm-campaign/${id}/deliveries`);
    expect(salesperson.status).toBe(403);
    const segmentLog = await manager.get(`/api/records/crm-segment/${segment.body.id}/deliveries`);
    expect([segmentLog.status, segmentLog.body.error.code]).toEqual([404, 'RECORD_NO_DELIVERY_LOG']);
    const badCursor = await manager.get(`/api/records/crm-campaign/${id}/deliveries?cursor=nonsense`);
    expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it("keeps a customer's figures from their imported orders (without the purchasing and sales module)", async () => {
    const manager = await t.client('zhang.min');
    for (const [reference, date, amount] of [
      ['SHOP-1', '2026-11-01', '100.50'],
      ['SHOP-2', '2026-12-01', '200.25'],
    ]) {
      const res = await manager.post('/api/records/crm-order', {
        data: { customer: ids.mailA, reference, date, amount },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    let data: any;
    await waitFor(
      async () => {
        data = (await stored('mailA')).data;
        return data.purchaseCount === 2;
      },
      20_000,
      'the figures from both orders',
    );
    expect([data.purchaseCount, data.lastPurchase, data.lifetimeValue]).toEqual([2, '2026-12-01', '300.75']);
    expect((await stored('mailB')).data.purchaseCount).toBeUndefined();
  });
  it('counts the repeat purchase rate from the figures: customers with two purchases or more of those with one', async () => {
    const manager = await t.client('zhang.min');
    // mailA bought twice (the case before); one order each for mailB (wang.fang) and mailOut (li.lei).
    for (const key of ['mailB', 'mailOut']) {
      const res = await manager.post('/api/records/crm-order', {
        data: { customer: ids[key], reference: `SHOP-${key}`, date: '2026-11-20', amount: '80.00' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      await waitFor(async () => (await stored(key)).data.purchaseCount === 1, 20_000, `${key}'s figures`);
    }
    const run = async (login: string) => {
      const res = await (await t.client(login)).post('/api/reports/crm-repeat-purchase/run', { params: {} });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    // By hand: 3 customers bought (mailA 2, mailB 1, mailOut 1), 1 of them twice: 1 / 3 = 33.3 %.
    const all = await run('zhang.min');
    expect([all.totals.buyers, all.totals.repeatBuyers, all.totals.rate]).toEqual([3, 1, '33.3']);
    const by = Object.fromEntries(all.rows.map((r: any) => [r.owner, [r.buyers, r.repeatBuyers, r.rate]]));
    expect(by).toEqual({ 'wang.fang': [2, 1, '50.0'], 'li.lei': [1, 0, '0.0'] });
    // A salesperson counts only their own customers.
    expect((await run('li.lei')).totals).toMatchObject({ buyers: 1, repeatBuyers: 0, rate: '0.0' });
  });

  it("alerts the owner and the owner's manager once when a key customer goes quiet (no follow-up nor purchase for 60 days)", async () => {
    await create('wang.fang', 'keyQuiet', {
      keyAccount: true,
      lastFollowUp: '2026-09-01',
      phone: '13700000001',
    });
    await create('wang.fang', 'keyBought', {
      keyAccount: true,
      lastFollowUp: '2026-09-01',
      phone: '13700000002',
    });
    await create('li.lei', 'keyCalled', {
      keyAccount: true,
      lastFollowUp: '2026-12-01',
      phone: '13700000003',
    });
    // The director's own key account: chen.wei has no manager above him, so the sales managers hear of it.
    const top = await t.app.services.records.create(
      systemActor('record:crm-customer', 'create', 'automation:test'),
      'crm-customer',
      { name: 'Pool test keyTop', kind: 'company', keyAccount: true, lastFollowUp: '2026-09-01' },
      { owner: 'chen.wei', department: 'hq' },
    );
    expect(top.owner).toBe('chen.wei');
    const order = await (
      await t.client('zhang.min')
    ).post('/api/records/crm-order', {
      data: { customer: ids.keyBought, reference: 'KEY-1', date: '2026-12-01', amount: '5000.00' },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    await waitFor(async () => (await stored('keyBought')).data.purchaseCount === 1, 20_000, 'the figures');
    const report = (
      await (await t.client('zhang.min')).post('/api/reports/crm-key-customers-quiet/run', { params: {} })
    ).body;
    expect(report.totals).toMatchObject({ keyAccounts: 3, followedUp: 1, bought: 1, both: 0, quiet: '1' });
    const alerts = async () =>
      (await t.app.services.notifications.collection.find({ kind: 'report.alert' })).items
        .filter((n: any) => n.source?.id === 'crm-key-customers-quiet')
        .map((n: any) => [n.userId, n.title.en, n.title['zh-CN'], n.link])
        .sort();
    const first = await runRule('report-alerts');
    expect(first.steps.map((s: any) => s.result)).toEqual([
      {
        fired: [
          { report: 'crm-key-customers-quiet', alert: 'key-quiet', value: '1', owner: 'chen.wei' },
          { report: 'crm-key-customers-quiet', alert: 'key-quiet', value: '1', owner: 'wang.fang' },
        ],
      },
      { fired: [] },
    ]);
    const told = (owner: string, login: string) => [
      login,
      `1 key customer(s) of ${owner} have gone quiet: no follow-up or purchase lately.`,
      `${owner} 有 1 个重点客户近期既无跟进也无购买，已沉默。`,
      // The report (quiet ones by owner, drilling to them), not every key account's record list.
      '/reports/crm-key-customers-quiet',
    ];
    // wang.fang's quiet customer: she and her manager zhang.min — not the director liu.yang, who
    // also holds sales-manager; li.lei (nothing quiet) hears nothing. chen.wei's: he and, with no
    // manager above him, the holders of sales-manager.
    expect(await alerts()).toEqual(
      [
        told('chen.wei', 'chen.wei'),
        told('chen.wei', 'liu.yang'),
        told('chen.wei', 'zhang.min'),
        told('wang.fang', 'wang.fang'),
        told('wang.fang', 'zhang.min'),
      ].sort(),
    );
    // Still quiet at the next hourly check (a manual run's id is its time: a later time, a new
    // run): the same episode, nobody is told again.
    clock.set(clock.now() + 3600_000);
    const next = await runRule('report-alerts');
    expect(next.steps.map((s: any) => s.result)).toEqual([{ fired: [] }, { fired: [] }]);
    expect(await alerts()).toHaveLength(5);
  });
  it('makes tickets of a mailbox export: senders matched to customers, unknown ones kept, a re-import skipped', async () => {
    await create('wang.fang', 'mailDesk', { email: 'orders@hengda.example.cn', phone: '13800000001' });
    await create('wang.fang', 'mailContact', {
      phone: '13800000002',
      contacts: [{ name: '张伟', email: 'zhang.wei@lianhe.example.cn' }],
    });
    const mbox = supportMbox();
    const wang = await t.client('wang.fang');
    const send = (mode: string, fileName = 'support.mbox', text = mbox, form = 'crm-ticket') =>
      wang.post(`/api/records/${form}/import`, {
        fileName,
        content: Buffer.from(text, 'utf8').toString('base64'),
        mode,
      });
    // li.lei may not read wang.fang's customers: those two messages are problems of their rows.
    const other = await (
      await t.client('li.lei')
    ).post('/api/records/crm-ticket/import', {
      fileName: 'support.mbox',
      content: Buffer.from(mbox, 'utf8').toString('base64'),
      mode: 'dry-run',
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect([other.body.validRows, other.body.invalidRows]).toEqual([1, 2]);
    expect(other.body.problems.map((p: any) => [p.row, p.path, p.code])).toEqual([
      [1, '/customer', 'LINK_NOT_FOUND'],
      [2, '/customer', 'LINK_NOT_FOUND'],
    ]);
    const dry = await send('dry-run');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ format: 'mbox', status: 'checked', totalRows: 3, validRows: 3 });
    expect(dry.body.invalidRows).toBe(0);
    expect(dry.body.columns.map((c: any) => c.field)).toEqual([
      'subject',
      'description',
      'email',
      'receivedAt',
      'messageId',
      'customer',
      'channel',
    ]);
    const commit = await send('commit');
    expect(commit.status, JSON.stringify(commit.body)).toBe(200);
    expect([commit.body.status, commit.body.imported]).toEqual(['committed', 3]);
    const { items } = await t.app.services.records
      .collection('crm-ticket')
      .find({ importId: commit.body.id });
    const tickets = Object.fromEntries(items.map((r: any) => [r.data.messageId, r.data]));
    expect(Object.keys(tickets).sort()).toEqual([
      'm1.hengda@example.cn',
      'm2.lianhe@example.cn',
      'm3@unknown.example',
    ]);
    // Matched by the customer's own address (case aside), then by a contact's; the stranger kept unlinked.
    const m1 = tickets['m1.hengda@example.cn'];
    expect([m1.customer, m1.customerName, m1.channel, m1.state, m1.email]).toEqual([
      ids.mailDesk,
      'Pool test mailDesk',
      'email',
      'new',
      'orders@hengda.example.cn',
    ]);
    expect(m1.description).toBe('The printer we bought jams on every page.\nFrom the second week on.');
    expect(new Date(m1.receivedAt).toISOString()).toBe('2026-12-07T01:15:00.000Z');
    const m2 = tickets['m2.lianhe@example.cn'];
    expect([m2.subject, m2.description, m2.customer]).toEqual([
      '发票抬头开错了',
      '上周的发票抬头写错了，请重开。',
      ids.mailContact,
    ]);
    const m3 = tickets['m3@unknown.example'];
    expect([m3.subject, m3.customer, m3.email]).toEqual([
      'Where is my order?',
      undefined,
      'someone@unknown.example',
    ]);
    // The same export again (or an overlapping one): every message is skipped by its Message-ID.
    const again = await send('commit');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: 'committed', imported: 0, validRows: 0, duplicateRows: 3 });
    // A message without a Message-ID (some gateways send none) is known by a hash of what it says:
    // imported once, skipped when it comes again — as the .eml, or inside a later mailbox export.
    const bare = [
      'From: someone@unknown.example',
      'Subject: Still waiting',
      'Date: Tue, 08 Dec 2026 09:00:00 +0800',
      '',
      'Any news on my order?',
      '',
    ];
    const eml = await send('commit', 'waiting.eml', bare.join('\r\n'));
    expect([eml.status, eml.body.imported], JSON.stringify(eml.body)).toEqual([200, 1]);
    const [waiting] = (await t.app.services.records.collection('crm-ticket').find({ importId: eml.body.id }))
      .items;
    expect([waiting!.data.subject, waiting!.data.messageId]).toEqual([
      'Still waiting',
      expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    ]);
    const later = [
      'From someone@unknown.example Tue Dec  8 09:00:00 2026',
      ...bare,
      'From someone@unknown.example Tue Dec  8 12:00:00 2026',
      ...bare.slice(0, 4),
      'Any news on my order? It is urgent now.',
      '',
    ].join('\n');
    const overlap = await send('commit', 'later.mbox', later);
    expect(overlap.body).toMatchObject({ status: 'committed', imported: 1, duplicateRows: 1 });
    // Not mail: a spreadsheet's text named .eml, and mail for a form that declares no mail import.
    const csv = await send('dry-run', 'tickets.eml', 'subject,priority\nBroken,high\n');
    expect([csv.status, csv.body.error.code, csv.body.error.details[0].path]).toEqual([
      400,
      'IMPORT_FILE_INVALID',
      '/file',
    ]);
    expect(csv.body.error.messageZh).toContain('电子邮件');
    const customers = await send('dry-run', 'support.mbox', mbox, 'crm-customer');
    expect([customers.status, customers.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
  });
});
