// The allow-listed `http.request` action, run by an automation in both run modes: a URL under a
// prefix of the module's `httpAllowList` is called (with the run's idempotency key; a 5xx answer
// is retried, a 4xx one returned), anything else is refused before a connection is made.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Automation } from '#schemas/generated/index.ts';
import { urlAllowed } from '#workers/actions/http-request.ts';
import { waitFor } from '#tests/support/wait-for.ts';
import { MODES, openPlatform, type PlatformHarness } from '../modules/support.ts';

describe('http.request allow-list', () => {
  it('compares scheme, host, port and path prefix', () => {
    const list = ['https://einvoice.example.com/api/', 'http://127.0.0.1:8080/hooks'];
    expect(urlAllowed('https://einvoice.example.com/api/issue?x=1', list)).toBe(true);
    expect(urlAllowed('https://einvoice.example.com/admin', list)).toBe(false);
    expect(urlAllowed('http://einvoice.example.com/api/issue', list)).toBe(false);
    expect(urlAllowed('https://einvoice.example.com.evil.test/api/', list)).toBe(false);
    expect(urlAllowed('https://user:pw@einvoice.example.com/api/', list)).toBe(false);
    expect(urlAllowed('http://127.0.0.1:8081/hooks', list)).toBe(false);
    expect(urlAllowed('not a url', list)).toBe(false);
  });
});

describe.each(MODES)('http.request in an automation (%s)', (mode) => {
  let h: PlatformHarness;
  let server: Server;
  let base = '';
  const seen: Array<{ url: string; key: string | undefined; body: string }> = [];
  let failFirst = true;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined, body });
        if (req.url === '/hooks/flaky' && failFirst) {
          failFirst = false;
          res.writeHead(503).end('busy');
          return;
        }
        res.writeHead(req.url === '/hooks/missing' ? 404 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, path: req.url }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await openPlatform(mode, { demo: false });
    await h.platform.store.collection('modules').insert({
      id: 'test',
      enabled: true,
      installed: true,
      settings: { httpAllowList: [`${base}/hooks/`] },
      problems: [],
      name: { en: 't', 'zh-CN': 't' },
      description: { en: 't', 'zh-CN': 't' },
    });
    const call = (id: string, path: string): Automation => ({
      id: `test.${id}`,
      name: { en: id, 'zh-CN': id },
      trigger: { type: 'schedule', cron: '0 3 * * *' },
      retries: 3,
      actions: [
        {
          action: 'http.request',
          input: { url: `${base}${path}`, method: 'POST', body: { hello: '=upper case("world")' } },
        },
      ],
    });
    await h.platform.automations.replaceModule(
      'test',
      [call('ok', '/hooks/flaky'), call('missing', '/hooks/missing'), call('outside', '/admin')],
      false,
    );
  });
  afterAll(async () => {
    await h.close();
    await new Promise((r) => server.close(r));
  });

  it('calls an allowed URL with the run’s idempotency key; a 5xx answer is retried by the queue', async () => {
    const [runId] = await h.platform.automations.publish({
      type: 'schedule',
      automationId: 'test.ok',
      at: 60_000,
    });
    await waitFor(
      async () => (await h.platform.automations.runs.get(runId!))?.status === 'succeeded',
      20_000,
      'the run',
    );
    const run = await h.platform.automations.getRun(runId!);
    expect(run).toMatchObject({
      attempts: 2,
      steps: [{ result: { status: 200, body: { ok: true, path: '/hooks/flaky' } } }],
    });
    expect(seen.map((s) => [s.url, s.body, s.key])).toEqual([
      ['/hooks/flaky', '{"hello":"WORLD"}', `${runId}-0`],
      ['/hooks/flaky', '{"hello":"WORLD"}', `${runId}-0`],
    ]);
  });

  it('returns a 4xx answer to the automation and refuses a URL outside the allow-list', async () => {
    const missing = await h.platform.automations.runNow('test.missing');
    expect(missing).toMatchObject({ status: 'succeeded', steps: [{ result: { status: 404 } }] });
    const before = seen.length;
    const outside = await h.platform.automations.runNow('test.outside');
    expect(outside).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('is not in the allow-list of module test'),
    });
    expect(seen.length).toBe(before); // no request left the platform
  });
});
