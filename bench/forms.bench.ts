// Forms and records, measured in one run:
//
// 1. Validation throughput on the same payloads (an expense claim with line items, 10% invalid):
//    raw compiled ajv (the baseline) vs the platform's validation as a request uses it (the
//    compiled version from the per-version cache, validation, localized errors) — the goal is
//    ≥ 90% of raw — then prepare + validate (defaults, canonical values, computed FEEL fields),
//    and whole submissions through the HTTP API (session, access, validation, encryption,
//    store write, history, audit) per adapter; then catalogue submissions through the API (the same
//    record, and the entry's approval flow started with it), measured in the same app against the
//    plain record submission as their baseline.
// 2. List queries over N records with indexes, per adapter: p50/p95 of the service's list
//    (row filter merged, records decrypted and shaped for the reader) for an equality filter with
//    the default order (through a declared list index, and through a plain equality index), the
//    default page, page 20 through cursors, a date range and amount ranges (sorted by amount or
//    newest first), full-text search and a blind-index search on an encrypted field. The records'
//    createdAt spreads over three years. Goals: p95 < 50 ms at 1,000,000 records, full text
//    < 100 ms.
//
// 1c. Importing a CSV of BENCH_IMPORT_ROWS rows (10 000), dry run then commit, per adapter.
//
// Parts: BENCH_PARTS (default "validate,api,import,list"; e.g. "api" for the submissions alone).
// Sizes: BENCH_VALIDATE_N (20000 payloads), BENCH_API_N (300 submissions per adapter),
// BENCH_LIST_SIZES (records, default "100000"; e.g. "100000,1000000"), BENCH_LIST_SIZES_MONGODB
// (default: the same), BENCH_QUERIES (30 per kind; BENCH_QUERIES_MONGODB), BENCH_ADAPTERS
// ("embedded,mongodb").
// Needs scripts/services.sh up for MongoDB. FerretDB v1 (the test server) evaluates filters and
// sorts by reading every document of the collection, so its figures grow with N whatever the
// indexes; a real MongoDB uses them.
import { randomBytes } from 'node:crypto';
import { EmbeddedStore } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '../engine/src/adapters/store/mongodb/mongo-store.ts';
import { keyringFromEnv } from '../engine/src/core/crypto/keyring.ts';
import { titleTokens } from '../engine/src/core/forms/search-tokens.ts';
import { writeCsv } from '../engine/src/core/tabular/csv.ts';
import type { Principal } from '../engine/src/core/permissions/access.ts';
import type { Action } from '../engine/src/core/permissions/resolve.ts';
import { ManualClock } from '../engine/src/ports/clock.ts';
import type { DocumentStore } from '../engine/src/ports/document-store.ts';
import { decide, type DecidedActor } from '../engine/src/core/actor.ts';
import { createFormsAndRecords } from '../engine/src/services/records/index.ts';
import { claimData, expenseClaim } from '../tests/core/forms/fixtures.ts';
import { startApp } from '../tests/support/app-harness.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { buildBpmn, zeebe } from '../tests/support/bpmn-builder.ts';
import { fmt, mongodbUrl, table, uniqueNamespace } from './harness.ts';

const VALIDATE_N = Number(process.env.BENCH_VALIDATE_N ?? 20_000);
const API_N = Number(process.env.BENCH_API_N ?? 300);
const LIST_SIZES = (process.env.BENCH_LIST_SIZES ?? '100000').split(',').map(Number);
/** FerretDB scans every document of a collection for each query: smaller sizes keep runs finite. */
const MONGO_LIST_SIZES = (process.env.BENCH_LIST_SIZES_MONGODB ?? process.env.BENCH_LIST_SIZES ?? '100000')
  .split(',')
  .map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 30);
const MONGO_QUERIES = Number(process.env.BENCH_QUERIES_MONGODB ?? QUERIES);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const ADAPTERS = (process.env.BENCH_ADAPTERS ?? 'embedded,mongodb').split(',').filter(Boolean);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'validate,api,import,list').split(','));
process.env.ENCRYPTION_KEY ??= `k-bench:${randomBytes(32).toString('base64')}`;

