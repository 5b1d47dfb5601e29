// Numbering series through the API, in both run modes: 50 orders created at once get 50
// distinct, consecutive numbers; a failed insert gives its number back, so the next order takes it
// (no gap); the counter restarts at the new year in the series' time zone (Beijing: the year
// turns at 16:00 UTC); a number finds its record by full-text search and heads its row in exports;
// and the series' claims show every number used exactly once.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#engine/core/tabular/csv.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import { DEMO_PASSWORD, loginAs, MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { createOrder, orderForm, setUpDocuments } from './documents-fixtures.ts';

const ORDERS = '/api/records/sales-order';
const pad = (n: number) => String(n).padStart(4, '0');

describe.each(MODES)('numbering series (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-12-31T06:00:00Z'));
  /** Orders numbered by tests that run in one mode only. */
  let offset = 0;
  const at = (n: number) => `SO-2026-${pad(n + offset)}`;

  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock } });
    await setUpDocuments((login) => t.client(login));
  });
  afterAll(() => t?.close());

  it('gives 50 concurrent creates 50 distinct consecutive numbers', async () => {
    const clients = await Promise.all([t.client('wang.fang'), t.client('li.lei'), t.client('qian.admin')]);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createOrder(clients[i % 3]!, {
          customer: i % 3 === 1 ? 'c-li-1' : 'c-wang-1',
          note: `Order ${i}`,
          lines: [{ item: 'i-chair', qty: 1 + (i % 5) }],
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = replies.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `SO-2026-${pad(i + 1)}`));
  });

  it.runIf(mode === 'distributed')(
    'gives 50 creates split over two API replicas 50 distinct consecutive numbers',
    async () => {
      // Two processes' worth of store clients: their conditional writes are not serialised by
      // one process (on FerretDB a counter increment can then hand out a value twice; the claim
      // insert is what decides).
      const replica = await t.replica();
      const there = await loginAs(replica, 'wang.fang', DEMO_PASSWORD);
      const here = await t.client('wang.fang');
      clock.set(Date.parse('2026-12-31T07:00:00Z'));
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          createOrder(i % 2 ? there : here, { customer: 'c-wang-1', note: `Replica order ${i}` }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
      const numbers = replies.map((r) => r.body.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `SO-2026-${pad(i + 51)}`));
      offset += 50;
    },
  );

  it('gives the number of a failed insert back: the next order takes it, no gap', async () => {
    const admin = await t.client('qian.admin');
    const taken = await admin.post(ORDERS, { id: 'so-fixed', data: { customer: 'c-wang-1' } });
    expect([taken.status, taken.body.number]).toEqual([201, at(51)]);
    const clash = await admin.post(ORDERS, { id: 'so-fixed', data: { customer: 'c-wang-1' } });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'RECORD_EXISTS']);
    const next = await createOrder(admin, { customer: 'c-wang-1' });
    expect(next.body.number).toBe(at(52));
    const series = `sales-order|SO-2026-#`;
    const claims = await t.app.services.documents.numbering.claimsOf(series);
    const count = 52 + offset;
    expect(claims.map((c) => [c.n, c.state])).toEqual(
      Array.from({ length: count }, (_, i) => [i + 1, 'used']),
    );
    expect(new Set(claims.map((c) => c.recordId)).size).toBe(count);
  });

  it('restarts at the new year in Beijing time', async () => {
    const wang = await t.client('wang.fang');
    clock.set(Date.parse('2026-12-31T15:59:59Z'));
    expect((await createOrder(wang, { customer: 'c-wang-1' })).body.number).toBe(at(53));
    clock.set(Date.parse('2026-12-31T16:00:00Z'));
    const newYear = await createOrder(wang, { customer: 'c-wang-1' });
    expect(newYear.body.number).toBe('SO-2027-0001');
    expect((await createOrder(wang, { customer: 'c-wang-2' })).body.number).toBe('SO-2027-0002');
  });

  it('finds a document by its number', async () => {
    const admin = await t.client('qian.admin');
    const found = (await admin.get(`${ORDERS}?q=${encodeURIComponent('SO-2027-0002')}`)).body.items;
    expect(found.map((r: any) => r.number)).toEqual(['SO-2027-0002']);
    const sorted = (await admin.get(`${ORDERS}?sort=-number&limit=2`)).body.items;
    expect(sorted.map((r: any) => r.number)).toEqual(['SO-2027-0002', 'SO-2027-0001']);
  });

  it('shows the number in exports, beside the id, headed in the exporter’s language', async () => {
    const admin = await t.client('qian.admin');
    const query = { sort: [{ field: 'number', direction: 'desc' }] };
    const en = await admin.post(`${ORDERS}/export`, { format: 'csv', locale: 'en', query });
    expect(en.status, String(en.body)).toBe(200);
    const rows = parseCsv(String(en.body));
    expect(rows[0]?.slice(0, 2)).toEqual(['ID', 'No.']);
    expect(rows.slice(1, 3).map((r) => r[1])).toEqual(['SO-2027-0002', 'SO-2027-0001']);
    const zh = await admin.post(`${ORDERS}/export`, { format: 'csv', locale: 'zh-CN', query });
    expect(parseCsv(String(zh.body))[0]?.[1]).toBe('单据编号');
  });

  it('refuses a pattern that is not one at publish, saying why', async () => {
    const admin = await t.client('qian.admin');
    const bad = { ...orderForm, id: 'bad-order', numbering: { pattern: 'SO-{YYYY}-{Q}' } };
    const res = await admin.post('/api/forms/check', { definition: bad });
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        path: '/numbering/pattern',
        message: 'unknown part {Q}: use {YYYY}, {YY}, {MM}, {DD} or {#…}',
      }),
      expect.objectContaining({
        path: '/numbering/pattern',
        message: 'a pattern has exactly one counter, e.g. {####}',
      }),
    ]);
  });
});
