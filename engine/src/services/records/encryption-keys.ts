// Where the field-encryption keys come from (see core/crypto/keyring.ts for the formats):
// 1. ENCRYPTION_KEY (environment) — required in distributed mode unless a key file is given,
//    since every API replica and worker must share the keys;
// 2. ENCRYPTION_KEY_FILE, or `<DATA_DIR>/encryption-keys.json` in embedded mode — generated on
//    first start with mode 0600. Back it up with the data: without it the sensitive fields of a
//    backup cannot be read.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  generateKeyMaterial,
  Keyring,
  KeyringError,
  keyringFromEnv,
  keyringFromKeyFile,
} from '../../core/crypto/keyring.ts';

export interface KeySource {
  keyring: Keyring;
  /** Where the keys came from: 'env' or the key file's path. */
  source: 'env' | string;
  /** True when the key file was created just now. */
  generated: boolean;
}

export interface KeyConfig {
  mode: 'embedded' | 'distributed';
  dataDir: string;
}

export const KEY_FILE_NAME = 'encryption-keys.json';

export function keyFilePath(config: KeyConfig, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ENCRYPTION_KEY_FILE) return env.ENCRYPTION_KEY_FILE;
  return config.mode === 'embedded' ? join(config.dataDir, KEY_FILE_NAME) : null;
}

export function loadKeyring(config: KeyConfig, env: NodeJS.ProcessEnv = process.env): KeySource {
  if (env.ENCRYPTION_KEY)
    return { keyring: keyringFromEnv(env.ENCRYPTION_KEY), source: 'env', generated: false };
  const file = keyFilePath(config, env);
  if (!file)
    throw new KeyringError(
      'The distributed mode needs ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE): every replica must use the same keys. ' +
        "Generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    );
  if (existsSync(file))
    return { keyring: keyringFromKeyFile(readFileSync(file, 'utf8')), source: file, generated: false };
  if (env.ENCRYPTION_KEY_FILE) throw new KeyringError(`ENCRYPTION_KEY_FILE ${file} does not exist`);
  const fresh = generateKeyMaterial();
  const keyring = new Keyring([fresh], fresh.id);
  saveKeyFile(file, keyring);
  return { keyring, source: file, generated: true };
}

/** Writes the key file atomically (temporary file, fsync'd by writeFileSync's flush, rename), mode 0600. */
export function saveKeyFile(file: string, keyring: Keyring): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, keyring.toKeyFile(), { mode: 0o600, flush: true });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
