// Metrics in the Prometheus text format at /api/metrics, in both run modes: for an administrator
// or a scraper with METRICS_TOKEN, nobody else; requests and latencies by route pattern and
// status, queue depths, job failures, flow incidents, process memory. And the request id: taken
// from X-Request-Id, echoed, in every log line of the request and in its audit entry.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#engine/http/app.ts';
import { UnrecoverableJobError } from '#engine/ports/job-queue.ts';
import { Readiness } from '#engine/services/health/readiness.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

/** The value of one series in a text exposition (undefined when absent). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const TOKEN = 'metrics-token-for-the-scraper-0123456789';

describe.each(MODES)('metrics and request ids (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { app: { metricsToken: TOKEN } });
  });
  afterAll(() => t?.close());

  const scrape = async () => {
    const res = await (await t.client('admin')).get('/api/metrics');
    expect(res.status).toBe(200);
    return res.body as string;
  };

  it('answers administrators and the token holder only, in the text format', async () => {
    expect((await t.anonymous().get('/api/metrics')).status).toBe(401);
    expect((await (await t.client('employee')).get('/api/metrics')).status).toBe(403);
    const bad = await t.app.inject({ url: '/api/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(bad.statusCode).toBe(401);
    const scraper = await t.app.inject({
      url: '/api/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(scraper.statusCode).toBe(200);
    expect(scraper.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(scraper.body).toContain('# TYPE forma_http_requests_total counter');
    expect(scraper.body).toContain('# TYPE forma_http_request_duration_seconds histogram');
    // A scrape without a session writes nothing to the audit log.
    expect((await t.app.services.audit.search({ resource: '/api/metrics' }, { limit: 5 })).items).toEqual([]);
  });

  it('counts requests by route pattern and status, with latency buckets', async () => {
    const admin = await t.client('admin');
    for (const id of ['zheng.xin', 'wu.hao', 'no-such-user']) await admin.get(`/api/users/${id}`);
    const text = await scrape();
    const ok = 'forma_http_requests_total{method="GET",route="/api/users/:id",status="200"}';
    expect(sample(text, ok)).toBe(2);
    expect(sample(text, ok.replace('200', '404'))).toBe(1);
    expect(text).not.toContain('zheng.xin'); // patterns, never the ids in URLs
    const count = sample(
      text,
      'forma_http_request_duration_seconds_count{method="GET",route="/api/users/:id",status="200"}',
    );
    const inf = sample(
      text,
      'forma_http_request_duration_seconds_bucket{method="GET",route="/api/users/:id",status="200",le="+Inf"}',
    );
    expect([count, inf]).toEqual([2, 2]);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(sample(text, 'nodejs_heap_used_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'forma_audit_head_seq')).toBe((await t.app.services.audit.readHead()).seq);
  });

  it('reports queue depths, job failures and flow incidents', async () => {
    const { queue, store } = t.platform.services;
    const name = `test-metrics-${mode}`;
    await queue.process(name, async () => {
      throw new UnrecoverableJobError('cannot be done');
    });
    await queue.enqueue(name, {}, { jobId: 'doomed-1', attempts: 3 });
    const failed = `forma_jobs_failed_total{queue="${name}",final="true"}`;
    await waitFor(async () => sample(await scrape(), failed) === 1, 10_000, 'the failure to be counted');
    const text = await scrape();
    expect(sample(text, 'forma_queue_jobs{queue="flow-service-task",state="waiting"}')).toBe(0);
    expect(sample(text, 'forma_flow_instances_with_incidents')).toBe(0);
    // An instance stopped by an incident (as the engine records it) is counted.
    await store
      .collection('flow_instances')
      .insert({ id: 'metrics-incident', incidentCount: 1, status: 'active' });
    expect(sample(await scrape(), 'forma_flow_instances_with_incidents')).toBe(1);
    await store.collection('flow_instances').delete('metrics-incident');
  });

  it('carries the request id: X-Request-Id kept, echoed, in the log lines and the audit entry', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n'))
          if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    });
    const app = await buildApp({
      // Its own readiness: closing this app must not mark the test's platform as stopping.
      services: { ...t.platform.services, health: new Readiness([]) },
      logger: pino({ level: 'info' }, sink),
      sweepIntervalMs: 0,
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-request-id': 'req-ops-42' },
        payload: { login: 'zheng.xin', password: t.password },
      });
      expect(login.statusCode).toBe(200);
      expect(login.headers['x-request-id']).toBe('req-ops-42');
      const mine = lines.filter((l) => l.reqId === 'req-ops-42');
      expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
      const [entry] = (
        await t.app.services.audit.search({ action: 'auth.login', actor: 'zheng.xin' }, { limit: 1 })
      ).items;
      expect(entry).toMatchObject({ requestId: 'req-ops-42' });
      // A malformed id is replaced by a generated one, never logged as given.
      const odd = await app.inject({ url: '/api/health/live', headers: { 'x-request-id': 'bad id\u0000' } });
      expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await app.close();
    }
  });
});
