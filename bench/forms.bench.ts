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
// 2. List queries over N records with indexes, per adapter (forms-list.ts): p50/p95 of the service's list
//    (row filter merged, records decrypted and shaped for the reader) for an equality filter with
//    the default order (through a declared list index, and through a plain equality index), the
//    default page, page 20 through cursors, a date range and amount ranges (sorted by amount or
//    newest first), full-text search and a blind-index search on an encrypted field. The records'
//    createdAt spreads over three years. Goals: p95 < 50 ms at 1,000,000 records, full text
//    < 100 ms.
//
// 1b. Record submissions over loopback HTTP from a second process (http-load.ts), BENCH_HTTP_N
//    (3000) with BENCH_HTTP_CONCURRENCY (32) in flight, per adapter: the API's throughput (goal
//    ≥ 1,000/s embedded), per wall second and per CPU-second of the server process (on a shared
//    machine the wall figure is mostly the other processes' share of the cores).
//
// 1c. Importing a CSV of BENCH_IMPORT_ROWS rows (10 000), dry run then commit, per adapter.
//
// Parts: BENCH_PARTS (default "validate,api,http,import,list"; e.g. "api" for the submissions alone).
// Sizes: BENCH_VALIDATE_N (20000 payloads), BENCH_API_N (300 submissions per adapter),
// BENCH_LIST_SIZES (records, default "100000"; e.g. "100000,1000000"), BENCH_LIST_SIZES_MONGODB
// (default: the same), BENCH_QUERIES (30 per kind; BENCH_QUERIES_MONGODB), BENCH_ADAPTERS
// ("embedded,mongodb").
// Needs scripts/services.sh up for MongoDB. FerretDB v1 (the test server) evaluates filters and
// sorts by reading every document of the collection, so its figures grow with N whatever the
// indexes; a real MongoDB uses them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { EmbeddedStore } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { keyringFromEnv } from '../engine/src/core/crypto/keyring.ts';
import { writeCsv } from '../engine/src/core/tabular/csv.ts';
import { ManualClock } from '../engine/src/ports/clock.ts';
import { createFormsAndRecords } from '../engine/src/services/records/index.ts';
import { expenseClaim } from '../tests/core/forms/fixtures.ts';
import { SESSION_COOKIE } from '../engine/src/http/plugins/auth.ts';
import { startApp } from '../tests/support/app-harness.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { buildBpmn, zeebe } from '../tests/support/bpmn-builder.ts';
import {
  as,
  openStore,
  opsPerWallAndCpuSecond,
  payload,
  percentile,
  syncOpsPerSecond,
} from './forms-fixtures.ts';
import { listQueries } from './forms-list.ts';
import { fmt, table } from './harness.ts';

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
const PARTS = new Set((process.env.BENCH_PARTS ?? 'validate,api,http,import,list').split(','));
const HTTP_N = Number(process.env.BENCH_HTTP_N ?? 3000);
const HTTP_CONCURRENCY = Number(process.env.BENCH_HTTP_CONCURRENCY ?? 32);
process.env.ENCRYPTION_KEY ??= `k-bench:${randomBytes(32).toString('base64')}`;

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

/** Logs in as admin and publishes the bench's expense claim form; the admin's client. */
async function publishBenchClaim(t: Awaited<ReturnType<typeof startApp>>) {
  const client = await t.client('admin');
  if ((await client.post('/api/forms', expenseClaim({ id: 'bench-claim' }))).status !== 201)
    throw new Error('form');
  if ((await client.post('/api/forms/bench-claim/publish', {})).status !== 200) throw new Error('publish');
  return client;
}

/** Submissions per wall-clock second and per CPU-second of the process (medians of the rounds). */
interface ApiRates {
  record: number;
  catalogue: number;
  recordPerCpuSecond: number;
  cataloguePerCpuSecond: number;
}

