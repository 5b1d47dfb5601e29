// `npm run rotate-key`: re-encrypts every sensitive field value with a new key.
//
// Key file (embedded mode, or ENCRYPTION_KEY_FILE): adds a freshly generated key as the active
// one, keeps the old ones to decrypt, re-encrypts everything. Stop the server first (embedded
// mode allows one process per data directory). `--retire` then drops the keys no value uses.
//
// ENCRYPTION_KEY (distributed mode): the environment cannot be changed from here. Put the new key
// first in ENCRYPTION_KEY on every API replica and worker (keeping the old ones after it), restart
// them, then run this to re-encrypt with it; afterwards the old keys can leave ENCRYPTION_KEY.
//
// Safe to run again after an interruption: only values under another key are touched.
import { configFromEnv } from '../engine/src/config.ts';
import {
  loadKeyring,
  MISSING_KEY_HELP,
  saveKeyFile,
} from '../engine/src/services/records/encryption-keys.ts';
import { rotateEncryptionKeys } from '../engine/src/services/records/key-rotation.ts';
import { composePlatform, type Platform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const config = configFromEnv();
  const source = loadKeyring(config);
  if (!source.keyring) throw new Error(`no key to rotate to. ${MISSING_KEY_HELP}`);
  let platform: Platform | null = null;
  try {
    const addKey = source.source !== 'env' && !args.has('--no-new-key');
    const keyring = addKey ? source.keyring.withNewActiveKey() : source.keyring;
    // The platform as the API composes it, with the keys to rotate to (no processors, no scan).
    // Composed before the key file changes: a store in use (embedded mode) stops us here.
    platform = await composePlatform({
      config,
      settings: settingsFromEnv(),
      keyring,
      workers: false,
      scanModules: false,
    });
    if (source.source === 'env') {
      console.log(`ENCRYPTION_KEY: re-encrypting with its first (active) key "${keyring.activeId}".`);
    } else if (addKey) {
      saveKeyFile(source.source, keyring);
      console.log(
        `New active key "${keyring.activeId}" added to ${source.source} (old keys kept to decrypt).`,
      );
    }
    const { store, forms, cipher, clock } = platform.services;
    const report = await rotateEncryptionKeys({
      store,
      forms,
      cipher,
      clock,
      onProgress: (m) => console.log(`  ${m}`),
    });
    console.log(
      `Re-encrypted ${report.values} value(s) in ${report.records} record(s) of ${report.forms} form(s), ` +
        `and ${report.historyEntries} history entr${report.historyEntries === 1 ? 'y' : 'ies'}.`,
    );
    const unused = keyring.ids.filter((id) => id !== keyring.activeId && !report.keysInUse.includes(id));
    if (report.remaining > 0) {
      console.log(
        `${report.remaining} value(s) are still under keys ${report.keysInUse.join(', ')}: run again.`,
      );
      process.exitCode = 1;
    } else if (unused.length === 0) {
      console.log('Every value uses the active key.');
    } else if (args.has('--retire') && source.source !== 'env') {
      saveKeyFile(source.source, keyring.without(unused));
      console.log(`Retired key(s) ${unused.join(', ')} from ${source.source}.`);
    } else {
      console.log(
        `No value uses ${unused.join(', ')} any more: ` +
          (source.source === 'env'
            ? 'remove them from ENCRYPTION_KEY.'
            : 'run with --retire to remove them.'),
      );
    }
  } finally {
    await platform?.close();
  }
}

main().catch((error: unknown) => {
  console.error(`rotate-key failed: ${(error as Error).message}`);
  process.exit(1);
});
