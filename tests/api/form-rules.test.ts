// Cross-field rules, the date-range field and working-day durations through the HTTP pipeline, in
// both run modes: the server computes the durations and refuses what the browser refuses, each
// problem at its field with the analyst's message in both languages; nothing is stored.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveRequest } from '../core/forms/leave-fixture.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

process.env.ENCRYPTION_KEY ??= `k-api:${Buffer.alloc(32, 7).toString('base64')}`;

describe.each(MODES)('form rules API (%s mode)', (mode) => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await startApp(mode);
    const analyst = await t.client('analyst');
    const created = await analyst.post('/api/forms', leaveRequest({ id: 'api-leave', module: 'finance' }));
    expect(created.status).toBe(201);
    const published = await analyst.post('/api/forms/api-leave/publish', {});
    expect(published.status).toBe(200);
    admin = await t.client('admin');
  });
  afterAll(() => t?.close());

  const submit = (data: Record<string, unknown>) =>
    admin.post('/api/records/api-leave', { data: { title: 'Holiday', ...data } });

  it('stores the durations the server computed (the client cannot set them)', async () => {
    const res = await submit({
      period: { start: '2026-03-05', end: '2026-03-10' },
      days: 99,
      workingDays: 99,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ days: 6, workingDays: 4 });
  });

  it('refuses reversed dates and a broken rule with each message at its field; stores nothing', async () => {
    const before = (await admin.get('/api/records/api-leave')).body.items as unknown[];
    expect(before.length).toBeGreaterThan(0);
    const res = await submit({ period: { start: '2026-03-10', end: '2026-03-07' }, backOn: '2026-03-01' });
    expect([res.status, res.body.error.code]).toEqual([422, 'RECORD_INVALID']);
    expect(res.body.error.details).toEqual([
      {
        path: '/period/end',
        message: 'Last day must not be before First day',
        messageZh: '结束日期不能早于开始日期',
      },
      {
        path: '/backOn',
        message: 'Back at work must be after the last day of leave',
        messageZh: '返岗日期必须晚于请假结束日期',
      },
    ]);
    expect((await admin.get('/api/records/api-leave')).body.items).toHaveLength(before.length);
  });

  it('refuses a definition whose rule names no field or cannot be read, at publish', async () => {
    const analyst = await t.client('analyst');
    const msg = { en: 'x', 'zh-CN': 'x' };
    const bad = leaveRequest({
      id: 'api-leave-bad',
      module: 'finance',
      checks: [{ field: 'nope', condition: 'backOn >', message: msg }],
    });
    const check = await analyst.post('/api/forms/check', { definition: bad });
    expect(check.body.problems.map((p: any) => p.path)).toEqual(['/checks/0/field', '/checks/0/condition']);
  });
});
