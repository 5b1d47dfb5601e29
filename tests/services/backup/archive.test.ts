// The backup archive and the restore mechanics on real stores, in both run modes (and across
// them: an embedded backup restores into MongoDB and back): documents come back with their
// revisions and indexes; a foreign, damaged, truncated, tampered, newer or key-less file is
// refused with its reason and changes nothing; a restore interrupted half-way is finished by the
// next open; a staged restore can be dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { AppError } from '#engine/core/errors.ts';
import { systemClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { AuditLog } from '#engine/services/audit/audit-log.ts';
import { isBackedUp } from '#engine/services/backup/format.ts';
import { readBackup } from '#engine/services/backup/read-backup.ts';
import {
  applyPendingRestore,
  cancelPendingRestore,
  pendingRestore,
  restoreBackup,
  stageRestore,
  type KeyCheck,
} from '#engine/services/backup/restore.ts';
import { writeBackupFile } from '#engine/services/backup/write-backup.ts';
import { mongodbUrl, uniqueNamespace } from '#tests/support/services.ts';
import { tempDir } from '#tests/support/temp-dir.ts';

type Mode = 'embedded' | 'distributed';
const MODES: Mode[] = ['embedded', 'distributed'];

interface OpenStore {
  store: DocumentStore;
  close(): Promise<void>;
}

const dirs: { remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));

async function openStore(mode: Mode): Promise<OpenStore> {
  if (mode === 'embedded') {
    const tmp = tempDir('backup-store');
    dirs.push(tmp);
    const store = new EmbeddedStore({ dir: tmp.dir });
    return { store, close: () => store.close() };
  }
  const store = await MongoStore.connect({ url: mongodbUrl(), dbName: uniqueNamespace('backup') });
  return {
    store,
    async close() {
      await store.dropDatabase();
      await store.close();
    },
  };
}

const KEYS: KeyCheck = { available: ['k1'], hint: 'install them', hintZh: '请安装' };

/**
 * Every backed-up collection's documents, by id, and its indexes. FerretDB lists every unique
 * index as sparse (see MongoCollection.listIndexes): `loose` leaves that flag out of unique
 * indexes, to compare stores of different modes.
 */
async function snapshot(store: DocumentStore, loose = false): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of (await store.listCollections()).filter(isBackedUp)) {
    const col = store.collection(name);
    const docs = (await col.find({}, { sort: [['id', 1]] })).items;
    const indexes = (await col.listIndexes())
      .map(({ sparse, ...spec }) =>
        loose && spec.unique ? spec : { ...spec, ...(sparse ? { sparse } : {}) },
      )
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    if (docs.length || indexes.length) out[name] = { docs, indexes };
  }
  return out;
}

async function seed(store: DocumentStore): Promise<void> {
  const users = store.collection('users');
  await users.ensureIndex({ fields: [['login', 1]], unique: true });
  await users.insertMany([
    { id: 'wang.fang', login: 'wang.fang', displayName: 'Wang Fang', roles: ['employee'] },
    { id: 'li.lei', login: 'li.lei', displayName: '李雷', roles: ['employee', 'salesperson'] },
  ]);
  await users.update('li.lei', 1, { set: { displayName: 'Li Lei 李雷' } });
  const records = store.collection('records.claim');
  await records.ensureIndex({ fields: [['owner', 1]] });
  await records.ensureIndex({ fields: [['uniqueKey', 1]], unique: true, sparse: true });
  await records.insert({ id: 'r1', owner: 'wang.fang', data: { phone: 'enc:v1:k1:iv:ct', total: '12.50' } });
  await records.insert({ id: 'r2', owner: 'li.lei', data: { note: 'line\nbreak "quoted" \u2028 ✓' } });
  for (let rev = 1; rev < 4; rev++) await records.update('r1', rev, { set: { 'data.total': `${rev}0.00` } });
  await store.collection('flow_instances').insert({ id: 'i1', tokens: [{ id: 't1', at: 'review' }] });
  await store.collection('empty_with_index').ensureIndex({ fields: [['x', -1]], name: 'by_x' });
  await store.collection('sessions').insert({ id: 'token-hash', userId: 'wang.fang' });
  const audit = new AuditLog(store, systemClock);
  await audit.record({ action: 'user.create', resource: 'users', resourceId: 'wang.fang' });
}