const CITIES = Array.from({ length: 50 }, (_, i) => `City${i}`);
const WORDS = [
  'trip',
  'hotel',
  'taxi',
  'lunch',
  'dinner',
  'office',
  'printer',
  'paper',
  'flight',
  'train',
  '深圳',
  '北京',
  '会议',
  '培训',
];
const admin: Principal = {
  userId: 'bench',
  login: 'bench',
  roles: ['admin'],
  locale: 'en',
  grants: [{ resource: '*', actions: ['read', 'create', 'update', 'delete', 'export'] }],
};
const as = (resource: string, action: Action): DecidedActor => decide({ principal: admin }, resource, action);

function payload(i: number): Record<string, unknown> {
  const lines = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
    date: `2026-01-${String(1 + ((i + j) % 28)).padStart(2, '0')}`,
    quantity: 1 + ((i + j) % 4),
    unitPrice: `${1 + ((i * 7 + j * 13) % 900)}.${String(i % 100).padStart(2, '0')}`,
  }));
  const data = claimData({
    title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
    category: ['travel', 'meals', 'office'][i % 3],
    phone: `13${String(100_000_000 + ((i * 7919) % 900_000_000)).padStart(9, '0')}`,
    payee: { name: `Payee ${i % 500}`, city: CITIES[i % CITIES.length] },
    lines,
  });
  if (i % 10 === 9) data.phone = '12345'; // 10% invalid
  return data;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function opsPerSecond(n: number, run: (i: number) => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run(i);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

function syncOpsPerSecond(n: number, run: (i: number) => unknown): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run(i);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function openStore(
  adapter: string,
): Promise<{ store: DocumentStore; close: () => Promise<void>; label: string }> {
  if (adapter === 'embedded') {
    const tmp = tempDir('bench-forms');
    const store = new EmbeddedStore({ dir: tmp.dir });
    return { store, label: 'embedded', close: async () => (await store.close(), tmp.remove()) };
  }
  const mongo = await MongoStore.connect({ url: mongodbUrl(), dbName: uniqueNamespace('benchforms') });
  return {
    store: mongo,
    label: `mongodb (${(await mongo.describeServer()).label})`,
    close: async () => (await mongo.dropDatabase(), await mongo.close()),
  };
}

// ---- 1. validation -------------------------------------------------------------------------------

async function validation(): Promise<Record<string, number>> {
  const tmp = tempDir('bench-validate');
  const store = new EmbeddedStore({ dir: tmp.dir });
  const s = createFormsAndRecords({
    store,
    clock: new ManualClock(),
    keyring: keyringFromEnv(process.env.ENCRYPTION_KEY as string),
  });
  await s.init();
  await s.forms.publishDefinition(as('forms', 'update'), expenseClaim());
  const form = await s.forms.compiled('expense-claim', 1);
  const raws = Array.from({ length: VALIDATE_N }, (_, i) => payload(i));
  const prepared = raws.map((p) => form.prepare(p).data);
  // What a request does once it knows the version: the compiled form from the per-version cache,
  // validation, and localized errors for an invalid payload.
  const raw = () => syncOpsPerSecond(VALIDATE_N, (i) => form.validateFn(prepared[i]));
  const platform = () =>
    syncOpsPerSecond(VALIDATE_N, (i) =>
      (s.forms.compiler.cached('expense-claim', 1) ?? form).validate(prepared[i]),
    );
  const full = () => syncOpsPerSecond(VALIDATE_N, (i) => form.check(raws[i]));
  // Rounds alternate between the paths so that a busy machine slows them alike; medians reported.
  const runs: Record<string, number[]> = { raw: [], platform: [], 'prepare+validate': [] };
  for (let round = 0; round < 7; round++) {
    runs.raw!.push(raw());
    runs.platform!.push(platform());
    runs['prepare+validate']!.push(full());
  }
  const median = (xs: number[]) => percentile(xs.slice(2), 50); // the first rounds warm the JIT up
  const out = {
    raw: median(runs.raw!),
    platform: median(runs.platform!),
    'prepare+validate': median(runs['prepare+validate']!),
  };
  await store.close();
  tmp.remove();
  return out;
}

// ---- 1b. whole submissions through the HTTP API -------------------------------------------------

/** Start → the requester's manager approves → end: a catalogue submission waits at the task. */
const approvalFlow = buildBpmn({
  id: 'bench-claim-approval',
  name: 'Bench claim approval',
  nodes: [
    { id: 'submitted', type: 'startEvent', at: [0, 0], ext: zeebe.form('bench-claim') },
    {
      id: 'managerApproval',
      type: 'userTask',
      name: 'Manager approval',
      at: [1, 0],
      ext: zeebe.assignee('=manager(requester)'),
    },
    { id: 'done', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'submitted', to: 'managerApproval' },
    { id: 'f2', from: 'managerApproval', to: 'done' },
  ],
});

/** Record submissions (POST /api/records) and catalogue submissions (record + flow), per second. */
async function apiSubmissions(
  mode: 'embedded' | 'distributed',
): Promise<{ record: number; catalogue: number }> {
  const t = await startApp(mode);
  try {
    const client = await t.client('admin');
    if ((await client.post('/api/forms', expenseClaim({ id: 'bench-claim' }))).status !== 201)
      throw new Error('form');
    if ((await client.post('/api/forms/bench-claim/publish', {})).status !== 200) throw new Error('publish');
    if ((await client.post('/api/flows', { xml: approvalFlow })).status !== 201) throw new Error('flow');
    const entry = await client.post('/api/catalogue/entries', {
      id: 'bench.claim',
      form: 'bench-claim',
      flow: 'bench-claim-approval',
      name: { en: 'Bench claim', 'zh-CN': '基准报销' },
    });
    if (entry.status !== 201) throw new Error(`entry ${entry.status} ${JSON.stringify(entry.body)}`);
    const submitRecord = async (i: number) => {
      const res = await client.post('/api/records/bench-claim', { data: payload(i) });
      if (res.status !== 201 && res.status !== 422)
        throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    };
    const submitRequest = async (i: number) => {
      const res = await client.post('/api/catalogue/bench.claim/submit', { data: payload(i) });
      if ((res.status !== 201 || !res.body.instanceId) && res.status !== 422)
        throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    };
    for (let i = 0; i < 20; i++) {
      await submitRecord(i * 10); // warm-up
      await submitRequest(i * 10);
    }
    // Rounds alternate between the two so that a busy machine slows both alike; medians reported.
    const ROUNDS = 6;
    const size = Math.ceil(API_N / ROUNDS);
    const record: number[] = [];
    const catalogue: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      record.push(await opsPerSecond(size, (i) => submitRecord(round * size + i)));
      catalogue.push(await opsPerSecond(size, (i) => submitRequest(round * size + i)));
    }
    return { record: percentile(record, 50), catalogue: percentile(catalogue, 50) };
  } finally {
    await t.close();
  }
}

