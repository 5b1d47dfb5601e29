// What services keep from rarely written collections (CollectionMemo) lives exactly as long as the
// collection is unchanged: the embedded store's change stamp moves with every kind of write and
// with none of the reads, and a store without one (MongoDB) gets no memo at all.
// Pure unit test: an embedded store in a temporary directory, no app.
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { CollectionMemo, deepFreeze } from '#engine/ports/collection-memo.ts';
import { tempDir } from '../support/temp-dir.ts';

const tmp = tempDir('collection-memo');
const store = new EmbeddedStore({ dir: tmp.dir });
afterAll(async () => {
  await store.close();
  tmp.remove();
});

describe('collection memo', () => {
  it('the embedded change stamp moves with every write and with no read', async () => {
    const col = store.collection<{ k: string; n?: number }>('stamped');
    const stamps = [col.changeStamp!()];
    const moved = () => {
      stamps.push(col.changeStamp!());
      return stamps.at(-1) !== stamps.at(-2);
    };
    const a = await col.insert({ id: 'a', k: 'x' });
    expect(moved()).toBe(true);
    await col.insertMany([{ id: 'b', k: 'y' }]);
    expect(moved()).toBe(true);
    await col.get('a');
    await col.find({ k: 'x' });
    await col.count();
    expect(moved()).toBe(false);
    const a2 = await col.replace('a', a.rev, { k: 'z' });
    expect(moved()).toBe(true);
    await col.update('a', a2.rev, { set: { n: 1 } });
    expect(moved()).toBe(true);
    await col.increment('a', { n: 1 });
    expect(moved()).toBe(true);
    await col.updateMany({ k: 'y' }, { set: { n: 5 } });
    expect(moved()).toBe(true);
    await col.delete('b');
    expect(moved()).toBe(true);
    await col.deleteMany({ k: 'z' });
    expect(moved()).toBe(true);
    await expect(
      col.insert({ id: 'c', k: 'q' }).then(() => col.insert({ id: 'c', k: 'q' })),
    ).rejects.toThrow();
    expect(moved()).toBe(true); // the first insert; the refused one changed nothing
    expect(moved()).toBe(false);
  });

  it('computes once while the collection is unchanged, afresh after a write', async () => {
    const col = store.collection<{ k: string }>('memoized');
    const memo = new CollectionMemo<number>(col);
    let computed = 0;
    const count = async () => (computed++, col.count());
    expect(await memo.get('all', count)).toBe(0);
    expect(await memo.get('all', count)).toBe(0);
    expect(computed).toBe(1);
    await col.insert({ k: 'x' });
    expect(await memo.get('all', count)).toBe(1);
    expect(await memo.get('all', count)).toBe(1);
    expect(computed).toBe(2);
    // A write while the value is computed: returned, not kept (it may predate the write).
    const racing = memo.get('racy', async () => {
      const n = await col.count();
      await col.insert({ k: 'y' });
      return n;
    });
    expect(await racing).toBe(1);
    expect(await memo.get('racy', count)).toBe(2);
    expect(computed).toBe(3);
  });

  it('without a change stamp (MongoDB), computes every time', async () => {
    const memo = new CollectionMemo<number>({});
    let computed = 0;
    await memo.get('k', async () => ++computed);
    expect(await memo.get('k', async () => ++computed)).toBe(2);
  });

  it('deepFreeze makes a shared value throw on mutation, at every level', () => {
    const roles = deepFreeze([{ id: 'r', permissions: [{ resource: 'x', actions: ['read'] }] }]);
    expect(() => roles[0]!.permissions[0]!.actions.push('delete')).toThrow(TypeError);
    expect(() => ((roles[0] as { id: string }).id = 'other')).toThrow(TypeError);
  });
});
