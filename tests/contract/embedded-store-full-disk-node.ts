// Child process of embedded-store-durability.test.ts, run with a file size limit (`ulimit -f 1`)
// so that the journal's write fails part-way, as on a full disk. Prints one JSON line: what each
// caller was told.
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';

const codeOf = (e: unknown): string => (e as { code?: string }).code ?? String(e);
const store = new EmbeddedStore({ dir: process.argv[2]! });
const col = store.collection('c');
const big = 'x'.repeat(700);
// Two lines of ~750 bytes in one batch: the first fits under the limit, the second is cut.
const writes = await Promise.allSettled([col.insert({ id: 'a', big }), col.insert({ id: 'b', big })]);
const after = async (op: () => Promise<unknown>): Promise<string> => op().then(() => 'ok', codeOf);
console.log(
  JSON.stringify({
    writes: writes.map((r) => (r.status === 'fulfilled' ? 'ok' : codeOf(r.reason))),
    read: await after(() => col.get('a')),
    write: await after(() => col.insert({ id: 'c' })),
  }),
);
