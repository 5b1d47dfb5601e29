// Fault drill: a CRM campaign to a segment of FAULT_CAMPAIGN_CUSTOMERS customers (10,000 by
// default) sends once per customer although the worker sending it is SIGKILLed on the way. The test
// process plays the API (no processors: every automation run, timer and service task below can only
// run in a worker child); the customers are written a thousand at a time (not 10,000 requests),
// every hundredth opted out. The first worker is killed after about a third of the e-mails (a random
// few ms later); a second worker takes the stalled job over and finishes. Afterwards the file outbox
// (the e-mail gateway) holds exactly one e-mail per customer not opted out and none for the others,
// the delivery log says the same per recipient, and the campaign records its counts. Distributed
// mode only: the embedded mode has no worker process of its own to kill. Nothing here is timed: a
// wait gives up only when the sending stood still for minutes.
/* eslint-disable @typescript-eslint/no-explicit-any -- outbox lines and replies are JSON */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNewRecord, validateData } from '#engine/services/records/record-new.ts';
import { startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { mongodbUrl, redisUrl } from '../support/services.ts';
import { kill, randomSequence, sleep, startChild, type Child } from './flow-fault-support.ts';

const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;
const KEY = `k-drill:${Buffer.alloc(32, 7).toString('base64')}`;
const N = Number(process.env.FAULT_CAMPAIGN_CUSTOMERS ?? 10_000);
const REGION = 'Drill region';
/** A wait fails only when nothing moved for this long (the machine may be slow, not stuck). */
const STALL_MS = 300_000;

describe('a campaign under a killed worker (distributed)', () => {
  let t: TestApp;
  const outbox = tempDir('campaign-kill-outbox');
  const random = randomSequence(Number(process.env.FAULT_SEED ?? 17));
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
  }, 120_000);
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
  const sentSoFar = () => t.store.collection('mailing_deliveries').count({ status: 'sent' });

  /** Waits until `done()`; fails only when `progress()` stood still for STALL_MS or the child died. */
  async function whileMoving(child: Child, done: () => Promise<boolean>, what: string): Promise<void> {
    let last = -1;
    let movedAt = Date.now();
    for (;;) {
      if (await done()) return;
      if (child.proc.exitCode !== null || child.proc.signalCode !== null)
        throw new Error(`the worker ended waiting for ${what}:\n${child.output()}`);
      const now = await sentSoFar();
      if (now !== last) [last, movedAt] = [now, Date.now()];
      if (Date.now() - movedAt > STALL_MS)
        throw new Error(`no progress for ${STALL_MS} ms waiting for ${what} (at ${now}):\n${child.output()}`);
      await sleep(100);
    }
  }

  /**
   * N customers in region REGION, written as the record service writes a new record (validated,
   * encoded, computed fields) but a thousand to a store call: a load, not 10,000 requests.
   */
  async function load(): Promise<void> {
    const records = t.app.services.records;
    const form = await records.forms.current('crm-customer');
    await records.ensureIndexes(form);
    const now = new Date().toISOString();
    for (let from = 0; from < N; from += 1000) {
      const docs = [];
      for (let i = from; i < Math.min(N, from + 1000); i++) {
        const n = String(i).padStart(5, '0');
        const { data, errors } = validateData(form, {
          name: `Drill customer ${n}`,
          kind: 'company',
          region: REGION,
          email: `c${n}@example.cn`,
          phone: `1390${n.padStart(7, '0')}`,
          optOut: i % 100 === 0,
          language: i % 2 ? 'en' : 'zh-CN',
        });
        expect(errors).toEqual([]);
        docs.push(buildNewRecord(records.codec, form, data, { by: 'wang.fang', owner: 'wang.fang', now }));
      }
      await records.collection('crm-customer').insertMany(docs);
    }
  }

  it(`sends to ${N} customers exactly once each across a killed worker, none to an opt-out`, async () => {
    await load();
    const optedOut = Math.ceil(N / 100);

    const manager = await t.client('zhang.min');
    const segment = await manager.post('/api/records/crm-segment', {
      data: { name: 'Drill', region: REGION },
    });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    const campaign = await manager.post('/api/records/crm-campaign', {
      data: {
        name: 'Drill offer',
        segment: segment.body.id,
        channel: 'email',
        subjectEn: 'An offer for {{name}}',
        subjectZh: '{{name}}，会员优惠',
        textEn: 'Dear {{name}}, 10% off this week.',
        textZh: '尊敬的{{name}}：本周九折。',
        scheduledAt: new Date(Date.now() + 1000).toISOString(),
      },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const id = campaign.body.id as string;

    worker = startChild(WORKER, env());
    await whileMoving(worker, async () => (await sentSoFar()) >= Math.ceil(N / 3), 'a third of the e-mails');
    await sleep(random() * 30);
    await kill(worker);
    const atKill = await sentSoFar();
    expect(atKill, 'the kill came while the campaign was sending').toBeLessThan(N - optedOut);

    worker = startChild(WORKER, env());
    const admin = await t.client('admin');
    let data: any;
    await whileMoving(
      worker,
      async () => {
        data = (await admin.get(`/api/records/crm-campaign/${id}`)).body.data;
        return data.state === 'sent';
      },
      'the campaign to be sent',
    );
    await sleep(1500); // a late duplicate, if there were one, would show now

    const file = join(outbox.dir, 'email.jsonl');
    const mails = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { to: string; subject: string; notification: string })
      : [];
    const perAddress = new Map<string, number>();
    for (const m of mails) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
    expect(mails).toHaveLength(N - optedOut);
    expect(perAddress.size).toBe(N - optedOut);
    expect([...perAddress.keys()].filter((a) => Number(a.slice(1, 6)) % 100 === 0)).toEqual([]);
    expect(mails.find((m) => m.to === 'c00001@example.cn')?.subject).toBe(
      'An offer for Drill customer 00001',
    );
    expect(mails.find((m) => m.to === 'c00002@example.cn')?.subject).toBe('Drill customer 00002，会员优惠');

    const log = t.store.collection('mailing_deliveries');
    expect(await log.count({ mailing: id })).toBe(N);
    expect(await log.count({ mailing: id, status: 'sent' })).toBe(N - optedOut);
    expect(await log.count({ mailing: id, status: 'skipped', reason: 'opted-out' })).toBe(optedOut);
    expect([data.sent, data.skipped, data.failed]).toEqual([N - optedOut, optedOut, 0]);
    console.log(`${N} customers: killed at ${atKill} sent; ${mails.length} e-mails, ${optedOut} opted out`);
  }, 1_800_000);
});
