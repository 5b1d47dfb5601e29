// Module scans remembered on disk between test processes (engine/src/services/modules/scan.ts:
// rememberScansIn). Each test file is a process of its own that starts the platform, and every
// start checks the same modules/ folder — the same result each time, for the same files, lookups
// and checker. The checker is pure code under engine/src/core (with the schemas and the libraries
// of package-lock.json), so its text is part of the key: a changed checker never reads an old scan.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ScanMemory, ScannedModule } from '#engine/services/modules/scan.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHECKER_SOURCES = ['engine/src/core', 'engine/src/services/modules', 'schemas', 'package-lock.json'];
const DIR = join(tmpdir(), 'forma-module-scans');
const MAX_AGE_MS = 24 * 3600_000;

function addTree(hash: ReturnType<typeof createHash>, path: string): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) addTree(hash, join(path, name));
  } else hash.update(`\u0000${path}\u0000`).update(readFileSync(path));
}

function checkerFingerprint(): string {
  const hash = createHash('sha256');
  for (const source of CHECKER_SOURCES) addTree(hash, join(ROOT, source));
  return hash.digest('hex');
}

/** Scans kept as files under the OS temp dir (older than a day: removed). */
export function diskScanMemory(): ScanMemory {
  let fingerprint: string | null = null;
  const file = (key: string): string => {
    fingerprint ??= checkerFingerprint();
    return join(DIR, `${createHash('sha256').update(`${fingerprint} ${key}`).digest('hex')}.v8`);
  };
  return {
    get(key) {
      try {
        return deserialize(readFileSync(file(key))) as ScannedModule[];
      } catch {
        return undefined; // not there (or half written by a process that died): scan
      }
    },
    set(key, results) {
      try {
        mkdirSync(DIR, { recursive: true });
        const target = file(key);
        const partial = `${target}.${process.pid}`;
        writeFileSync(partial, serialize(results));
        renameSync(partial, target);
        pruneOld();
      } catch {
        // Remembering is an optimisation: a full disk or a read-only temp dir only costs a scan.
      }
    },
  };
}

function pruneOld(): void {
  const now = Date.now();
  for (const name of readdirSync(DIR)) {
    const path = join(DIR, name);
    if (now - statSync(path).mtimeMs > MAX_AGE_MS) rmSync(path, { force: true });
  }
}
