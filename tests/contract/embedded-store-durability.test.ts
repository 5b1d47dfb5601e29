// The embedded store's on-disk guarantees beyond the shared contract: data survives reopening,
// a torn final journal line is cut off, damage elsewhere is reported, one process per data dir.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { StoreCorruptionError } from '#engine/adapters/store/embedded/journal.ts';
import { DuplicateKeyError } from '#engine/ports/document-store.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('embedded store durability', () => {
  const dirs: Array<{ remove: () => void }> = [];
  const fresh = (): string => {
    const t = tempDir('durable');
    dirs.push(t);
    return t.dir;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });

  it('keeps documents, revisions, deletions and indexes across reopen', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir });
    const col = store.collection('things');
    await col.ensureIndex({ fields: [['code', 1]], unique: true });
    await col.insert({ id: 'a', code: 'A', n: 1 });
    await col.insert({ id: 'b', code: 'B', n: 1 });
    await col.update('a', 1, { set: { n: 2 } });
    await col.delete('b');
    await store.close();

    store = new EmbeddedStore({ dir });
    const again = store.collection('things');
    expect(await again.get('a')).toEqual({ id: 'a', rev: 2, code: 'A', n: 2 });
    expect(await again.get('b')).toBeNull();
    await expect(again.insert({ code: 'A' })).rejects.toBeInstanceOf(DuplicateKeyError);
    await store.close();
  });

  it('scans a journal it has not loaded, line by line, the latest version of each document', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir });
    const col = store.collection('big');
    for (let i = 0; i < 50; i++) await col.insert({ id: `d${i}`, data: 'x'.repeat(10_000) });
    await col.update('d7', 1, { set: { data: 'changed' } });
    await col.delete('d8');
    await store.close();
    appendFileSync(join(dir, 'big.jsonl'), '0badc0de {"t":"put","d":{"id":"torn"'); // a torn last line
    store = new EmbeddedStore({ dir });
    const seen = new Map<string, unknown>();
    for await (const d of store.scan('big')) seen.set(d.id, d.data);
    expect(seen.size).toBe(49);
    expect(seen.get('d7')).toBe('changed');
    expect(seen.has('d8')).toBe(false);
    await store.close();
  });

  it('replays a journal larger than one read, across the reads, cutting off a torn tail', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir });
    const col = store.collection('wide');
    // ≈20 MB: more than one 16 MB read, with documents straddling the boundary.
    for (let i = 0; i < 41; i++) await col.insert({ id: `w${i}`, text: String(i % 10).repeat(500_000) });
    await col.delete('w3');
    await store.close();
    appendFileSync(join(dir, 'wide.jsonl'), '00000000 {"t":"put"'); // torn
    store = new EmbeddedStore({ dir });
    const again = store.collection('wide');
    expect(await again.count()).toBe(40);
    expect((await again.get('w40'))?.text).toBe('0'.repeat(500_000));
    expect(readFileSync(join(dir, 'wide.jsonl'), 'utf8').endsWith('\n')).toBe(true);
    await store.close();
  });

  it('compacts a journal into a snapshot without losing anything', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir });
    const col = store.collection('hot');
    await col.insert({ id: 'counter', n: 0 });
    for (let rev = 1; rev <= 12_000; rev++) await col.update('counter', rev, { set: { n: rev } });
    const lines = readFileSync(join(dir, 'hot.jsonl'), 'utf8').trim().split('\n').length;
    expect(lines).toBeLessThan(12_000); // compaction ran
    await store.close();
    store = new EmbeddedStore({ dir });
    expect(await store.collection('hot').get('counter')).toEqual({ id: 'counter', rev: 12_001, n: 12_000 });
    await store.close();
  });

  it('writes the lines of one turn together, acknowledges each only once it is in the file', async () => {
    const dir = fresh();
    const store = new EmbeddedStore({ dir });
    const col = store.collection<{ n: number }>('batch');
    const file = join(dir, 'batch.jsonl');
    const lines = (): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
    await col.insert({ id: 'first', n: 0 });
    // Writes issued together: in memory at once, in the file when the turn ends, acknowledged then.
    const acked: string[] = [];
    const writes = [
      ...['a', 'b', 'c'].map((id) => col.insert({ id, n: 1 }).then(() => acked.push(id))),
      col.update('first', 1, { set: { n: 1 } }).then(() => acked.push('first')),
    ];
    expect(lines()).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines()).toHaveLength(5);
    await Promise.all(writes);
    expect(acked.sort()).toEqual(['a', 'b', 'c', 'first']);
    // A read that would see a pending write writes it first: what a caller sees is in the file.
    const pending = col.insert({ id: 'd', n: 2 });
    expect(lines()).toHaveLength(5);
    expect(await col.get('d')).toEqual({ id: 'd', rev: 1, n: 2 });
    expect(lines()).toHaveLength(6);
    await pending;
    const unrelated = col.update('a', 1, { set: { n: 3 } });
    expect(await col.get('b')).toEqual({ id: 'b', rev: 1, n: 1 }); // nothing pending for it
    expect(lines()).toHaveLength(6);
    expect((await col.find({ n: 3 })).items.map((d) => d.id)).toEqual(['a']); // a query writes first
    expect(lines()).toHaveLength(7);
    await unrelated;
    // A store closed with lines pending writes them before it lets go of the file.
    const last = col.insert({ id: 'e', n: 4 });
    await store.close();
    await last;
    const again = new EmbeddedStore({ dir });
    expect(await again.collection('batch').count()).toBe(6);
    await again.close();
  });

  it('refuses everything once a journal write failed, and reopens from what the file holds', async () => {
    const dir = fresh();
    // A file size limit makes the write fail part-way, as a full disk does (SIGXFSZ ignored).
    const node = new URL('./embedded-store-full-disk-node.ts', import.meta.url).pathname;
    const out = execFileSync(
      'bash',
      ['-c', `trap '' XFSZ; ulimit -f 1; exec "$0" --import tsx "$1" "$2"`, process.execPath, node, dir],
      {
        encoding: 'utf8',
      },
    );
    // Memory was ahead of the file: both writers are told, and nothing is served any more.
    expect(JSON.parse(out)).toEqual({
      writes: ['STORE_FAILED', 'STORE_FAILED'],
      read: 'STORE_FAILED',
      write: 'STORE_FAILED',
    });
    // Reopened, the store holds what reached the file: the complete line, without the torn one.
    const store = new EmbeddedStore({ dir });
    const ids = (await store.collection('c').find({})).items.map((d) => d.id);
    expect(ids).toEqual(['a']);
    await store.close();
  });

  it('cuts off a torn final line and keeps every complete one', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir });
    await store.collection('c').insertMany([{ id: '1' }, { id: '2' }]);
    await store.close();
    appendFileSync(join(dir, 'c.jsonl'), '0badc0de {"t":"put","d":{"id":"3"');
    store = new EmbeddedStore({ dir });
    const col = store.collection('c');
    expect(await col.count()).toBe(2);
    await col.insert({ id: '3' }); // the journal is writable again after the cut
    await store.close();
    store = new EmbeddedStore({ dir });
    expect((await store.collection('c').find({}, { sort: [['id', 1]] })).items.map((d) => d.id)).toEqual([
      '1',
      '2',
      '3',
    ]);
    await store.close();
  });

  it('reports damage in the middle of a journal instead of dropping data', async () => {
    const dir = fresh();
    let store = new EmbeddedStore({ dir });
    await store.collection('c').insertMany([{ id: '1', v: 'x' }, { id: '2' }, { id: '3' }]);
    await store.close();
    const file = join(dir, 'c.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"v":"x"', '"v":"y"'));
    store = new EmbeddedStore({ dir });
    expect(() => store.collection('c')).toThrow(StoreCorruptionError);
    await store.close();
  });

  it('refuses a data directory another live process holds', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'LOCK'), String(process.ppid));
    expect(() => new EmbeddedStore({ dir })).toThrow(/in use by process/);
    writeFileSync(join(dir, 'LOCK'), '999999999'); // a dead process: taken over
    const store = new EmbeddedStore({ dir });
    await store.close();
  });
});