/** Record submissions (POST /api/records) and catalogue submissions (record + flow), per second. */
async function apiSubmissions(mode: 'embedded' | 'distributed'): Promise<ApiRates> {
  const t = await startApp(mode);
  try {
    const client = await publishBenchClaim(t);
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
    const record: Array<{ wall: number; cpu: number }> = [];
    const catalogue: Array<{ wall: number; cpu: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      record.push(await opsPerWallAndCpuSecond(size, (i) => submitRecord(round * size + i)));
      catalogue.push(await opsPerWallAndCpuSecond(size, (i) => submitRequest(round * size + i)));
    }
    const median = (xs: Array<{ wall: number; cpu: number }>, k: 'wall' | 'cpu') =>
      percentile(
        xs.map((x) => x[k]),
        50,
      );
    return {
      record: median(record, 'wall'),
      catalogue: median(catalogue, 'wall'),
      recordPerCpuSecond: median(record, 'cpu'),
      cataloguePerCpuSecond: median(catalogue, 'cpu'),
    };
  } finally {
    await t.close();
  }
}

/**
 * Record submissions over real HTTP on loopback: the app listens on 127.0.0.1 and a second
 * process (http-load.ts) keeps BENCH_HTTP_CONCURRENCY requests in flight. Submissions per second.
 */
async function httpSubmissions(mode: 'embedded' | 'distributed'): Promise<{ wall: number; cpu: number }> {
  const t = await startApp(mode);
  try {
    const client = await publishBenchClaim(t);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const load = async (n: number, offset: number): Promise<{ count: number; ms: number }> => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', new URL('./http-load.ts', import.meta.url).pathname],
        {
          env: {
            ...process.env,
            LOAD_URL: `${address}/api/records/bench-claim`,
            LOAD_COOKIE: `${SESSION_COOKIE}=${client.cookie}`,
            LOAD_N: String(n),
            LOAD_OFFSET: String(offset),
            LOAD_CONCURRENCY: String(HTTP_CONCURRENCY),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      if (code !== 0) throw new Error(`http-load exited with ${code}`);
      const result = JSON.parse(out.trim().split('\n').pop()!) as {
        count: number;
        ms: number;
        statuses: object;
      };
      const bad = Object.keys(result.statuses).filter((s) => s !== '201' && s !== '422');
      if (bad.length) throw new Error(`unexpected statuses ${JSON.stringify(result.statuses)}`);
      return result;
    };
    await load(200, 0); // warm-up
    // This process is the server alone (the load comes from the child): its CPU is the API's.
    const cpu0 = process.cpuUsage();
    const { count, ms } = await load(HTTP_N, 1000);
    const cpu = process.cpuUsage(cpu0);
    return { wall: (count / ms) * 1000, cpu: count / ((cpu.user + cpu.system) / 1e6) };
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

// ---- run ------------------------------------------------------------------------------------------

let v: Record<string, number> = {};
if (PARTS.has('validate')) {
  console.log(`validating ${VALIDATE_N} payloads…`);
  v = await validation();
}
const api: Record<string, ApiRates> = {};
if (PARTS.has('api'))
  for (const adapter of ADAPTERS) {
    console.log(`${API_N} record and ${API_N} catalogue submissions through the API (${adapter})…`);
    api[adapter] = await apiSubmissions(adapter === 'embedded' ? 'embedded' : 'distributed');
  }
const http: Record<string, { wall: number; cpu: number }> = {};
if (PARTS.has('http'))
  for (const adapter of ADAPTERS) {
    console.log(
      `${HTTP_N} record submissions over loopback HTTP, ${HTTP_CONCURRENCY} in flight (${adapter})…`,
    );
    http[adapter] = await httpSubmissions(adapter === 'embedded' ? 'embedded' : 'distributed');
    console.log(
      `  ${adapter}: ${fmt(http[adapter].wall)} submissions/s, ${fmt(http[adapter].cpu)} per CPU-second ` +
        `of the server (load average ${loadavg()[0]!.toFixed(1)})`,
    );
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
  console.log(
    '\nWhole submissions through the HTTP API (per wall second and per CPU-second of the process; ' +
      `baseline: the record submission; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  table(
    Object.entries(api).flatMap(([adapter, ops]) => [
      {
        submission: `record (POST /api/records), ${adapter}`,
        'ops/s': fmt(ops.record),
        'ops/CPU-s': fmt(ops.recordPerCpuSecond),
        'vs record': '100%',
      },
      {
        submission: `catalogue request (record + flow), ${adapter}`,
        'ops/s': fmt(ops.catalogue),
        'ops/CPU-s': fmt(ops.cataloguePerCpuSecond),
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
    const r = await listQueries(adapter, n, adapter === 'embedded' ? QUERIES : MONGO_QUERIES);
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
console.log(JSON.stringify({ validation: v, api, http, import: importRows, list: listRows }));
