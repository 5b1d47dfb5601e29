import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
const store = new EmbeddedStore({ dir: '/tmp/h6-prof' });
const col = store.collection<Record<string, unknown>>('c');
await col.count();
const t = performance.now();
for (let i = 0; i < 200; i++) await col.find({ deleted: false, 'num.total': { $gte: 200 }, $and: [{ 'num.total': { $lt: 260 } }] }, { sort: [['createdAt', -1]], limit: 51 });
console.log((performance.now() - t) / 200);
await store.close();
