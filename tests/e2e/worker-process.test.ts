// The distributed mode's two processes compose one platform: `npm run worker` (platform/worker.ts,
// a child process here) runs with the notification channels and settings of the environment, the
// same as the API. The test process plays the API without processors, so every automation run
// and service task below can only have run in the worker — and what they send by e-mail and SMS
// must land in the worker's NOTIFY_OUTBOX_DIR. Real FerretDB and Redis.
/* eslint-disable @typescript-eslint/no-explicit-any -- outbox lines and replies are JSON */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Automation, FormDefinition } from '#schemas/generated/index.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { onLines, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp-dir.ts';
import { mongodbUrl, redisUrl } from '../support/services.ts';
import { waitFor } from '../support/wait-for.ts';

const WORKER = join(import.meta.dirname, '..', '..', 'platform', 'worker.ts');

const ORDER: FormDefinition = {
  id: 'test-order',
  module: 'test',
  name: { en: 'Order', 'zh-CN': '订单' },
  schema: { type: 'object', properties: { customer: { type: 'string' } }, required: ['customer'] },
  labels: { customer: { en: 'Customer', 'zh-CN': '客户' } },
};

const WELCOME: Automation = {
  id: 'test.welcome',
  name: { en: 'Welcome', 'zh-CN': '欢迎' },
  trigger: { type: 'record.created', form: 'test-order' },
  actions: [
    {
      action: 'notify',
      input: {
        users: ['zheng.xin'],
        title: {
          en: '="New order from " + record.data.customer',
          'zh-CN': '="新订单：" + record.data.customer',
        },
        channels: ['email', 'sms'],
      },
    },
  ],
};

const GREETING = buildBpmn({
  id: 'worker_greeting',
  name: 'Greeting',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'greet',
      type: 'serviceTask',
      name: 'Greet',
      at: [1, 0],
      ext:
        zeebe.task('notify') +
        zeebe.headers({
          users: '=["wu.hao"]',
          title: '={en: "Greetings from the worker", "zh-CN": "来自工作进程的问候"}',
          channels: '=["email"]',
        }),
    },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'greet' },
    { id: 'f2', from: 'greet', to: 'end' },
  ],
});

const lines = (file: string): any[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

describe('npm run worker (distributed)', () => {
  const outbox = tempDir('worker-outbox');
  let t: TestApp;
  let admin: Client;
  let worker: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';

  beforeAll(async () => {
    // The API side: no processors and no outbox of its own.
    t = await startApp('distributed', { platform: { workers: false, scan: false } });
    admin = await t.client('admin');
    worker = spawnTs(WORKER, [], {
      MONGODB_URL: mongodbUrl(),
      REDIS_URL: redisUrl(),
      FORMA_NAMESPACE: t.namespace,
      NOTIFY_OUTBOX_DIR: outbox.dir,
      FLOW_SWEEP_MS: '0',
      LOG_LEVEL: 'warn',
    });
    exited = onLines(worker, (line) => (output += `${line}\n`));
    await waitFor(() => output.includes('forma worker ready'), 60_000, `the worker to start:\n${output}`);

    const { forms, modules, automations } = t.app.services;
    await forms.publishDefinition(systemActor('forms', 'update'), ORDER);
    await modules.col.insert({
      id: 'test',
      enabled: true,
      installed: true,
      settings: {},
      problems: [],
      name: { en: 'Test', 'zh-CN': '测试' },
      description: { en: 'Test', 'zh-CN': '测试' },
    } as never);
    await automations.replaceModule('test', [WELCOME], true);
  }, 120_000);

  afterAll(async () => {
    if (worker?.exitCode === null && worker.pid) {
      worker.kill('SIGTERM');
      await exited;
    }
    await t?.close();
    outbox.remove();
  });

  it('an automation run in the worker e-mails and texts through the outbox channels', async () => {
    const created = await admin.post('/api/records/test-order', { data: { customer: 'Acme' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const { automations } = t.app.services;
    const statuses = async () =>
      (await automations.runs.find({ automation: 'test.welcome' })).items.map((r) => r.status);
    await waitFor(
      async () => (await statuses()).some((s) => s !== 'running'),
      30_000,
      `the automation run (worker output:\n${output})`,
    );
    expect(await statuses()).toEqual(['succeeded']);
    const email = join(outbox.dir, 'email.jsonl');
    const sms = join(outbox.dir, 'sms.jsonl');
    expect(lines(email)).toEqual([
      expect.objectContaining({
        channel: 'email',
        to: 'zheng.xin@acme.example',
        subject: expect.stringMatching(/^(New order from Acme|新订单：Acme)$/),
      }),
    ]);
    expect(lines(sms)).toEqual([
      expect.objectContaining({ channel: 'sms', text: expect.stringMatching(/Acme/) }),
    ]);
    // The in-app centre has it too (the same store, seen from the API).
    const inbox = await (await t.client('employee')).get('/api/notifications');
    expect(inbox.body.items.map((n: any) => n.title.en)).toContain('New order from Acme');
  }, 60_000);

  it('a service task run in the worker e-mails through the same channels', async () => {
    expect((await admin.post('/api/flows', { xml: GREETING })).status).toBe(201);
    const started = await admin.post('/api/instances', { processId: 'worker_greeting' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    await waitFor(
      async () => (await admin.get(`/api/instances/${started.body.id}`)).body.status === 'completed',
      30_000,
      `the instance to complete (worker output:\n${output})`,
    );
    expect(lines(join(outbox.dir, 'email.jsonl'))).toContainEqual(
      expect.objectContaining({
        to: 'wu.hao@acme.example',
        subject: expect.stringMatching(/^(Greetings from the worker|来自工作进程的问候)$/),
      }),
    );
  }, 60_000);
});
