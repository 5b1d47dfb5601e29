// Fault drill: a CRM campaign to a segment of customers sends once per customer although the
// process sending it is SIGKILLed on the way (after about a third of the e-mails, a random few ms
// later) and started again. Every hundredth customer opted out. Afterwards the file outbox (the
// e-mail gateway) holds exactly one e-mail per customer not opted out and none for the others, in
// the customer's language with the merge fields filled, the delivery log says the same per
// recipient, and the campaign records its counts. The customers are written as the record service
// writes new records but a thousand to a store call (a load, not thousands of requests).
//   embedded:    FAULT_CAMPAIGN_CUSTOMERS (10,000); the child (campaign-node.ts) is the whole platform;
//   distributed: FAULT_CAMPAIGN_CUSTOMERS_DISTRIBUTED (10,000); the test process is the API
//                without processors, a worker child (npm run worker) sends and is the one killed, a
//                second worker takes the stalled job over. On FerretDB v1 each page of 1,000
//                customers is a read of all of them and each batch's mark a write per delivery:
//                6–7 minutes on the loaded machine of 2026-12-07 (load 12–19 on two cores; see
//                docs/benchmarks.md), set it lower to try things out.
// Nothing here is timed: a wait gives up only when the sending stood still for minutes.
/* eslint-disable @typescript-eslint/no-explicit-any -- outbox lines and replies are JSON */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { mongodbUrl, redisUrl } from '../support/services.ts';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { DRILL_REGION, drillCampaign, loadDrillCustomers } from './campaign-customers.ts';
import { kill, randomSequence, sleep, startChild, whileMoving, type Child } from './flow-fault-support.ts';

const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;
const KEY = `k-drill:${Buffer.alloc(32, 7).toString('base64')}`;
const REGION = DRILL_REGION;
const NODE = new URL('./campaign-node.ts', import.meta.url).pathname;
const MODULES = new URL('../../modules', import.meta.url).pathname;
/**
 * Exactly one e-mail per customer not opted out, the log and the campaign saying so. The outbox
 * holds the platform's other e-mails too (the audit log's anchor to the admins, every so often):
 * the campaign's are those whose message id is one of its deliveries (`<campaign>:<customer>`).
 */
async function verify(store: DocumentStore, outboxDir: string, n: number): Promise<void> {
  const optedOut = Math.ceil(n / 100);
  const [campaign] = (await store.collection<{ data: any }>('records.crm-campaign').find({})).items;
  const file = join(outboxDir, 'email.jsonl');
  const mails = (
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { to: string; subject: string; notification: string })
      : []
  ).filter((m) => m.notification.startsWith(`${campaign!.id}:`));
  const perAddress = new Map<string, number>();
  for (const m of mails) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
  const twice = mails.filter((m) => perAddress.get(m.to)! > 1 || !/^c\d{5}@example\.cn$/.test(m.to));
  const log = store.collection('mailing_deliveries');
  for (const m of twice) console.log('twice:', m, await log.get(m.notification));
  expect(twice, 'e-mails to a customer sent to twice, or to no drill customer').toEqual([]);
  expect(mails).toHaveLength(n - optedOut);
  expect(perAddress.size).toBe(n - optedOut);
  expect([...perAddress.keys()].filter((a) => Number(a.slice(1, 6)) % 100 === 0)).toEqual([]);
  expect(mails.find((m) => m.to === 'c00001@example.cn')?.subject).toBe('An offer for Drill customer 00001');
  expect(mails.find((m) => m.to === 'c00002@example.cn')?.subject).toBe('Drill customer 00002，会员优惠');
  expect(await log.count({})).toBe(n);
  expect(await log.count({ status: 'sent' })).toBe(n - optedOut);
  expect(await log.count({ status: 'skipped', reason: 'opted-out' })).toBe(optedOut);
  expect([campaign!.data.state, campaign!.data.sent, campaign!.data.skipped, campaign!.data.failed]).toEqual([
    'sent',
    n - optedOut,
    optedOut,
    0,
  ]);
  console.log(`${n} customers: ${mails.length} e-mails, ${optedOut} opted out`);
}

const claimedIn = (store: DocumentStore) => store.collection('mailing_deliveries').count({});

