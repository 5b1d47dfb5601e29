// The approval stories' common ground: the whole app (either run mode) with the demo company, an
// injectable clock, the flow workers running in this process (so SLA service tasks run in the
// distributed mode too), the story fixtures deployed through the API by the analyst, and
// employees allowed to start flows directly (an administrator grants it through the API).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { startApp, type Client, type Mode, type Reply, type TestApp } from '#tests/support/app-harness.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import { waitFor } from '#tests/support/wait-for.ts';

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const FIXTURES = [
  'expense-claim',
  'leave-request',
  'purchase-requisition',
  'two-step-approval',
] as const;

export const fixtureXml = (name: string): string =>
  readFileSync(new URL(`./${name}.bpmn`, import.meta.url), 'utf8');

export interface ApprovalsApp extends TestApp {
  clock: ManualClock;
  /** A client for a login name (a fresh login when the clock moved past the session). */
  as(login: string): Promise<Client>;
  /** Starts a flow as `login` through POST /api/instances. */
  start(login: string, processId: string, variables?: Record<string, unknown>): Promise<any>;
  /** The open task of an instance in `login`'s inbox (fails when there is none or several). */
  taskOf(login: string, instanceId: string): Promise<any>;
  /** An action on a task: POST /api/tasks/{id}/{action}. */
  act(login: string, taskId: string, action: string, body?: unknown): Promise<Reply>;
  request(login: string, instanceId: string): Promise<any>;
  notifications(login: string): Promise<any[]>;
  audit(action: string, resourceId?: string): Promise<any[]>;
  /** Fires due timers (as the sweeper does) and waits until the workers ran what that started. */
  sweep(): Promise<void>;
  /** What the e-mail / SMS channels wrote (JSON lines in the test's outbox directory). */
  outbox(channel: 'email' | 'sms'): any[];
}

export async function startApprovalsApp(
  mode: Mode,
  options: { deploy?: readonly string[] } = {},
): Promise<ApprovalsApp> {
  const clock = new ManualClock(T0);
  const outboxDir = tempDir('approvals-outbox');
  const t = await startApp(mode, {
    platform: {
      clock,
      workers: true,
      sweepEveryMs: 0,
      scan: false,
      flowRetryBackoffMs: 20,
      outboxDir: outboxDir.dir,
    },
  });
  await t.app.ready();
  const admin = await t.client('admin');
  const role = (await admin.get('/api/roles/employee')).body;
  const granted = await admin.patch('/api/roles/employee', {
    rev: role.rev,
    permissions: [...role.permissions, { resource: 'instances', actions: ['create'] }],
  });
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  const analyst = await t.client('analyst');
  for (const name of options.deploy ?? FIXTURES) {
    const res = await analyst.request({
      method: 'POST',
      url: '/api/flows',
      headers: { 'content-type': 'application/xml' },
      payload: fixtureXml(name),
    });
    expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
  }
  const as = (login: string) => t.client(login);
  const app: ApprovalsApp = {
    ...t,
    clock,
    as,
    async close() {
      await t.close();
      outboxDir.remove();
    },
    outbox(channel) {
      const file = join(outboxDir.dir, `${channel}.jsonl`);
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
    async start(login, processId, variables = {}) {
      const res = await (await as(login)).post('/api/instances', { processId, variables });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    },
    async taskOf(login, instanceId) {
      const res = await (await as(login)).get('/api/tasks?limit=200');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const mine = res.body.items.filter((i: any) => i.instanceId === instanceId);
      expect(mine, `${login}'s tasks of ${instanceId}`).toHaveLength(1);
      return mine[0];
    },
    async act(login, taskId, action, body = {}) {
      return (await as(login)).post(`/api/tasks/${taskId}/${action}`, body);
    },
    async request(login, instanceId) {
      const res = await (await as(login)).get(`/api/approvals/requests/${instanceId}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    },
    async notifications(login) {
      const res = await (await as(login)).get('/api/notifications?limit=200');
      expect(res.status).toBe(200);
      return res.body.items;
    },
    async audit(action, resourceId) {
      const q = new URLSearchParams({ action, limit: '200', ...(resourceId ? { resourceId } : {}) });
      const res = await (await as('qian.admin')).get(`/api/audit?${q}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items;
    },
    async sweep() {
      await t.app.services.flows.sweep({ outboxAgeMs: 0 });
      // Service tasks started by the timers run on the workers: wait until no job is pending.
      await waitFor(
        async () => {
          const { items } = await t.app.services.flows.runtime.instances.find(
            { status: 'active' },
            { projection: ['tokens'] },
          );
          return items.every((d) =>
            Object.values(d.tokens ?? {}).every((tk) => !tk.job || tk.state !== 'waiting'),
          );
        },
        30_000,
        'service tasks to finish',
      );
    },
  };
  return app;
}

/** The timeline's actions (without the engine's own entries), for compact assertions. */
export function actions(timeline: any[]): string[] {
  return timeline.map((e) => e.action);
}
