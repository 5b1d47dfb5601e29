// Bulk export over the threshold raises the "abnormal export" alert in the admins' notification
// centre, through the whole HTTP app (records routes + platform notifications), in both modes.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimData, expenseClaim } from '../core/forms/fixtures.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

process.env.ENCRYPTION_KEY ??= `k-api:${Buffer.alloc(32, 9).toString('base64')}`;
process.env.EXPORT_ALERT_ROWS = '3';

const FORM = 'claim';

describe.each(MODES)('abnormal export alert (%s mode)', (mode) => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await startApp(mode);
    admin = await t.client('admin');
    expect((await admin.post('/api/forms', expenseClaim({ id: FORM }))).status).toBe(201);
    expect((await admin.post(`/api/forms/${FORM}/publish`, {})).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect(
        (await admin.post(`/api/records/${FORM}`, { data: claimData({ title: `Trip ${i}` }) })).status,
      ).toBe(201);
  });
  afterAll(() => t?.close());

  it('stays quiet under the threshold and alerts the admins once it is crossed', async () => {
    const alerts = async () =>
      ((await admin.get('/api/notifications?limit=50')).body.items as any[]).filter(
        (n) => n.kind === 'export.abnormal',
      );
    const small = await admin.post(`/api/records/${FORM}/export`, {
      format: 'csv',
      query: { where: { 'data.title': { in: ['Trip 0', 'Trip 1'] } } },
    });
    expect(small.status, JSON.stringify(small.body)).toBe(200);
    expect(await alerts()).toHaveLength(0);
    const big = await admin.post(`/api/records/${FORM}/export`, { format: 'csv' });
    expect(big.status, JSON.stringify(big.body)).toBe(200);
    const raised = await alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0].title['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });
});
