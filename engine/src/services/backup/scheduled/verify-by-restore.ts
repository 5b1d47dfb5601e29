// Verifying a backup the only way that proves it can be restored: restoring it. The archive is
// staged into a scratch embedded store and blob store in a temporary directory — the restore's
// own steps 1-3 (services/backup/restore.ts: every checksum, the keys its encrypted values need,
// every index rebuilt) — and then what landed there is compared with the archive: the number of
// documents of each collection against the manifest, each collection's documents by an
// order-free digest, and each file's bytes by its SHA-256. The scratch directory is removed
// afterwards, whatever happened. The live store is never touched, in either run mode (the
// archive is portable, so an embedded scratch store verifies a MongoDB backup too).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskBlobStore } from '#engine/adapters/blobs/disk/disk-blob-store.ts';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { canonicalJson } from '#engine/core/canonical-json.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { BackupSummary } from '../format.ts';
import { readBackup } from '../read-backup.ts';
import { stageRestore, type KeyCheck } from '../restore.ts';

const MOD = 2n ** 256n;

/**
 * An order-free digest of a set of documents: the sum of their SHA-256 (of canonical JSON) modulo
 * 2^256. A restore may hand documents back in another order and with keys in another order; the
 * digest changes only when a document's content does.
 */
class SetDigest {
  private sum = 0n;
  count = 0;
  add(doc: unknown): void {
    const h = createHash('sha256').update(canonicalJson(doc)).digest('hex');
    this.sum = (this.sum + BigInt(`0x${h}`)) % MOD;
    this.count++;
  }
  get hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

export interface VerifyOptions {
  clock: Clock;
  /** The keys this installation decrypts with (a backup needing others cannot be restored). */
  keys: KeyCheck;
  /** Where the scratch directory is made (default: the OS temp dir). */
  scratchDir?: string | null;
}

/** What the test restore found; throws (an AppError for a bad archive) when it failed. */
export interface Verified {
  summary: BackupSummary;
  /** How long the test restore took (ms). */
  ms: number;
}

async function digestOf(store: DocumentStore, collection: string): Promise<SetDigest> {
  const digest = new SetDigest();
  for await (const d of store.scan(collection)) digest.add(d);
  return digest;
}

async function blobHashes(blobs: BlobStore): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for await (const info of blobs.list()) {
    const content = await blobs.open(info.id);
    if (!content) continue;
    const hash = createHash('sha256');
    for await (const chunk of content) hash.update(chunk);
    hashes.set(info.id, hash.digest('hex'));
  }
  return hashes;
}

export async function verifyByRestore(file: string, options: VerifyOptions): Promise<Verified> {
  const started = performance.now();
  // What the archive holds, read on its own (this pass also checks every checksum).
  const expected = new Map<string, SetDigest>();
  const files = new Map<string, string>();
  let blob: { id: string; hash: ReturnType<typeof createHash> } | null = null;
  await readBackup(file, {
    async collection(line) {
      expected.set(line.name, new SetDigest());
    },
    async documents(name, docs) {
      for (const d of docs) expected.get(name)!.add(d);
    },
    blob: {
      async start(id) {
        blob = { id, hash: createHash('sha256') };
      },
      async bytes(piece) {
        blob?.hash.update(piece);
      },
      async end(id) {
        if (blob?.id === id) files.set(id, blob.hash.digest('hex'));
        blob = null;
      },
    },
  });

  const base = options.scratchDir ?? tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'forma-verify-'));
  const store = new EmbeddedStore({ dir: join(dir, 'store'), fsync: false });
  const blobs = new DiskBlobStore({ dir: join(dir, 'blobs') });
  try {
    const plan = await stageRestore(store, file, { clock: options.clock, keys: options.keys, blobs });
    const summary = plan.backup;
    const mismatch = (what: string): Error => new Error(`the test restore differs from the backup: ${what}`);
    if (plan.collections.length !== summary.collections.length) throw mismatch('the collections');
    for (const c of plan.collections) {
      const listed = summary.collections.find((s) => s.name === c.name);
      const restored = await digestOf(store, c.staging);
      const wanted = expected.get(c.name);
      if (!listed || !wanted) throw mismatch(`collection "${c.name}" is not in the backup`);
      if (restored.count !== listed.count)
        throw mismatch(`"${c.name}" has ${restored.count} document(s), the manifest says ${listed.count}`);
      if (restored.hex !== wanted.hex) throw mismatch(`the documents of "${c.name}"`);
    }
    const restoredFiles = await blobHashes(blobs);
    if (restoredFiles.size !== summary.blobs.count)
      throw mismatch(`${restoredFiles.size} file(s), the manifest says ${summary.blobs.count}`);
    for (const [id, hash] of files)
      if (restoredFiles.get(id) !== hash) throw mismatch(`the contents of file "${id}"`);
    return { summary, ms: Math.round(performance.now() - started) };
  } finally {
    await blobs.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