describe('a campaign under SIGKILL', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterAll(() => dirs.forEach((d) => d.remove()));
  const random = randomSequence(Number(process.env.FAULT_SEED ?? 17));

  it(`embedded: ${process.env.FAULT_CAMPAIGN_CUSTOMERS ?? 10_000} customers, each sent to once across a kill`, async () => {
    const n = Number(process.env.FAULT_CAMPAIGN_CUSTOMERS ?? 10_000);
    const data = tempDir('campaign-embedded');
    const outbox = tempDir('campaign-outbox');
    dirs.push(data, outbox);
    const env = {
      MONGODB_URL: '',
      REDIS_URL: '',
      DATA_DIR: data.dir,
      MODULES_DIR: MODULES,
      NOTIFY_OUTBOX_DIR: outbox.dir,
      ENCRYPTION_KEY: KEY,
      FLOW_SWEEP_MS: '200',
      FLOW_OUTBOX_AGE_MS: '1000',
      FAULT_CAMPAIGN_CUSTOMERS: String(n),
      LOG_LEVEL: 'warn',
    };
    const claimed = (child: Child) => async () => {
      const all = [...child.output().matchAll(/claimed (\d+)/g)];
      return all.length ? Number(all[all.length - 1]![1]) : 0;
    };
    const first = startChild(NODE, env);
    const third = async () => (await claimed(first)()) >= Math.ceil(n / 3);
    expect(await whileMoving(first, third, claimed(first), 'a third'), first.output()).toBe(true);
    await sleep(random() * 30);
    await kill(first);
    expect(first.proc.signalCode, first.output()).toBe('SIGKILL');
    const atKill = [...first.output().matchAll(/claimed (\d+) sent (\d+)/g)].at(-1)!;
    console.log(`killed at ${atKill[1]} claimed, ${atKill[2]} sent of ${n}`);
    expect(Number(atKill[2]), 'the kill came while the campaign was sending').toBeLessThan(n - n / 100);
    const last = startChild(NODE, env);
    await whileMoving(last, async () => last.proc.exitCode !== null, claimed(last), 'the campaign').catch(
      async (e) => {
        await kill(last);
        throw e;
      },
    );
    expect(await last.exited, last.output()).toBe(0);
    expect(last.output()).toContain('campaign sent');
    const store = new EmbeddedStore({ dir: join(data.dir, 'store') });
    try {
      await verify(store, outbox.dir, n);
    } finally {
      await store.close();
    }
  }, 1_800_000);

  describe('distributed', () => {
    const n = Number(process.env.FAULT_CAMPAIGN_CUSTOMERS_DISTRIBUTED ?? 10_000);
    let t: TestApp;
    const outbox = tempDir('campaign-kill-outbox');
    let worker: Child | null = null;
    const keyBefore = process.env.ENCRYPTION_KEY;

    beforeAll(async () => {
      // The worker children read the same field keys as this process's platform.
      process.env.ENCRYPTION_KEY = KEY;
      t = await startApp('distributed', {
        platform: { workers: false, outboxDir: outbox.dir, sweepEveryMs: 0 },
      });
      const admin = await t.client('admin');
      for (const id of ['cn-calendar', 'crm'])
        expect((await admin.post(`/api/modules/${id}/install`, { enable: true })).status).toBe(200);
    }, 300_000);
    afterAll(async () => {
      if (worker) await kill(worker);
      await t?.close();
      outbox.remove();
      if (keyBefore === undefined) delete process.env.ENCRYPTION_KEY;
      else process.env.ENCRYPTION_KEY = keyBefore;
    });

    const env = () => ({
      MONGODB_URL: mongodbUrl(),
      REDIS_URL: redisUrl(),
      FORMA_NAMESPACE: t.namespace,
      NOTIFY_OUTBOX_DIR: outbox.dir,
      ENCRYPTION_KEY: KEY,
      FLOW_SWEEP_MS: '500',
      FLOW_OUTBOX_AGE_MS: '3000',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_MS: '1000',
      LOG_LEVEL: 'warn',
    });

    it(`${n} customers, the worker killed, each sent to once`, async () => {
      const since = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
      let t0 = Date.now();
      await loadDrillCustomers(t.app.services.records, n);
      console.log(`${n} customers loaded in ${since(t0)}`);
      const manager = await t.client('zhang.min');
      const segment = await manager.post('/api/records/crm-segment', {
        data: { name: 'Drill', region: REGION },
      });
      expect(segment.status, JSON.stringify(segment.body)).toBe(201);
      const campaign = await manager.post('/api/records/crm-campaign', {
        data: drillCampaign(segment.body.id),
      });
      expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
      const claimed = () => claimedIn(t.store);
      t0 = Date.now();
      worker = startChild(WORKER, env());
      // Every half second: a count is a scan of the log on FerretDB, competing with the worker.
      const third = async () => (await claimed()) >= Math.ceil(n / 3);
      expect(await whileMoving(worker, third, claimed, 'a third', 500), worker.output()).toBe(true);
      await sleep(random() * 30);
      await kill(worker);
      const sentAtKill = await t.store.collection('mailing_deliveries').count({ status: 'sent' });
      console.log(`killed after ${since(t0)} at ${await claimed()} claimed, ${sentAtKill} sent of ${n}`);
      t0 = Date.now();
      expect(sentAtKill, 'the kill came while the campaign was sending').toBeLessThan(n - n / 100);
      worker = startChild(WORKER, env());
      const runs = t.store.collection<{ data: any }>('records.crm-campaign');
      const sent = async () => (await runs.findOne({ id: campaign.body.id }))?.data.state === 'sent';
      // The mailing's batches done: a read by id, not a scan of the log.
      const mailing = t.store.collection<{ batches: number }>('mailings');
      const progress = async () => (await mailing.get(campaign.body.id))?.batches ?? 0;
      expect(await whileMoving(worker, sent, progress, 'the campaign', 1000), worker.output()).toBe(true);
      console.log(`the second worker ended the campaign in ${since(t0)}`);
      await sleep(1500); // a late duplicate, if there were one, would show now
      await verify(t.store, outbox.dir, n);
    }, 1_800_000);
  });
});
