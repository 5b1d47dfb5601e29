// Text holding U+0000 is refused with a 400 and a stable code in both run modes (PostgreSQL, under
// FerretDB, cannot store it), wherever it comes in — a body value, a body key, a query string, a
// path parameter — and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimData, expenseClaim } from '../core/forms/fixtures.ts';
import { MODES, startApp, type Client, type Reply, type TestApp } from '../support/app-harness.ts';

const FORM = 'nul-claim';

describe.each(MODES)('U+0000 in requests (%s)', (mode) => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await startApp(mode);
    admin = await t.client('admin');
    expect((await admin.post('/api/forms', expenseClaim({ id: FORM }))).status).toBe(201);
    expect((await admin.post(`/api/forms/${FORM}/publish`, {})).status).toBe(200);
  });
  afterAll(async () => t.close());

  const refused = (
    reply: Reply<{ error: { code: string; messageZh: string; details: unknown[] } }>,
    path: string,
  ): void => {
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('TEXT_NUL_CHARACTER');
    expect(reply.body.error.messageZh).toContain('U+0000');
    expect(reply.body.error.details).toEqual([expect.objectContaining({ path })]);
  };

  it('refuses it in a body value and stores nothing', async () => {
    const data = claimData({ title: 'taxi\u0000fare' });
    refused(await admin.post(`/api/records/${FORM}`, { data }), '/data/title');
    const list = await admin.get(`/api/records/${FORM}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('refuses it in a body key, a query string and a path parameter', async () => {
    refused(await admin.post(`/api/records/${FORM}`, { data: { 'a\u0000b': 1 } }), '/data/a\u0000b');
    refused(
      await admin.post(`/api/records/${FORM}`, { data: { lines: [{}, { 'x/y~': ['ok', 'a\u0000'] }] } }),
      '/data/lines/1/x~1y~0/1',
    );
    refused(await admin.get(`/api/records/${FORM}?q=taxi%00`), '/query/q');
    refused(await admin.get(`/api/records/${FORM}/abc%00def`), '/params/id');
  });

  it('still accepts other unusual text', async () => {
    const created = await admin.post(`/api/records/${FORM}`, {
      data: claimData({ title: '𠮷野家 e\u0301 \u0001' }),
    });
    expect(created.status).toBe(201);
  });
});