async function expectRefused(promise: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).status).toBeLessThan(500);
  expect((error as AppError).messageZh).toMatch(/\p{Script=Han}/u);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

describe.each(MODES)('backup archive (%s mode)', (mode) => {
  let source: OpenStore;
  let file: string;
  let original: Record<string, unknown>;
  const work = tempDir('backup-files');
  dirs.push(work);
  const variant = (name: string, bytes: Buffer | string): string => {
    const path = join(work.dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const lines = (): string[] => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
  const regzip = (ls: string[]): Buffer => gzipSync(`${ls.join('\n')}\n`);

  beforeAll(async () => {
    source = await openStore(mode);
    await seed(source.store);
    original = await snapshot(source.store);
    file = join(work.dir, 'good.jsonl.gz');
    await writeBackupFile(source.store, file, { createdAt: '2026-03-01T08:00:00.000Z' });
  }, 60_000);
  afterAll(() => source?.close());

  it('holds every collection but sessions, with indexes, revisions and the key ids used', async () => {
    const summary = await readBackup(file);
    expect(summary).toMatchObject({ version: 2, createdAt: '2026-03-01T08:00:00.000Z', keyIds: ['k1'] });
    const names = summary.collections.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'records.claim', 'flow_instances', 'audit']));
    expect(names).toContain('empty_with_index');
    expect(names).not.toContain('sessions');
    expect(summary.collections.find((c) => c.name === 'records.claim')).toEqual({
      name: 'records.claim',
      count: 2,
      indexes: 2,
    });
    const r1 = lines()
      .map((l) => JSON.parse(l) as { t: string; d?: { id: string; rev: number } })
      .find((l) => l.t === 'doc' && l.d?.id === 'r1');
    expect(r1?.d?.rev).toBe(4);
    // The keys themselves are never in the file.
    expect(gunzipSync(readFileSync(file)).toString()).not.toMatch(/"keys"|material/);
  });

  it('restores into an empty store of either mode: the same documents, revisions and indexes', async () => {
    for (const targetMode of MODES) {
      const target = await openStore(targetMode);
      try {
        await target.store.collection('stale').insert({ id: 'gone' });
        await target.store.collection('sessions').insert({ id: 'old-session' });
        const plan = await restoreBackup(target.store, file, { clock: systemClock, keys: KEYS });
        expect(plan.backup.documents).toBeGreaterThan(0);
        const loose = targetMode !== mode;
        const restored = await snapshot(target.store, loose);
        const original = await snapshot(source.store, loose);
        // Everything as it was, plus the audit entry that says a restore happened.
        const { audit: restoredAudit, ...rest } = restored as Record<string, { docs: unknown[] }>;
        const { audit: originalAudit, ...expected } = original as Record<string, { docs: unknown[] }>;
        expect(rest).toEqual(expected);
        expect(restoredAudit!.docs.slice(0, -1)).toEqual(originalAudit!.docs);
        expect(restoredAudit!.docs.at(-1)).toMatchObject({ action: 'backup.restore', seq: 2 });
        expect((await new AuditLog(target.store, systemClock).verify()).ok).toBe(true);
        expect(await target.store.collection('sessions').count()).toBe(0);
        expect(await target.store.listCollections()).not.toContain('stale');
        expect(await pendingRestore(target.store)).toBeNull();
        // Revisions continue where they were; unique indexes hold.
        await target.store.collection('records.claim').update('r1', 4, { set: { owner: 'x' } });
        await expect(target.store.collection('users').insert({ login: 'wang.fang' })).rejects.toMatchObject({
          code: 'DUPLICATE_KEY',
        });
      } finally {
        await target.close();
      }
    }
  }, 120_000);

  it('refuses foreign, damaged, truncated, tampered, newer and key-less files, changing nothing', async () => {
    const target = await openStore(mode);
    try {
      await target.store.collection('users').insert({ id: 'keep', login: 'keep' });
      const before = await snapshot(target.store);
      const good = readFileSync(file);
      const all = lines();
      const refused = async (path: string, code: string, message?: RegExp) => {
        await expectRefused(
          restoreBackup(target.store, path, { clock: systemClock, keys: KEYS }),
          code,
          message,
        );
        expect(await snapshot(target.store)).toEqual(before);
        expect(await pendingRestore(target.store)).toBeNull();
      };
      await refused(variant('plain.txt', 'id,name\n1,x\n'), 'BACKUP_NOT_FORMA', /not a gzip file/);
      await refused(variant('other.gz', gzipSync('{"hello":"world"}\n')), 'BACKUP_NOT_FORMA', /header/);
      await refused(variant('empty.gz', gzipSync('')), 'BACKUP_NOT_FORMA');
      await refused(
        variant('cut.gz', good.subarray(0, Math.floor(good.length / 2))),
        'BACKUP_DAMAGED',
        /truncated/,
      );
      const flipped = Buffer.from(good);
      flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
      await refused(variant('flipped.gz', flipped), 'BACKUP_DAMAGED');
      // Well-formed gzip, but the content changed: the checksums say so.
      const tampered = all.map((l) => l.replace('Wang Fang', 'Wang Fake'));
      await refused(variant('tampered.gz', regzip(tampered)), 'BACKUP_DAMAGED', /checksum/);
      await refused(variant('no-manifest.gz', regzip(all.slice(0, -1))), 'BACKUP_DAMAGED', /manifest/);
      await refused(
        variant('trailing.gz', regzip([...all, '{"t":"doc","d":{"id":"x","rev":1}}'])),
        'BACKUP_DAMAGED',
        /after the manifest/,
      );
      const dupe = [...all.slice(0, -1)];
      dupe.splice(
        dupe.length - 1,
        0,
        dupe.find((l) => l.includes('"id":"r1"'))!,
      );
      await refused(variant('dupe.gz', regzip([...dupe, all.at(-1)!])), 'BACKUP_DAMAGED');
      const newer = [all[0]!.replace('"version":2', '"version":9'), ...all.slice(1)];
      await refused(variant('newer.gz', regzip(newer)), 'BACKUP_VERSION_UNSUPPORTED', /newer Forma/);
      await expectRefused(
        restoreBackup(target.store, file, {
          clock: systemClock,
          keys: { available: ['k2'], hint: 'copy the key file', hintZh: '复制密钥文件' },
        }),
        'BACKUP_KEYS_MISSING',
        /k1.*copy the key file/,
      );
      expect(await snapshot(target.store)).toEqual(before);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('finishes a restore that died half-way at the next open; a staged one can be dropped', async () => {
    const target = await openStore(mode);
    try {
      await target.store.collection('users').insert({ id: 'current', login: 'current' });
      // Stage, then apply with a store that fails on the third collection it copies.
      await stageRestore(target.store, file, { clock: systemClock, keys: KEYS });
      expect((await pendingRestore(target.store))?.state).toBe('staged');
      let copies = 0;
      const failing: DocumentStore = Object.create(target.store, {
        collection: {
          value: (name: string) => {
            const col = target.store.collection(name);
            if (name.startsWith('__restore.')) return col;
            return Object.assign(Object.create(col), {
              restoreMany: async (docs: never[]) => {
                if (++copies === 3) throw new Error('power cut');
                return col.restoreMany(docs);
              },
            });
          },
        },
      });
      await expect(applyPendingRestore(failing)).rejects.toThrow('power cut');
      const interrupted = await pendingRestore(target.store);
      expect(interrupted?.state).toBe('applying');
      expect(interrupted?.collections.some((c) => c.done)).toBe(true);
      // The next open finishes it (the dead process's claim is taken over once it lapses).
      const later = { now: () => Date.now() + 10 * 60_000 };
      expect(await applyPendingRestore(target.store, { clock: later })).not.toBeNull();
      const { audit: _a, ...restored } = await snapshot(target.store);
      const { audit: _b, ...expected } = original;
      expect(restored).toEqual(expected);
      expect((await target.store.listCollections()).filter((n) => n.startsWith('__restore.'))).toEqual([]);

      // Staged and then dropped: the live data stays as it is.
      await target.store.collection('users').insert({ id: 'after', login: 'after' });
      const before = await snapshot(target.store);
      await stageRestore(target.store, file, { clock: systemClock, keys: KEYS });
      expect(await cancelPendingRestore(target.store)).toBe(true);
      expect(await applyPendingRestore(target.store)).toBeNull();
      expect(await snapshot(target.store)).toEqual(before);
      expect(await target.store.listCollections()).not.toContain('_restore');
    } finally {
      await target.close();
    }
  }, 120_000);
});
