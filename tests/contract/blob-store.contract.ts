// The BlobStore contract: one suite, run against every adapter (blob-store.test.ts). A behaviour
// that differs between the adapters fails here.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlobExistsError,
  BlobStoreError,
  BlobTooLargeError,
  type BlobStore,
} from '#engine/ports/blob-store.ts';

export interface BlobHarness {
  blobs: BlobStore;
  cleanup: () => Promise<void>;
}

async function* chunks(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(blobs: BlobStore, id: string): Promise<Buffer | null> {
  const stream = await blobs.open(id);
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function blobStoreContract(name: string, open: () => Promise<BlobHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let h: BlobHarness;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => h?.cleanup());

    it('stores bytes streamed in and gives them back streamed, with their size and SHA-256', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17); // several GridFS chunks, an odd tail
      const put = await h.blobs.put('big-one', chunks(bytes));
      expect(put).toEqual({ id: 'big-one', size: bytes.length, sha256: sha(bytes) });
      expect((await read(h.blobs, 'big-one'))!.equals(bytes)).toBe(true);
      expect(await h.blobs.stat('big-one')).toEqual({ id: 'big-one', size: bytes.length });
      const empty = await h.blobs.put('empty', chunks(Buffer.alloc(0)));
      expect(empty.size).toBe(0);
      expect((await read(h.blobs, 'empty'))!.length).toBe(0);
    });

    it('knows nothing of a missing blob', async () => {
      expect(await h.blobs.open('nothing-here')).toBeNull();
      expect(await h.blobs.stat('nothing-here')).toBeNull();
      expect(await h.blobs.delete('nothing-here')).toBe(false);
    });

    it('never changes a blob: a second put under its id fails and keeps the first', async () => {
      const first = Buffer.from('first version');
      await h.blobs.put('same-id', chunks(first));
      await expect(h.blobs.put('same-id', chunks(Buffer.from('second')))).rejects.toBeInstanceOf(
        BlobExistsError,
      );
      expect((await read(h.blobs, 'same-id'))!.equals(first)).toBe(true);
    });

    it('refuses more than maxBytes and keeps nothing; a failing source keeps nothing', async () => {
      const bytes = randomBytes(600 * 1024);
      await expect(h.blobs.put('too-big', chunks(bytes), { maxBytes: 500 * 1024 })).rejects.toBeInstanceOf(
        BlobTooLargeError,
      );
      expect(await h.blobs.stat('too-big')).toBeNull();
      async function* failing(): AsyncGenerator<Buffer> {
        yield randomBytes(300 * 1024);
        throw new Error('the client went away');
      }
      await expect(h.blobs.put('half', failing())).rejects.toThrow('the client went away');
      expect(await h.blobs.stat('half')).toBeNull();
      // The id is free again — on GridFS once the failed upload's last chunk write, still in flight
      // when it was aborted, has landed (the next upload of the id clears it).
      let stored: { size: number } | undefined;
      for (let attempt = 0; !stored; attempt++) {
        try {
          stored = await h.blobs.put('half', chunks(Buffer.from('whole')));
        } catch (e) {
          if (!(e instanceof BlobExistsError) || attempt >= 4) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      expect(stored.size).toBe(5);
    });

    it('refuses ids that are not safe names', async () => {
      for (const id of ['../escape', 'a/b', '.hidden', ''])
        await expect(h.blobs.put(id, chunks(Buffer.from('x')))).rejects.toBeInstanceOf(BlobStoreError);
    });

    it('deletes, and lists every blob', async () => {
      await h.blobs.put('to-delete', chunks(Buffer.from('bye')));
      expect(await h.blobs.delete('to-delete')).toBe(true);
      expect(await h.blobs.stat('to-delete')).toBeNull();
      const listed = [];
      for await (const b of h.blobs.list()) listed.push(b);
      expect(listed.map((b) => b.id).sort()).toEqual(['big-one', 'empty', 'half', 'same-id']);
      expect(listed.find((b) => b.id === 'half')).toEqual({ id: 'half', size: 5 });
      await h.blobs.ping();
      const free = await h.blobs.freeBytes();
      expect(free === null || free > 0).toBe(true);
    });
  });
}
