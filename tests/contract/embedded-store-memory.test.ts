// The embedded store keeps documents in memory only within its budget (cacheBytes): past it they
// are read back from their journal. Reads, queries, updates, compaction and reopening give the
// same answers with a budget of a few documents, and journals written in shapes this version does
// not write itself (members in another order, a torn tail) still open.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const line = (op: unknown): string => {
  const json = JSON.stringify(op);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
};

describe('embedded store memory budget', () => {
  const dirs: Array<{ remove: () => void }> = [];
  const fresh = (): string => {
    const t = tempDir('memory');
    dirs.push(t);
    return t.dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });

  it('serves every read from the journal past a tiny budget, through updates and compaction', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir, cacheBytes: 2_000 });
    const col = store.collection<{ n: number; tag: string; body: string }>('big');
    await col.ensureIndex({ fields: [['tag', 1]] });
    await col.ensureIndex({ fields: [['n', -1]], ordered: true });
    const body = '文'.repeat(200);
    for (let i = 0; i < 300; i++) await col.insert({ id: `d${i}`, n: i, tag: `t${i % 7}`, body });
    expect(store.cachedBytes).toBeLessThanOrEqual(2_000);
    for (let i = 0; i < 300; i += 2) await col.update(`d${i}`, 1, { set: { n: 1000 + i } });
    await col.deleteMany({ tag: 't3' });
    (store as unknown as { compactAll(): void }).compactAll();
    const check = async (): Promise<void> => {
      expect(await store.collection('big').count()).toBe(300 - 43);
      expect(await store.collection('big').get('d4')).toMatchObject({ rev: 2, n: 1004, body });
      const top = await store.collection('big').find({ tag: 't1' }, { sort: [['n', -1]], limit: 3 });
      expect(top.items.map((d) => d.id)).toEqual(['d288', 'd274', 'd260']);
    };
    await check();
    await store.close();
    store = new EmbeddedStore({ dir, cacheBytes: 2_000 });
    await check();
    expect(store.cachedBytes).toBeLessThanOrEqual(2_000);
    await store.close();
  });

  it('fills indexes in the background after opening; writes meanwhile stay indexed', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir, cacheBytes: 50_000 });
    const seed = Array.from({ length: 9_000 }, (_, i) => ({ id: `d${i}`, n: i % 997, tag: `t${i % 13}` }));
    for (const name of ['indexed', 'plain']) await store.collection(name).insertMany(seed);
    const indexed = store.collection('indexed');
    await indexed.ensureIndex({ fields: [['tag', 1]] });
    await indexed.ensureIndex({ fields: [['n', -1]], ordered: true });
    await indexed.ensureIndex({
      fields: [
        ['tag', 1],
        ['n', 1],
      ],
      ordered: true,
    });
    await store.close();

    store = new EmbeddedStore({ dir, cacheBytes: 50_000 });
    const cols = ['indexed', 'plain'].map((name) => store.collection<{ n: number; tag: string }>(name));
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    // Writes interleaved with the build's slices: before, during and after it reaches them.
    for (let round = 0; round < 40; round++) {
      for (const col of cols) {
        const a = `d${(round * 211) % 9_000}`;
        const doc = await col.get(a);
        if (doc) await col.update(a, doc.rev, { set: { n: 5_000 + round, tag: `t${round % 5}` } });
        await col.delete(`d${(round * 97 + 13) % 9_000}`);
        await col.insert({ id: `new${round}`, n: round * 3, tag: `t${round % 13}` });
      }
      await tick();
    }
    const same = async (): Promise<void> => {
      for (const [filter, sort] of [
        [{ tag: 't3' }, [['n', -1]]],
        [{ n: { $gte: 990 } }, [['n', -1]]],
        [{ tag: 't1', n: { $lt: 40 } }, [['n', 1]]],
        [{}, [['n', -1]]],
      ] as const) {
        const [a, b] = await Promise.all(cols.map((c) => c.find(filter, { sort, limit: 40 })));
        expect(a!.items).toEqual(b!.items);
        expect(await cols[0]!.count(filter)).toBe(await cols[1]!.count(filter));
      }
    };
    await same();
    await store.indexesReady();
    await same();
    await store.close();
  });

  it('opens journals whose documents list id and rev elsewhere, and cuts a torn tail', async () => {
    const dir = fresh();
    const file = join(dir, 'old.jsonl');
    writeFileSync(
      file,
      line({ t: 'idx', spec: { fields: [['k', 1]], name: 'k_1' } }) +
        line({ t: 'put', d: { k: 'x', id: 'a', rev: 3 } }) +
        line({ t: 'put', d: { id: 'b', rev: 1, k: 'y' } }) +
        line({ t: 'put', d: { id: 'c"q', k: 'y', rev: 2 } }) +
        line({ t: 'put', d: { id: 'e', k: 'z', n: { rev: 9 } } }),
    );
    appendFileSync(file, '0badc0de {"t":"put","d":{"id":"torn"');
    const store = new EmbeddedStore({ dir, cacheBytes: 0 });
    const col = store.collection<{ k: string }>('old');
    expect(await col.get('a')).toEqual({ id: 'a', rev: 3, k: 'x' });
    expect(await col.get('b')).toEqual({ id: 'b', rev: 1, k: 'y' });
    expect((await col.find({ k: 'y' }, { sort: [['id', 1]] })).items.map((d) => d.id)).toEqual(['b', 'c"q']);
    expect(await col.get('torn')).toBeNull();
    expect((await col.update('a', 3, { set: { k: 'w' } })).rev).toBe(4);
    expect(await col.count({ k: 'w' })).toBe(1);
    await store.close();
  });
});
