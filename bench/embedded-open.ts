// Child process of bench/embedded-scale.bench.ts: opens an embedded data directory cold (a fresh
// process) and reports, as one JSON line, how long opening every collection took (ready to read
// and write), how long until their indexes were filled in the background, the memory held, and a
// few reads each part of the platform makes.
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';

const dir = process.argv[2] as string;
const mib = (n: number): number => Math.round(n / 2 ** 20);
const t0 = performance.now();
const store = new EmbeddedStore({ dir });
const names = await store.listCollections();
const docs: Record<string, number> = {};
for (const name of names) docs[name] = await store.collection(name).count();
const openMs = performance.now() - t0;
// CPU time too: on a shared machine the wall time also counts the other processes' turns.
const openCpuMs = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
// Indexes fill in the background once a collection is open; the reads below wait for them.
await store.indexesReady();
const indexedMs = performance.now() - t0;
const indexedCpuMs = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
global.gc?.();
const afterOpen = process.memoryUsage();

const timings: Record<string, number[]> = {};
async function time(label: string, run: (i: number) => Promise<unknown>, n = 20): Promise<void> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run(i);
    out.push(performance.now() - t);
  }
  timings[label] = out.sort((a, b) => a - b);
}
const claims = store.collection('records.crm-activity');
const history = store.collection('record_history');
const audit = store.collection('audit');
const vouchers = store.collection('ledger_vouchers');
const tasks = store.collection('tasks');
const n = docs['records.crm-activity'] ?? 1;
await time('records: first page, newest first', () =>
  claims.find({ deleted: false }, { sort: [['createdAt', -1]], limit: 51 }),
);
await time('records: one record and its history', async (i) => {
  const id = `crm-activity-${String((i * 7919) % n).padStart(7, '0')}`;
  await claims.get(id);
  await history.find({ recordId: id }, { sort: [['recordRev', 1]] });
});
await time('audit: latest page', () => audit.find({}, { sort: [['id', -1]], limit: 51 }));
await time('audit: one user, latest page', (i) =>
  audit.find({ 'actor.userId': `u${String(i % 100).padStart(3, '0')}` }, { sort: [['id', -1]], limit: 51 }),
);
await time('ledger: vouchers of a period', (i) =>
  vouchers.find({ book: 'main', period: `2024-${String(1 + (i % 12)).padStart(2, '0')}` }, { limit: 200 }),
);
await time('inbox: open tasks of a user', (i) =>
  tasks.find({ state: 'open', assignee: `u${String(i % 100).padStart(3, '0')}` }, { limit: 50 }),
);
global.gc?.();
const afterReads = process.memoryUsage();
const pct = (xs: number[], p: number): number =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
await store.close();
console.log(
  JSON.stringify({
    openMs: Math.round(openMs),
    openCpuMs: Math.round(openCpuMs),
    indexedMs: Math.round(indexedMs),
    indexedCpuMs: Math.round(indexedCpuMs),
    documents: Object.values(docs).reduce((a, b) => a + b, 0),
    collections: names.length,
    rssMiB: mib(afterOpen.rss),
    heapMiB: mib(afterOpen.heapUsed),
    rssAfterReadsMiB: mib(afterReads.rss),
    reads: Object.fromEntries(
      Object.entries(timings).map(([k, xs]) => [
        k,
        { p50: +pct(xs, 50).toFixed(2), p95: +pct(xs, 95).toFixed(2) },
      ]),
    ),
  }),
);
