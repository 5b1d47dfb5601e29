// `npm run restore <file> [-- --yes]`: replaces ALL data of the configured store (the embedded
// store under DATA_DIR, or the MongoDB database of MONGODB_URL) with a backup made by
// `npm run backup` or the admin console, in either run mode. Stop Forma first (API and workers).
//
// The file is checked in full before anything is written: a foreign, damaged, truncated or newer
// file is refused, and so is one whose sensitive fields need keys this installation lacks (copy
// the key file or set ENCRYPTION_KEY first). The data is staged in fresh collections and then
// swapped in; if the swap is interrupted, the next start of Forma (or of this command) finishes
// it. Sessions are not restored: everyone signs in again. `--yes` skips the typed confirmation.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { DataDirLockedError } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { ConfigError, configFromEnv } from '../engine/src/config.ts';
import { adapterOverrides, openAdapters } from '#platform/adapters.ts';
import { settingsFromEnv } from '#platform/settings.ts';
import { AppError } from '../engine/src/core/errors.ts';
import { systemClock } from '../engine/src/ports/clock.ts';
import { auditSealFromEnv } from '../engine/src/services/audit/seal-from-env.ts';
import { cliKeyCheck } from '../engine/src/services/backup/cli-keys.ts';
import { restoreBackup, verifyBackup } from '../engine/src/services/backup/restore.ts';

const CONFIRMATION = 'RESTORE';

async function confirmed(target: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    console.error(`restore: add --yes to confirm replacing all data of ${target} (no terminal to ask).`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(
    `This replaces ALL data of ${target}.\n将替换 ${target} 中的全部数据。\nType ${CONFIRMATION} to continue / 输入 ${CONFIRMATION} 以继续: `,
  );
  rl.close();
  return answer.trim() === CONFIRMATION;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const fileArg = args.find((a) => !a.startsWith('--'));
  if (!fileArg) {
    console.error('usage: npm run restore <backup file> [-- --yes]');
    return 2;
  }
  const file = resolve(fileArg);
  if (!existsSync(file)) {
    console.error(`restore: ${file} does not exist.`);
    return 2;
  }
  const config = configFromEnv();
  const keys = cliKeyCheck(config);
  // Checked before the store is even opened: a bad file changes nothing.
  const summary = await verifyBackup(file, keys);
  console.log(
    `${file}: a Forma backup of ${summary.createdAt} (${summary.source.store}), ` +
      `${summary.documents} document(s) in ${summary.collections.length} collection(s), ${summary.blobs.count} file(s). Checksums are correct.`,
  );
  const target =
    config.mode === 'embedded'
      ? `the embedded store in ${config.dataDir}`
      : 'the MongoDB database of MONGODB_URL';
  if (!args.includes('--yes') && !(await confirmed(target))) {
    console.error('restore: not confirmed; nothing was changed.');
    return 1;
  }
  // The store alone (no services, no processors), opened by the composition root's adapters.
  const adapters = await openAdapters(config, adapterOverrides(settingsFromEnv()));
  try {
    await restoreBackup(adapters.store, file, {
      clock: systemClock,
      keys,
      blobs: adapters.blobs,
      onProgress: (m) => console.log(`  ${m}`),
      // The restore's audit entry is sealed and the head it goes back to anchored.
      audit: auditSealFromEnv(config),
    });
  } finally {
    await adapters.close();
  }
  console.log(
    `Restored ${summary.documents} document(s) into ${target}. Start Forma; everyone signs in again.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof AppError)
      console.error(`restore refused: ${error.message}\n恢复被拒绝：${error.messageZh}`);
    else if (error instanceof DataDirLockedError)
      console.error(`restore: Forma is running on this data directory (${error.message}). Stop it first.`);
    else if (error instanceof ConfigError) console.error(`restore: configuration error: ${error.message}`);
    else console.error(`restore failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
