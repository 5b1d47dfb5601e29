import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
const store = new EmbeddedStore({ dir: '/tmp/h6-prof' });
const col = store.collection<Record<string, unknown>>('c');
const N = Number(process.env.N ?? 100000);
if ((await col.count()) === 0) {
  await col.ensureIndex({ fields: [['deleted', 1], ['createdAt', -1]], ordered: true });
  await col.ensureIndex({ fields: [['deleted', 1], ['num.total', 1]], ordered: true });
  const docs = [];
  for (let i = 0; i < N; i++) {
    docs.push({ id: `r${String(i).padStart(8, '0')}`, deleted: false, createdAt: new Date(1.6e12 + i * 60000).toISOString(), num: { total: (i * 7919) % 10000 }, title: 'x'.repeat(200), search: Array.from({length: 20}, (_, j) => `t${(i * j) % 1000}`) });
    if (docs.length === 5000) { await col.insertMany(docs); docs.length = 0; }
  }
}
const time = async (label: string, f: () => Promise<unknown>) => {
  const ts: number[] = [];
  for (let i = 0; i < 20; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  console.log(label, ts[10]!.toFixed(2), ts[18]!.toFixed(2));
};
await time('amount range newest', () => col.find({ deleted: false, 'num.total': { $gte: 200 }, $and: [{ 'num.total': { $lt: 260 } }] }, { sort: [['createdAt', -1]], limit: 51 }));
await time('amount range by amount', () => col.find({ deleted: false, 'num.total': { $gte: 200 }, $and: [{ 'num.total': { $lt: 260 } }] }, { sort: [['num.total', -1]], limit: 51 }));
await time('first page', () => col.find({ deleted: false }, { sort: [['createdAt', -1]], limit: 51 }));
await store.close();
