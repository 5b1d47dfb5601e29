// Backup and restore end to end, in both run modes: the admin downloads a backup of a store with
// users, records with encrypted fields, a running flow instance and the audit log; changes are
// made; bad uploads are refused and change nothing; the backup is uploaded with the typed
// confirmation, staged, and applied when Forma restarts — then the store holds exactly what the
// archive holds (plus the audit entry of the restore), sensitive fields read back in clear, the
// instance still runs, the audit chain verifies, and everybody signs in again. An attached file
// (its bytes in the blob store) goes through the archive and comes back byte for byte; one
// uploaded after the backup is gone after the restore.
// Then `npm run backup` / `npm run restore` on a fresh data directory (or database).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#engine/http/app.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { isBackedUp } from '#engine/services/backup/format.ts';
import { readBackup } from '#engine/services/backup/read-backup.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import { openAdapters, type Adapters } from '#platform/adapters.ts';
import type { Platform } from '#platform/compose.ts';
import { claimData, expenseClaim } from '../core/forms/fixtures.ts';
import {
  composeTestPlatform,
  DEMO_PASSWORD,
  loginAs,
  MODES,
  type Client,
  type Mode,
} from '../support/app-harness.ts';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

const KEY = `k-backup:${Buffer.alloc(32, 7).toString('base64')}`;
process.env.ENCRYPTION_KEY = KEY;
const REPO = join(import.meta.dirname, '..', '..');
const FORM = 'claim';

const flow = buildBpmn({
  id: 'backup_review',
  name: 'Review',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'review', type: 'userTask', name: 'Review', at: [1, 0], ext: zeebe.assignee('qian.admin') },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'review' },
    { id: 'f2', from: 'review', to: 'end' },
  ],
});

/** One installation (a data dir or a database) that can be stopped and started again. */
class Installation {
  /** The store opened alone (to look at it while Forma is stopped). */
  adapters!: Adapters;
  /** Forma running: the composed platform and its app. */
  platform!: Platform;
  app!: FastifyInstance;
  readonly namespace = uniqueNamespace('backup');
  private readonly tmp: { dir: string; remove(): void } | null;

  constructor(readonly mode: Mode) {
    this.tmp = mode === 'embedded' ? tempDir('backup-api') : null;
  }

  /** The environment `npm run backup/restore` need to reach this installation. */
  get env(): Record<string, string> {
    return this.mode === 'embedded'
      ? { DATA_DIR: this.tmp!.dir, MONGODB_URL: '', REDIS_URL: '' }
      : { MONGODB_URL: `${mongodbUrl().replace(/\/$/, '')}/${this.namespace}`, REDIS_URL: redisUrl() };
  }

  async openStore(): Promise<Adapters> {
    const config =
      this.mode === 'embedded'
        ? { mode: this.mode, dataDir: this.tmp!.dir, embeddedFsync: false }
        : {
            mode: this.mode,
            dataDir: '',
            mongodbUrl: mongodbUrl(),
            redisUrl: redisUrl(),
            embeddedFsync: false,
          };
    this.adapters = await openAdapters(config, { namespace: this.namespace });
    return this.adapters;
  }

  /** The store of the running platform, or the one opened alone. */
  get store(): DocumentStore {
    return this.platform?.services.store ?? this.adapters.store;
  }

  /** The blob store of the running platform, or the one opened alone. */
  get blobs(): BlobStore {
    return this.platform?.services.blobs ?? this.adapters.blobs;
  }

  async start(): Promise<FastifyInstance> {
    // One process per data directory (embedded mode): the store opened alone closes first.
    await this.adapters?.close();
    this.adapters = undefined as never;
    this.platform = await composeTestPlatform(this.mode, {
      namespace: this.namespace,
      dataDir: this.tmp?.dir ?? '',
    });
    this.app = await buildApp({ services: this.platform.services, sweepIntervalMs: 0 });
    return this.app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.platform?.close();
    await this.adapters?.close();
    this.app = undefined as never;
    this.platform = undefined as never;
    this.adapters = undefined as never;
  }

  async destroy(): Promise<void> {
    if (this.mode === 'distributed') {
      if (!this.adapters && !this.platform) await this.openStore();
      await (this.store as DocumentStore & { dropDatabase(): Promise<void> }).dropDatabase();
    }
    await this.stop();
    if (this.mode === 'distributed') await deleteRedisPrefix(redisUrl(), this.namespace);
    this.tmp?.remove();
  }
}

