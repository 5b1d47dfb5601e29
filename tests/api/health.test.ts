// Health in both run modes: "alive" (the process answers) apart from "ready" (it can serve), and a
// store that can no longer read a collection — so neither files nor backups can be served — or a
// queue or a blob store that does not answer makes the process unready while it stays alive; so does
// shutting down.
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { buildApp } from '#engine/http/app.ts';
import { platformChecks, Readiness } from '#engine/services/health/readiness.ts';
import { FLOW_QUEUES } from '#engine/services/flows/queues.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { PrivateRedis } from '../support/private-redis.ts';
import { waitFor } from '../support/wait-for.ts';

describe.each(MODES)('health (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { demo: false });
  });
  afterAll(() => t?.close());

  it("gives every reply helmet's security headers, the same on every route and status", async () => {
    // Helmet runs on the app's first reply; later replies get a copy of what it set (app.ts).
    const anon = t.anonymous();
    const replies = [
      await anon.get('/api/health/live'),
      await anon.get('/api/health/live'),
      await anon.get('/api/no-such-route'),
      await anon.get('/api/users'),
      await anon.post('/api/auth/login', { login: 'nobody', password: 'wrong-password' }),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 404, 401, 401]);
    const names = [
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    const security = (r: (typeof replies)[number]) => Object.fromEntries(names.map((n) => [n, r.headers[n]]));
    expect(security(replies[0]!)).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
    for (const r of replies) {
      expect(Object.values(security(r)).every((v) => typeof v === 'string' && v !== '')).toBe(true);
      expect(security(r)).toEqual(security(replies[0]!));
      expect(r.headers['x-request-id']).toBeTruthy();
    }
  });

  it('is alive and ready, and /api/health keeps its shape; no session needed', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/health/live')).body).toEqual({
      status: 'alive',
      mode,
      uptimeSeconds: expect.any(Number),
    });
    const ready = await anon.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      mode,
      checks: [
        { name: 'store', ok: true, ms: expect.any(Number) },
        { name: 'data', ok: true, ms: expect.any(Number) },
        { name: 'queue', ok: true, ms: expect.any(Number) },
        { name: 'blobs', ok: true, ms: expect.any(Number) },
      ],
    });
    const health = await anon.get('/api/health');
    expect([health.status, health.body.status, health.body.mode]).toEqual([200, 'ok', mode]);
  });

  it('is not ready while it shuts down (running requests finish), though alive', async () => {
    const readiness = new Readiness(
      platformChecks(t.store, t.platform.services.queue, FLOW_QUEUES.serviceTask),
    );
    const app = await buildApp({
      services: { ...t.platform.services, health: readiness },
      sweepIntervalMs: 0,
    });
    expect((await app.inject('/api/health/ready')).statusCode).toBe(200);
    readiness.stopping();
    const res = await app.inject('/api/health/ready');
    expect([res.statusCode, res.json().status]).toEqual([503, 'stopping']);
    expect((await app.inject('/api/health/live')).statusCode).toBe(200);
    // Closing the app is what marks it so in a real shutdown.
    const other = new Readiness([]);
    const closing = await buildApp({
      services: { ...t.platform.services, health: other },
      sweepIntervalMs: 0,
    });
    await closing.ready();
    await closing.close();
    expect((await other.check()).stopping).toBe(true);
    await app.close();
  });

  if (mode === 'embedded')
    it('a blob store that cannot answer (its directory gone) makes it unready until it is back', async () => {
      const anon = t.anonymous();
      const blobs = join(t.dataDir, 'blobs');
      renameSync(blobs, `${blobs}.away`);
      try {
        let res = await anon.get('/api/health/ready');
        await waitFor(async () => {
          res = await anon.get('/api/health/ready');
          return res.status === 503;
        }, 5000);
        expect(res.body.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
          ['store', true],
          ['data', true],
          ['queue', true],
          ['blobs', false],
        ]);
        expect((await anon.get('/api/health')).status).toBe(503);
      } finally {
        renameSync(`${blobs}.away`, blobs);
      }
      await waitFor(async () => (await anon.get('/api/health/ready')).status === 200, 5000);
    });

  if (mode === 'embedded')
    it('a collection the store cannot read (files, backups) makes it unready, not just unhealthy-looking', async () => {
      // A journal the store cannot load (as one grown past what a file read can hold): here a
      // directory where the journal file should be.
      mkdirSync(join(t.dataDir, 'store', 'file_chunks_archive.jsonl'));
      const anon = t.anonymous();
      let res = await anon.get('/api/health/ready');
      await waitFor(async () => {
        res = await anon.get('/api/health/ready');
        return res.status === 503;
      }, 5000);
      expect(res.body).toMatchObject({ status: 'unavailable', mode });
      expect(res.body.checks.find((c: { name: string }) => c.name === 'data')).toMatchObject({ ok: false });
      expect(res.body.checks.find((c: { name: string }) => c.name === 'store')).toMatchObject({ ok: true });
      // Why is for the log, not for anonymous callers.
      expect(JSON.stringify(res.body)).not.toContain(t.dataDir);
      const health = await anon.get('/api/health');
      expect([health.status, health.body.status]).toEqual([503, 'unavailable']);
      expect((await anon.get('/api/health/live')).status).toBe(200);
      const report = await t.platform.services.health.check();
      expect(report.checks.find((c) => c.name === 'data')?.error).toMatch(/file_chunks_archive/);
    });

  if (mode === 'distributed')
    it('a queue server that stops answering makes it unready within the time limit', async () => {
      const redis = await PrivateRedis.start();
      const queue = new BullmqJobQueue({ url: redis.url, prefix: t.namespace });
      try {
        const readiness = new Readiness(platformChecks(t.store, queue, FLOW_QUEUES.serviceTask), {
          timeoutMs: 1500,
          cacheMs: 0,
        });
        expect((await readiness.check()).ready).toBe(true);
        await redis.kill();
        const report = await readiness.check();
        expect(report.ready).toBe(false);
        expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
          ['store', true],
          ['data', true],
          ['queue', false],
        ]);
        expect(report.checks[2]!.ms).toBeLessThan(3000);
      } finally {
        await redis.destroy().catch(() => undefined);
        await Promise.race([queue.close(), new Promise((r) => setTimeout(r, 2000))]);
      }
    });
});