// ---- 1c. a 10 000-row import ------------------------------------------------------------------------

async function importTiming(adapter: string): Promise<Record<string, string>> {
  const { store, close, label } = await openStore(adapter);
  try {
    const s = createFormsAndRecords({
      store,
      clock: new ManualClock(),
      keyring: keyringFromEnv(process.env.ENCRYPTION_KEY as string),
    });
    await s.init();
    await s.forms.publishDefinition(as('forms', 'update'), expenseClaim());
    const rows = [['Title', '类别', 'Phone', 'Lines', 'data.payee.city']];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const p = payload(i);
      rows.push([
        p.title as string,
        p.category as string,
        p.phone as string,
        JSON.stringify(p.lines),
        (p.payee as { city: string }).city,
      ]);
    }
    const file = { fileName: 'claims.csv', content: new TextEncoder().encode(writeCsv(rows)) };
    const actor = as('record:expense-claim', 'create');
    let t0 = performance.now();
    const dry = await s.importer.run(actor, 'expense-claim', file, { mode: 'dry-run' });
    const drySeconds = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const commit = await s.importer.run(actor, 'expense-claim', file, {
      mode: 'commit',
      policy: 'valid-rows-only',
    });
    const commitSeconds = (performance.now() - t0) / 1000;
    return {
      adapter: label,
      rows: String(IMPORT_ROWS),
      'dry run s': drySeconds.toFixed(1),
      'commit s': commitSeconds.toFixed(1),
      imported: String(commit.imported),
      'reported invalid': String(dry.invalidRows),
    };
  } finally {
    await close();
  }
}

