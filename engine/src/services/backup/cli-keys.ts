// The keys a restore from the command line can decrypt with: ENCRYPTION_KEY, or the key file
// (ENCRYPTION_KEY_FILE, or encryption-keys.json in DATA_DIR in the embedded mode). Unlike
// `npm start`, a restore never generates a key file: a new key could not read the backup.
import { existsSync, readFileSync } from 'node:fs';
import { keyringFromEnv, keyringFromKeyFile } from '#engine/core/crypto/keyring.ts';
import { keyFilePath, type KeyConfig } from '../records/encryption-keys.ts';
import type { KeyCheck } from './restore.ts';

export function cliKeyCheck(config: KeyConfig, env: NodeJS.ProcessEnv = process.env): KeyCheck {
  const file = keyFilePath(config, env);
  const hint = file
    ? `copy the key file of the installation that made the backup to ${file}, or set ENCRYPTION_KEY`
    : 'set ENCRYPTION_KEY to the keys of the installation that made the backup';
  const hintZh = file
    ? `请将生成该备份的系统的密钥文件复制到 ${file}，或设置 ENCRYPTION_KEY`
    : '请将 ENCRYPTION_KEY 设置为生成该备份的系统的密钥';
  if (env.ENCRYPTION_KEY) return { available: keyringFromEnv(env.ENCRYPTION_KEY).ids, hint, hintZh };
  if (file && existsSync(file))
    return { available: keyringFromKeyFile(readFileSync(file, 'utf8')).ids, hint, hintZh };
  return { available: null, hint, hintZh };
}

/** Where the keys of a backup's encrypted values are (they are never in the archive). */
export function keyLocation(config: KeyConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (env.ENCRYPTION_KEY) return 'ENCRYPTION_KEY';
  return keyFilePath(config, env) ?? 'ENCRYPTION_KEY';
}
