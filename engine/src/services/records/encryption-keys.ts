// Where the field-encryption keys come from (see core/crypto/keyring.ts for the formats):
// 1. ENCRYPTION_KEY (environment) — what the distributed mode needs, since every API replica and
//    worker must share the keys;
// 2. ENCRYPTION_KEY_FILE, or `<DATA_DIR>/encryption-keys.json` in embedded mode — generated on
//    first start with mode 0600. Back it up with the data: without it the sensitive fields of a
//    backup cannot be read.
// The distributed mode without either still starts (forms without sensitive fields work), but
// writing or searching a sensitive field is refused with 503 ENCRYPTION_KEY_MISSING: a key made
// up by one process would be unknown to the others and lost on restart.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '#engine/config.ts';
import { FieldCipher } from '#engine/core/crypto/field-cipher.ts';
import {
  generateKeyMaterial,
  Keyring,
  KeyringError,
  keyringFromEnv,
  keyringFromKeyFile,
} from '#engine/core/crypto/keyring.ts';
import { cryptoErrors, MISSING_KEY_HELP } from '#engine/core/crypto/errors.ts';

export interface KeySource {
  /** null: no key configured (distributed mode without ENCRYPTION_KEY). */
  keyring: Keyring | null;
  /** Where the keys came from: 'env', the key file's path, or 'none'. */
  source: 'env' | 'none' | string;
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

/** The configured keys; a malformed key or a missing ENCRYPTION_KEY_FILE is a ConfigError. */
export function loadKeyring(config: KeyConfig, env: NodeJS.ProcessEnv = process.env): KeySource {
  try {
    if (env.ENCRYPTION_KEY)
      return { keyring: keyringFromEnv(env.ENCRYPTION_KEY), source: 'env', generated: false };
    const file = keyFilePath(config, env);
    if (!file) return { keyring: null, source: 'none', generated: false };
    if (existsSync(file))
      return { keyring: keyringFromKeyFile(readFileSync(file, 'utf8')), source: file, generated: false };
    if (env.ENCRYPTION_KEY_FILE) throw new KeyringError(`ENCRYPTION_KEY_FILE ${file} does not exist`);
    const fresh = generateKeyMaterial();
    const keyring = new Keyring([fresh], fresh.id);
    saveKeyFile(file, keyring);
    return { keyring, source: file, generated: true };
  } catch (e) {
    if (e instanceof KeyringError) throw new ConfigError(`field-encryption keys: ${e.message}`);
    throw e;
  }
}

export { MISSING_KEY_HELP };

/** The cipher without keys: reading shows sensitive values as unreadable, writing them is refused. */
export class UnavailableCipher extends FieldCipher {
  constructor() {
    const placeholder = generateKeyMaterial();
    super(new Keyring([placeholder], placeholder.id));
  }
  override encrypt(): string {
    throw cryptoErrors.keyMissing();
  }
  override decrypt(): unknown {
    throw cryptoErrors.keyMissing();
  }
  override blindIndex(): string {
    throw cryptoErrors.keyMissing();
  }
  override blindIndexes(): string[] {
    throw cryptoErrors.keyMissing();
  }
}

/** Writes the key file atomically (temporary file, fsync'd by writeFileSync's flush, rename), mode 0600. */
export function saveKeyFile(file: string, keyring: Keyring): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, keyring.toKeyFile(), { mode: 0o600, flush: true });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