// ---- 2. list queries ------------------------------------------------------------------------------

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

async function listQueries(adapter: string, n: number) {
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
      const count = adapter === 'embedded' ? QUERIES : MONGO_QUERIES;
      for (let i = 0; i < count; i++) {
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

// ---- run ------------------------------------------------------------------------------------------

let v: Record<string, number> = {};
if (PARTS.has('validate')) {
  console.log(`validating ${VALIDATE_N} payloads…`);
  v = await validation();
}
const api: Record<string, { record: number; catalogue: number }> = {};
if (PARTS.has('api'))
  for (const adapter of ADAPTERS) {
    console.log(`${API_N} record and ${API_N} catalogue submissions through the API (${adapter})…`);
    api[adapter] = await apiSubmissions(adapter === 'embedded' ? 'embedded' : 'distributed');
  }
if (PARTS.has('validate')) {
  console.log('\nValidation, same payloads (ops/s, higher is better; goal: platform ≥ 90% of raw ajv)');
  table([
    { path: 'raw compiled ajv (baseline)', 'ops/s': fmt(v.raw!), 'vs raw': '100%' },
    {
      path: 'platform validation (cached version, localized errors)',
      'ops/s': fmt(v.platform!),
      'vs raw': `${((100 * v.platform!) / v.raw!).toFixed(0)}%`,
    },
    {
      path: 'prepare + validate (defaults, computed FEEL)',
      'ops/s': fmt(v['prepare+validate']!),
      'vs raw': `${((100 * v['prepare+validate']!) / v.raw!).toFixed(0)}%`,
    },
  ]);
}
if (PARTS.has('api')) {
  console.log('\nWhole submissions through the HTTP API (per second; baseline: the record submission)');
  table(
    Object.entries(api).flatMap(([adapter, ops]) => [
      { submission: `record (POST /api/records), ${adapter}`, 'ops/s': fmt(ops.record), 'vs record': '100%' },
      {
        submission: `catalogue request (record + flow), ${adapter}`,
        'ops/s': fmt(ops.catalogue),
        'vs record': `${((100 * ops.catalogue) / ops.record).toFixed(0)}%`,
      },
    ]),
  );
}

const importRows: Array<Record<string, string>> = [];
for (const adapter of PARTS.has('import') ? ADAPTERS : []) {
  console.log(`\nimporting ${IMPORT_ROWS} rows (${adapter})…`);
  importRows.push(await importTiming(adapter));
}
if (importRows.length) {
  console.log(
    `\nImport of a ${IMPORT_ROWS}-row CSV (10% invalid rows): dry run, then commit of the valid rows`,
  );
  table(importRows);
}

const listRows: Array<Record<string, string>> = [];
const seeds: string[] = [];
for (const adapter of PARTS.has('list') ? ADAPTERS : [])
  for (const n of adapter === 'embedded' ? LIST_SIZES : MONGO_LIST_SIZES) {
    console.log(`\nlist queries over ${n} records (${adapter})…`);
    const r = await listQueries(adapter, n);
    listRows.push(...r.rows);
    seeds.push(r.seed);
  }
if (listRows.length) {
  console.log(
    `\nList queries through the records service (${QUERIES} queries per kind; mongodb ${MONGO_QUERIES})`,
  );
  table(listRows);
}
for (const s of seeds) console.log(s);
console.log(JSON.stringify({ validation: v, api, import: importRows, list: listRows }));
