// Part 2 of the forms bench (forms.bench.ts): list queries through the records service over N
// seeded records, per adapter — p50/p95 per kind of query (equality through a list index and a
// plain index, pages through cursors, date and amount ranges, full text, a blind index).
import { keyringFromEnv } from '../engine/src/core/crypto/keyring.ts';
import { titleTokens } from '../engine/src/core/forms/search-tokens.ts';
import { ManualClock } from '../engine/src/ports/clock.ts';
import { createFormsAndRecords } from '../engine/src/services/records/index.ts';
import { expenseClaim } from '../tests/core/forms/fixtures.ts';
import { as, CITIES, openStore, payload, percentile, WORDS } from './forms-fixtures.ts';
import { fmt } from './harness.ts';

/** Three years of records, oldest first: createdAt spreads over them (ranges and sorts mean something). */
const LIST_START = Date.parse('2023-01-02T08:00:00Z');
const LIST_SPAN_MS = 3 * 365 * 24 * 3600_000;

/** The bench form: the fixture plus list indexes for a city's newest records and amount ranges. */
const listForm = () =>
  expenseClaim({
    indexes: [
      'data.category',
      'data.payee.city',
      { fields: ['data.payee.city', { field: 'createdAt', direction: 'desc' }] },
      { fields: ['data.total'] },
    ],
  });

/** p50/p95 of each kind of list query over `n` seeded records, `queries` timed queries per kind. */
export async function listQueries(adapter: string, n: number, queries: number) {
  const { store, close, label } = await openStore(adapter);
  try {
    const clock = new ManualClock(LIST_START);
    const s = createFormsAndRecords({
      store,
      clock,
      keyring: keyringFromEnv(process.env.ENCRYPTION_KEY as string),
    });
    await s.init();
    await s.forms.publishDefinition(as('forms', 'update'), listForm());
    const form = await s.forms.current('expense-claim');
    await s.records.ensureIndexes(form);
    const col = s.records.collection('expense-claim');
    const create = as('record:expense-claim', 'create');
    const seedStart = Date.now();
    const BATCH = 2000;
    // The first TEMPLATES records go through validation and newRecord (computed fields,
    // encryption, blind indexes, search tokens); the rest are copies of them with their own id,
    // time, title (and search tokens) and city, so that a million records seed in minutes.
    const TEMPLATES = 5_000;
    const templates: string[] = [];
    for (let start = 0; start < n; start += BATCH) {
      const docs = [];
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        clock.set(LIST_START + Math.floor((i * LIST_SPAN_MS) / n));
        const id = `r${String(i).padStart(8, '0')}`;
        if (i < TEMPLATES) {
          const { data, errors } = s.records.validate(form, payload(i % 10 === 9 ? i - 1 : i));
          if (errors.length) throw new Error(JSON.stringify(errors));
          const doc = s.records.newRecord(create, form, data, { id });
          templates.push(JSON.stringify(doc));
          docs.push(doc);
          continue;
        }
        type Copy = Record<string, unknown> & { data: Record<string, unknown>; lastChange: object };
        const doc = JSON.parse(templates[i % TEMPLATES] as string) as Copy;
        const at = new Date(clock.now()).toISOString();
        const title = (payload(i).title as string).slice(0, 500);
        Object.assign(doc, { id, createdAt: at, updatedAt: at, title, search: titleTokens(title) });
        // Encrypted values are bound to their record's id: the copies have none.
        for (const field of form.definition.sensitiveFields ?? []) delete doc.data[field];
        delete doc.blind;
        doc.data.title = title;
        doc.data.payee = { ...(doc.data.payee as object), city: CITIES[i % CITIES.length] };
        Object.assign(doc.lastChange, { id: `${id}:1`, recordId: id, at });
        docs.push(doc);
      }
      await col.insertMany(docs as never);
      if ((start / BATCH) % 50 === 49) console.log(`  ${label}: ${start + BATCH} records seeded…`);
    }
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const read = as('record:expense-claim', 'read');
    const month = (i: number) => {
      const from = new Date(LIST_START + ((i * 7919) % 35) * 30 * 24 * 3600_000);
      return { gte: from.toISOString(), lt: new Date(from.getTime() + 30 * 24 * 3600_000).toISOString() };
    };
    const amounts = (i: number) => ({
      gte: String(200 + ((i * 97) % 1500)),
      lt: String(260 + ((i * 97) % 1500)),
    });
    type Query = Parameters<typeof s.records.list>[2];
    const kinds: Record<string, (i: number) => Query | Promise<Query>> = {
      'indexed equality + sort (list index), 50': (i) => ({
        where: { 'data.payee.city': CITIES[i % CITIES.length] },
        limit: 50,
      }),
      'equality on a plain index + sort, 50': (i) => ({
        where: { 'data.category': ['travel', 'meals', 'office'][i % 3] },
        limit: 50,
      }),
      'first page (createdAt desc), 50': () => ({ limit: 50 }),
      'page 20 through cursors, 50': async () => {
        let cursor: string | null = null;
        for (let p = 0; p < 19; p++)
          cursor = (await s.records.list(read, 'expense-claim', { limit: 50, ...(cursor ? { cursor } : {}) }))
            .nextCursor;
        return { limit: 50, ...(cursor ? { cursor } : {}) };
      },
      'date range (a month), newest first, 50': (i) => ({ where: { createdAt: month(i) }, limit: 50 }),
      'amount range, by amount, 50': (i) => ({
        where: { 'data.total': amounts(i) },
        sort: [{ field: 'data.total', direction: 'desc' }],
        limit: 50,
      }),
      'amount range, newest first, 50': (i) => ({ where: { 'data.total': amounts(i) }, limit: 50 }),
      'full text (title), 50': (i) => ({ q: `${WORDS[i % WORDS.length]} ${(i * 37) % n}`, limit: 50 }),
      'encrypted field (blind index)': (i) => ({
        where: { 'data.phone': payload((i * 131) % n).phone as string },
        limit: 50,
      }),
    };
    const rows: Array<Record<string, string>> = [];
    for (const [kind, query] of Object.entries(kinds)) {
      await s.records.list(read, 'expense-claim', await query(0)); // warm-up
      const times: number[] = [];
      for (let i = 0; i < queries; i++) {
        const q = await query(i + 1); // the cursor walk to page 19 is not timed
        const t0 = performance.now();
        const page = await s.records.list(read, 'expense-claim', q);
        times.push(performance.now() - t0);
        if (i === 0 && page.items.length === 0 && !kind.startsWith('encrypted'))
          throw new Error(`${kind}: no records (the bench would measure nothing)`);
      }
      rows.push({
        adapter: label,
        records: String(n),
        query: kind,
        'p50 ms': fmt(percentile(times, 50)),
        'p95 ms': fmt(percentile(times, 95)),
      });
    }
    global.gc?.();
    return {
      rows,
      seed: `${label}: seeded ${n} records in ${seedSeconds.toFixed(0)} s (${fmt(n / seedSeconds)}/s); RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
    };
  } finally {
    await close();
  }
}
