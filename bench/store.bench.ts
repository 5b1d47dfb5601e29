// DocumentStore throughput, both adapters side by side in one run: insert, get by id, find with
// an index (equality + sort + limit), revision-checked update. Sequential single client and 16
// concurrent clients. `BENCH_N` sets the number of documents (default 2000).
// Needs the services for the MongoDB adapter: bash scripts/services.sh up.
import { EmbeddedStore } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '../engine/src/adapters/store/mongodb/mongo-store.ts';
import type { DocumentStore } from '../engine/src/ports/document-store.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { fmt, mongodbUrl, table, timeOps, uniqueNamespace } from './harness.ts';

const N = Number(process.env.BENCH_N ?? 2000);
const DEPTS = 50;

async function measure(store: DocumentStore): Promise<Record<string, number>> {
  const col = store.collection<{ dept: string; amount: number; createdAt: string; note: string }>('bench');
  await col.ensureIndex({ fields: [['dept', 1]] });
  const doc = (i: number) => ({
    id: `r${i}`,
    dept: `d${i % DEPTS}`,
    amount: i % 997,
    createdAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    note: 'lorem ipsum dolor sit amet '.repeat(4),
  });
  const out: Record<string, number> = {};
  out.insert = await timeOps(N, (i) => col.insert(doc(i)));
  out.get = await timeOps(N, (i) => col.get(`r${(i * 7919) % N}`));
  out['get x16'] = await timeOps(N, (i) => col.get(`r${(i * 7919) % N}`), 16);
  const finds = 200;
  out['find-indexed'] = await timeOps(finds, (i) =>
    col.find({ dept: `d${i % DEPTS}` }, { sort: [['createdAt', -1]], limit: 20 }),
  );
  const revs = new Map<number, number>();
  out.update = await timeOps(N, async (i) => {
    const rev = revs.get(i) ?? 1;
    await col.update(`r${i}`, rev, { set: { amount: i + 1 } });
    revs.set(i, rev + 1);
  });
  return out;
}

const tmp = tempDir('bench-store');
const embedded = new EmbeddedStore({ dir: tmp.dir });
console.log('measuring embedded…');
const embeddedOps = await measure(embedded);
await embedded.close();
tmp.remove();

const ns = uniqueNamespace('bench');
const mongo = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
const server = (await mongo.describeServer()).label;
console.log(`measuring mongodb (${server})…`);
const mongoOps = await measure(mongo);
await mongo.dropDatabase();
await mongo.close();

console.log(`DocumentStore, ${N} documents; ops/s (higher is better); mongodb = ${server}`);
table(
  Object.keys(embeddedOps).map((op) => ({
    operation: op,
    embedded: fmt(embeddedOps[op]!),
    mongodb: fmt(mongoOps[op]!),
    'embedded/mongodb': `${(embeddedOps[op]! / mongoOps[op]!).toFixed(1)}x`,
  })),
);
console.log(JSON.stringify({ n: N, server, embedded: embeddedOps, mongodb: mongoOps }));
