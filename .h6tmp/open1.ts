import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
const name = process.argv[2]!;
const t0 = performance.now();
const store = new EmbeddedStore({ dir: '/tmp/forma-company-1' });
const n = await store.collection(name).count();
console.log(name, n, Math.round(performance.now() - t0), 'ms', Math.round(process.memoryUsage().rss / 2 ** 20), 'MiB');
await store.close();
