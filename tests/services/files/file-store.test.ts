// Files in the blob store, in both run modes (embedded store + blobs on disk, MongoDB + GridFS):
// bytes never land in the document store; quotas per user and for everybody hold, also against
// uploads racing each other; a failed upload gives its reservation back; files stored the old way
// (base64 chunks in `file_chunks`) are moved into the blob store at start, checked against their
// SHA-256, and usage is counted for them.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdapters, type Adapters } from '#platform/adapters.ts';
import { AppError } from '#engine/core/errors.ts';
import { systemClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { FILE_CHUNKS, FileService, FILES } from '#engine/services/files/file-service.ts';
import { MODES, type Mode } from '#tests/support/app-harness.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '#tests/support/services.ts';
import { tempDir } from '#tests/support/temp-dir.ts';

const MB = 1024 * 1024;

async function open(mode: Mode): Promise<{ adapters: Adapters; close(): Promise<void> }> {
  const tmp = mode === 'embedded' ? tempDir('files') : null;
  const adapters = await openAdapters(
    mode === 'embedded'
      ? { mode, dataDir: tmp!.dir, embeddedFsync: false }
      : { mode, dataDir: '', mongodbUrl: mongodbUrl(), redisUrl: redisUrl(), embeddedFsync: false },
    { namespace: uniqueNamespace('files') },
  );
  return {
    adapters,
    async close() {
      const store = adapters.store as DocumentStore & { dropDatabase?: () => Promise<void> };
      if (mode === 'distributed') await store.dropDatabase?.();
      await adapters.close();
      tmp?.remove();
    },
  };
}

const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
};

describe.each(MODES)('files in the blob store (%s mode)', (mode) => {
  let site: Awaited<ReturnType<typeof open>>;
  let service: FileService;
  const limits = { maxFileBytes: MB, userQuotaBytes: 2 * MB, totalQuotaBytes: 3 * MB, minFreeBytes: 0 };

  beforeAll(async () => {
    site = await open(mode);
    service = new FileService({
      store: site.adapters.store,
      clock: systemClock,
      blobs: site.adapters.blobs,
      limits,
    });
    await service.init();
  }, 60_000);
  afterAll(() => site?.close());

  it('keeps the bytes in the blob store, the document in the store', async () => {
    const bytes = randomBytes(900_000);
    async function* streamed() {
      for (let i = 0; i < bytes.length; i += 100_000) yield bytes.subarray(i, i + 100_000);
    }
    const info = await service.store('ann', { name: 'scan.pdf', content: streamed() });
    expect(info).toMatchObject({ size: bytes.length, owner: 'ann' });
    expect((await service.read(info.id)).equals(bytes)).toBe(true);
    expect(await site.adapters.blobs.stat(info.id)).toEqual({ id: info.id, size: bytes.length });
    const doc = await site.adapters.store.collection(FILES).get(info.id);
    expect(JSON.stringify(doc).length).toBeLessThan(1000);
    expect(await site.adapters.store.listCollections()).not.toContain(FILE_CHUNKS);
    expect(await service.quota.of('ann')).toEqual({ bytes: bytes.length, files: 1 });
    await service.quota.release('ann', bytes.length, 1);
  });

  it('refuses a file over the size limit, streamed or whole, and gives the reservation back', async () => {
    async function* tooMuch() {
      for (let i = 0; i < 11; i++) yield randomBytes(100_000);
    }
    expect((await refusal(service.store('bob', { name: 'big.bin', content: tooMuch() }))).code).toBe(
      'FILE_TOO_LARGE',
    );
    expect(
      (await refusal(service.store('bob', { name: 'big.bin', content: randomBytes(MB + 1) }))).status,
    ).toBe(413);
    expect(await service.quota.of('bob')).toEqual({ bytes: 0, files: 0 });
  });

  it('holds the per-user quota, also against racing uploads, and the total quota', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        service.store('carl', { name: `c${i}.jpg`, content: randomBytes(600 * 1024) }),
      ),
    );
    const stored = attempts.filter((a) => a.status === 'fulfilled');
    expect(stored).toHaveLength(3); // 3 × 600 KB fit in 2 MB, a fourth does not
    const refused = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 413, code: 'FILE_QUOTA_EXCEEDED' });
    expect((refused.reason as AppError).messageZh).toMatch(/配额/);
    expect((await service.quota.of('carl')).bytes).toBe(3 * 600 * 1024);
    // Everybody together: 3 MB, of which carl uses 1.8.
    await service.store('dora', { name: 'd.jpg', content: randomBytes(MB) });
    const full = await refusal(service.store('erin', { name: 'e.jpg', content: randomBytes(500 * 1024) }));
    expect([full.status, full.code]).toEqual([413, 'FILE_STORAGE_FULL']);
    expect(await service.quota.of('erin')).toEqual({ bytes: 0, files: 0 });
  });

  it.runIf(mode === 'embedded')('stops uploads while the disk runs out of room', async () => {
    const cramped = new FileService({
      store: site.adapters.store,
      clock: systemClock,
      blobs: site.adapters.blobs,
      limits: { ...limits, minFreeBytes: Number.MAX_SAFE_INTEGER },
    });
    expect((await refusal(cramped.store('fay', { name: 'f.txt', content: Buffer.from('x') }))).code).toBe(
      'FILE_STORAGE_FULL',
    );
  });
});

describe.each(MODES)('files stored the old way (%s mode)', (mode) => {
  it('are moved into the blob store at start, checked, and counted', async () => {
    const site = await open(mode);
    try {
      const { store, blobs } = site.adapters;
      const good = randomBytes(1_300_000);
      const bad = randomBytes(1000);
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      const chunks = store.collection(FILE_CHUNKS);
      const files = store.collection(FILES);
      // As the old FileService wrote them: 512 KB chunks in base64, then the document.
      for (let n = 0; n * 524_288 < good.length; n++)
        await chunks.insert({
          id: `old1.${n}`,
          fileId: 'old1',
          n,
          data: good.subarray(n * 524_288, (n + 1) * 524_288).toString('base64'),
        });
      const base = { contentType: 'image/png', createdAt: '2026-01-01T00:00:00.000Z' };
      await files.insert({
        id: 'old1',
        name: 'a.png',
        size: good.length,
        sha256: sha(good),
        owner: 'ann',
        chunks: 3,
        ...base,
      });
      await chunks.insert({ id: 'old2.0', fileId: 'old2', n: 0, data: bad.toString('base64') });
      await files.insert({
        id: 'old2',
        name: 'b.png',
        size: 1000,
        sha256: sha(Buffer.from('other')),
        owner: 'ann',
        chunks: 1,
        ...base,
      });

      const service = new FileService({ store, clock: systemClock, blobs });
      await service.init();
      expect((await service.read('old1')).equals(good)).toBe(true);
      expect(await blobs.stat('old1')).toEqual({ id: 'old1', size: good.length });
      expect((await files.get('old1'))!.chunks).toBeUndefined();
      // Chunks that do not match the checksum: not moved, reported, answering 404.
      expect(await blobs.stat('old2')).toBeNull();
      expect((await files.get('old2'))!.failedMigration).toBe(true);
      await expect(service.read('old2')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      expect(await store.listCollections()).not.toContain(FILE_CHUNKS);
      expect(await service.quota.of('ann')).toEqual({ bytes: good.length + 1000, files: 2 });
      // A second start has nothing left to do.
      await new FileService({ store, clock: systemClock, blobs }).init();
      expect((await service.read('old1')).equals(good)).toBe(true);
    } finally {
      await site.close();
    }
  }, 60_000);
});
