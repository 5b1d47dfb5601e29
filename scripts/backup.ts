// `npm run backup [-- --out <file or directory>]`: writes a backup of every collection of the
// configured store — the embedded store under DATA_DIR, or the MongoDB database of MONGODB_URL —
// as one portable, checksummed archive (engine/src/services/backup/format.ts). Default:
// ./backups/forma-backup-<time>.jsonl.gz. The field-encryption keys are NOT in the archive: keep
// them (ENCRYPTION_KEY or the key file) safe separately, or the sensitive fields cannot be read.
//
// The embedded mode allows one process per data directory: while Forma runs, download a backup
// from the admin console (Admin → Backup) instead, or stop Forma first.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataDirLockedError } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { ConfigError, configFromEnv } from '../engine/src/config.ts';
import { adapterOverrides, openAdapters } from '#platform/adapters.ts';
import { settingsFromEnv } from '#platform/settings.ts';
import { systemClock } from '../engine/src/ports/clock.ts';
import { AuditLog } from '../engine/src/services/audit/audit-log.ts';
import { auditSealFromEnv } from '../engine/src/services/audit/seal-from-env.ts';
import { keyLocation } from '../engine/src/services/backup/cli-keys.ts';
import { backupFileName } from '../engine/src/services/backup/format.ts';
import { writeBackupFile } from '../engine/src/services/backup/write-backup.ts';

function target(args: string[], createdAt: string): string {
  const i = args.indexOf('--out');
  const given = i >= 0 && args[i + 1] ? args[i + 1]! : 'backups/';
  const out = resolve(given);
  const isDir = given.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
  if (!isDir) return out;
  mkdirSync(out, { recursive: true });
  return join(out, backupFileName(createdAt));
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const createdAt = new Date().toISOString();
  const file = target(process.argv.slice(2), createdAt);
  // The store alone (no services, no processors), opened by the composition root's adapters.
  const adapters = await openAdapters(config, adapterOverrides(settingsFromEnv()));
  try {
    console.log(
      `Backing up the ${config.mode === 'embedded' ? `embedded store in ${config.dataDir}` : 'MongoDB database'}…`,
    );
    // The manifest gets the audit chain's sealed head, as the admin console's backups do.
    const audit = new AuditLog(adapters.store, systemClock, auditSealFromEnv(config));
    const summary = await writeBackupFile(adapters.store, file, {
      createdAt,
      blobs: adapters.blobs,
      onProgress: (m) => console.log(`  ${m}`),
      anchorAudit: (head) => audit.anchor('backup', head),
    });
    console.log(
      `Wrote ${file}: ${summary.documents} document(s) in ${summary.collections.length} collection(s), ${summary.blobs.count} file(s).`,
    );
    if (summary.keyIds.length)
      console.log(
        `Sensitive fields in it are encrypted with key(s) ${summary.keyIds.join(', ')}, which are NOT in the ` +
          `archive: keep ${keyLocation(config)} safe as well, or they cannot be read after a restore.`,
      );
  } finally {
    await adapters.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError)
    console.error(
      `backup: Forma is running on this data directory (${error.message}). Download a backup from the ` +
        'admin console (Admin → Backup), or stop Forma and run this again.',
    );
  else if (error instanceof ConfigError) console.error(`backup: configuration error: ${error.message}`);
  else console.error(`backup failed: ${(error as Error).message}`);
  process.exit(1);
});
