// SIGKILL a process that writes to the embedded store as fast as it can, at random moments, three
// times in a row: every write it acknowledged must be there afterwards, intact, and the store must
// open cleanly each time.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { onLines, spawnTs } from '../support/child.ts';
import { tempDir } from '../support/temp-dir.ts';

const writer = join(import.meta.dirname, 'fixtures', 'embedded-writer.ts');

describe('embedded store under SIGKILL', () => {
  it('loses no acknowledged write and never corrupts', async () => {
    const tmp = tempDir('crash');
    try {
      let next = 0;
      let lastAckedRev = 0;
      const acked = new Set<number>();
      for (let round = 0; round < 3; round++) {
        const killAfter = 200 + Math.floor(Math.random() * 1500);
        const child = spawnTs(writer, [tmp.dir, String(next)]);
        let count = 0;
        const exited = onLines(child, (line) => {
          const [, i, rev] = line.split(' ');
          acked.add(Number(i));
          lastAckedRev = Number(rev);
          if (++count === killAfter) child.kill('SIGKILL');
        });
        expect(await exited).toBeNull(); // killed by the signal, not exited on its own

        const store = new EmbeddedStore({ dir: tmp.dir });
        const docs = store.collection<{ i: number; payload: string; size: number }>('docs');
        for (const i of acked) {
          const doc = await docs.get(`d${i}`);
          expect(doc, `acknowledged d${i}`).not.toBeNull();
          expect(doc!.payload.length).toBe(doc!.size);
        }
        const counter = await store.collection<{ n: number }>('meta').get('counter');
        expect(counter!.rev).toBeGreaterThanOrEqual(lastAckedRev);
        // The next round continues after whatever made it to disk.
        next = (await docs.count()) + 1000 * (round + 1);
        await store.close();
      }
      expect(acked.size).toBeGreaterThan(600);
    } finally {
      tmp.remove();
    }
  });
});