/** Every backed-up collection's documents, sorted by id. */
async function contents(store: DocumentStore): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of (await store.listCollections()).filter(isBackedUp))
    out[name] = (await store.collection(name).find({}, { sort: [['id', 1]] })).items;
  return out;
}

/** What an archive holds, as `contents` shows a store. */
async function archiveContents(file: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  await readBackup(file, {
    collection: async (line) => {
      out[line.name] = [];
    },
    documents: async (name, docs) => {
      out[name]!.push(...docs);
    },
  });
  // An archive lists a collection's documents in no particular order.
  for (const docs of Object.values(out))
    docs.sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1));
  return out;
}

const withoutAudit = ({ audit: _a, ...rest }: Record<string, unknown[]>) => rest;

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', script), ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe.each(MODES)('backup and restore (%s mode)', (mode) => {
  const site = new Installation(mode);
  const files = tempDir('backup-archives');
  let admin: Client;
  let archive: string;
  let recordId: string;
  let instanceId: string;
  const receipt = randomBytes(700_000);
  let receiptId: string;
  const uploadFile = async (bytes: Buffer, name: string) => {
    const res = await admin.request({
      method: 'POST',
      url: `/api/files/upload?name=${encodeURIComponent(name)}&type=image%2Fjpeg`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const fileBytes = async (app: FastifyInstance, client: Client, id: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/files/${id}`,
      headers: { cookie: `${SESSION_COOKIE}=${client.cookie}` },
    });
    return { status: res.statusCode, bytes: res.rawPayload };
  };

  const download = async (client: Client) => {
    const res = await site.app.inject({
      method: 'GET',
      url: '/api/admin/backup',
      headers: { cookie: `${SESSION_COOKIE}=${client.cookie}` },
    });
    return res;
  };
  const upload = (body: Buffer | string, query: string, type = 'application/gzip') =>
    admin.request({
      method: 'POST',
      url: `/api/admin/restore${query}`,
      headers: { 'content-type': type },
      payload: body,
    });

  beforeAll(async () => {
    await site.start();
    await seedDemo(site.app.services.identity, { password: DEMO_PASSWORD });
    admin = await loginAs(site.app, 'qian.admin', DEMO_PASSWORD);
    const form = expenseClaim({ id: FORM, permissions: { readSensitive: ['admin'] } });
    expect((await admin.post('/api/forms', form)).status).toBe(201);
    expect((await admin.post(`/api/forms/${FORM}/publish`, {})).status).toBe(200);
    const created = await admin.post(`/api/records/${FORM}`, {
      data: claimData({ phone: '13900001111', salary: '9000' }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    recordId = created.body.id;
    const updated = await admin.patch(`/api/records/${FORM}/${recordId}`, {
      rev: 1,
      data: { ...created.body.data, title: 'Trip to Shenzhen (revised)' },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect((await admin.post('/api/flows', { xml: flow })).status).toBe(201);
    const started = await admin.post('/api/instances', { processId: 'backup_review', businessKey: 'B-1' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    instanceId = started.body.id;
    receiptId = await uploadFile(receipt, 'receipt.jpg');
    // The instance's outbox is cleared a moment after its effects went out (deferred clearing):
    // wait for it, so that no test compares the store before and after that write.
    await waitFor(
      async () =>
        Object.keys(((await site.store.collection('flow_instances').get(instanceId)) as any)?.outbox ?? {})
          .length === 0,
      20_000,
      'the instance outbox to be cleared',
    );
  }, 180_000);

  afterAll(async () => {
    await site.destroy();
    files.remove();
  });

  it('downloads a backup that holds every collection, encrypted fields as ciphertext', async () => {
    const employee = await loginAs(site.app, 'zheng.xin', DEMO_PASSWORD);
    expect((await download(employee)).statusCode).toBe(403);
    const res = await download(admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="forma-backup-.+\.jsonl\.gz"$/);
    archive = join(files.dir, 'backup.jsonl.gz');
    writeFileSync(archive, res.rawPayload);
    const summary = await readBackup(archive);
    expect(summary.documents).toBe(Number(res.headers['x-backup-documents']));
    const names = summary.collections.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['users', 'credentials', 'roles', 'departments', `records.${FORM}`, 'audit']),
    );
    expect(names).not.toContain('sessions');
    expect(summary.keyIds).toEqual(['k-backup']);
    expect(summary.blobs).toEqual({ count: 1, bytes: receipt.length });
    const text = JSON.stringify(await archiveContents(archive));
    expect(text).toContain('enc:v1:k-backup:');
    expect(text).not.toContain('13900001111');
    expect(text).toContain(instanceId);
    const audit = (await admin.get('/api/audit?action=backup.create')).body.items;
    expect(audit[0]).toMatchObject({ action: 'backup.create', actor: { login: 'qian.admin' } });
  });

  it('refuses a restore without the typed confirmation, or of a bad file; nothing changes', async () => {
    const before = await contents(site.store);
    const good = readFileSync(archive);
    const refusals: [Buffer | string, string, string, number, string][] = [
      [good, '', 'application/gzip', 400, 'RESTORE_NOT_CONFIRMED'],
      [good, '?confirm=restore', 'application/gzip', 400, 'RESTORE_NOT_CONFIRMED'],
      [good.subarray(0, good.length - 40), '?confirm=RESTORE', 'application/gzip', 400, 'BACKUP_DAMAGED'],
      [gzipSync('{"not":"a backup"}\n'), '?confirm=RESTORE', 'application/gzip', 400, 'BACKUP_NOT_FORMA'],
      ['a,b\n1,2\n', '?confirm=RESTORE', 'application/octet-stream', 400, 'BACKUP_NOT_FORMA'],
      ['{"a":1}', '?confirm=RESTORE', 'application/json', 415, 'BACKUP_UPLOAD_TYPE'],
    ];
    for (const [body, query, type, status, code] of refusals) {
      const res = await upload(body, query, type);
      expect([res.status, res.body.error?.code], JSON.stringify(res.body)).toEqual([status, code]);
      expect(res.body.error.messageZh).toMatch(/\p{Script=Han}/u);
    }
    expect((await upload(good, '')).body.error.details).toEqual([
      expect.objectContaining({ path: '/query/confirm' }),
    ]);
    expect((await admin.get('/api/admin/restore')).body).toMatchObject({ mode, pending: null });
    const after = await contents(site.store);
    // (The refusals are not audited as writes; sessions are not compared.)
    expect(withoutAudit(after)).toEqual(withoutAudit(before));
    expect((await admin.delete('/api/admin/restore')).status).toBe(404);
  });

  it('stages the backup, applies it at the next start, and the data is back as it was', async () => {
    // Changes after the backup, which the restore takes back.
    const later = await admin.post(`/api/records/${FORM}`, {
      data: claimData({ title: 'After the backup' }),
    });
    expect(later.status).toBe(201);
    expect((await admin.patch('/api/users/wang.fang', { displayName: 'Renamed' })).status).toBe(200);
    const laterFile = await uploadFile(randomBytes(1000), 'later.pdf');

    const staged = await upload(readFileSync(archive), '?confirm=RESTORE');
    expect(staged.status, JSON.stringify(staged.body)).toBe(202);
    expect(staged.body).toMatchObject({
      mode,
      restartsItself: false,
      pending: { state: 'staged', stagedBy: 'qian.admin', backup: { keyIds: ['k-backup'] } },
    });
    expect((await admin.get('/api/admin/restore')).body.pending.state).toBe('staged');
    // Until the restart, the running platform keeps its data.
    expect((await admin.get(`/api/records/${FORM}/${later.body.id}`)).status).toBe(200);

    await site.stop();
    const adapters = await site.openStore();
    expect(adapters.restored?.backup.documents).toBeGreaterThan(0);
    const restored = await contents(adapters.store);
    const expected = await archiveContents(archive);
    expect(withoutAudit(restored)).toEqual(withoutAudit(expected));
    expect(restored.audit!.slice(0, -1)).toEqual(expected.audit);
    expect(restored.audit!.at(-1)).toMatchObject({
      action: 'backup.restore',
      actor: { login: 'qian.admin' },
    });

    await site.start();
    // Sessions were not restored: the old cookie is gone, the password still works.
    const oldSession = await site.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `${SESSION_COOKIE}=${admin.cookie}` },
    });
    expect(oldSession.statusCode).toBe(401);
    admin = await loginAs(site.app, 'qian.admin', DEMO_PASSWORD);
    const record = await admin.get(`/api/records/${FORM}/${recordId}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ rev: 2, data: { phone: '13900001111', salary: '9000.00' } });
    expect((await admin.get(`/api/records/${FORM}/${later.body.id}`)).status).toBe(404);
    expect((await admin.get('/api/users/wang.fang')).body.displayName).not.toBe('Renamed');
    // The file of the backup is back byte for byte; the one uploaded later is gone, bytes too.
    const file = await fileBytes(site.app, admin, receiptId);
    expect([file.status, file.bytes.equals(receipt)]).toEqual([200, true]);
    expect((await fileBytes(site.app, admin, laterFile)).status).toBe(404);
    expect(await site.blobs.stat(laterFile)).toBeNull();
    const instance = await admin.get(`/api/instances/${instanceId}`);
    expect(instance.body).toMatchObject({ status: 'active', businessKey: 'B-1' });
    expect((await admin.get('/api/audit/verify')).body).toMatchObject({ ok: true });
    expect((await admin.get('/api/admin/restore')).body.pending).toBeNull();
    // The restored records still take writes, from their restored revision.
    const next = await admin.patch(`/api/records/${FORM}/${recordId}`, {
      rev: 2,
      data: { ...record.body.data, title: 'After the restore' },
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
  }, 120_000);

  it('a staged restore can be dropped: nothing changes at the next start', async () => {
    const staged = await upload(readFileSync(archive), '?confirm=RESTORE');
    expect(staged.status).toBe(202);
    expect((await admin.delete('/api/admin/restore')).status).toBe(204);
    await site.stop();
    expect((await site.openStore()).restored).toBeNull();
    await site.start();
    admin = await loginAs(site.app, 'qian.admin', DEMO_PASSWORD);
    expect((await admin.get(`/api/records/${FORM}/${recordId}`)).body.data.title).toBe('After the restore');
  }, 120_000);

  it('queue health: counts per queue of the run mode', async () => {
    const res = await admin.get('/api/admin/queues');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode, backend: mode === 'embedded' ? 'in-process' : 'bullmq' });
    const names = res.body.queues.map((q: any) => q.name);
    expect(names).toEqual(expect.arrayContaining(['flow-service-task', 'flow-timer', 'automation-run']));
    for (const q of res.body.queues)
      expect(Object.keys(q).sort()).toEqual(['active', 'completed', 'delayed', 'failed', 'name', 'waiting']);
  });

  it('npm run backup / restore: into a fresh data directory, refusing a damaged file and missing keys', async () => {
    await site.stop();
    const out = join(files.dir, 'cli');
    const backup = await run('backup.ts', ['--out', `${out}/`], site.env);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/Wrote .*forma-backup-.*\.jsonl\.gz: \d+ document\(s\) .*, 1 file\(s\)/);
    expect(backup.out).toMatch(/k-backup, which are NOT in the archive/);
    const file = join(out, readdirSync(out)[0]!);
    const fromSite = await contents((await site.openStore()).store);
    await site.stop();

    const fresh = new Installation(mode);
    try {
      // Without the key: refused, and the fresh store stays empty.
      const noKey = await run('restore.ts', [file, '--yes'], { ...fresh.env, ENCRYPTION_KEY: '' });
      expect(noKey.code).toBe(1);
      expect(noKey.out).toMatch(/BACKUP|encrypted with key\(s\) k-backup/);
      expect(noKey.out).toMatch(/恢复被拒绝/);
      const damaged = join(files.dir, 'damaged.jsonl.gz');
      const bytes = readFileSync(file);
      writeFileSync(damaged, bytes.subarray(0, bytes.length - 30));
      const bad = await run('restore.ts', [damaged, '--yes'], fresh.env);
      expect([bad.code, /damaged/.test(bad.out)], bad.out).toEqual([1, true]);
      const unconfirmed = await run('restore.ts', [file], fresh.env);
      expect(unconfirmed.code).toBe(1);
      const untouched = await contents((await fresh.openStore()).store);
      expect(Object.values(untouched).flat()).toEqual([]);
      await fresh.stop();

      const ok = await run('restore.ts', [file, '--yes'], fresh.env);
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toMatch(/Checksums are correct/);
      const restored = await contents((await fresh.openStore()).store);
      expect(withoutAudit(restored)).toEqual(withoutAudit(fromSite));
      expect(restored.audit!.length).toBe(fromSite.audit!.length + 1);
      await fresh.start();
      const freshAdmin = await loginAs(fresh.app, 'qian.admin', DEMO_PASSWORD);
      const record = await freshAdmin.get(`/api/records/${FORM}/${recordId}`);
      expect(record.body).toMatchObject({ rev: 3, data: { phone: '13900001111' } });
      const got = await fileBytes(fresh.app, freshAdmin, receiptId);
      expect([got.status, got.bytes.equals(receipt)]).toEqual([200, true]);
      expect((await freshAdmin.get('/api/audit/verify')).body.ok).toBe(true);
    } finally {
      await fresh.destroy();
    }
  }, 180_000);
});
