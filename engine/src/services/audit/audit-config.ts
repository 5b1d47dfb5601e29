// Where the audit chain's key and anchors live — never with the data they protect: whoever can
// write the store (a database account, a copy of DATA_DIR) must not also find the key that seals
// the log, nor the record of its head.
//
//   AUDIT_KEY                 keys `id:base64[,id:base64…]`, the first seals (the distributed mode
//                             needs it, the same on every API replica and worker)
//   AUDIT_DIR                 a directory outside DATA_DIR: the key file `audit-keys.json` (when
//                             AUDIT_KEY is unset) and the anchor file. Embedded default: the
//                             data directory's sibling `<DATA_DIR>-audit`
//   AUDIT_KEY_FILE            the key file elsewhere (default AUDIT_DIR/audit-keys.json)
//   AUDIT_ANCHOR_DIR          the anchor file elsewhere (default AUDIT_DIR): another disk, a share
//   AUDIT_ANCHOR_SECONDS      how often the head is anchored when it moved (default 60; 0: only
//                             on shutdown and with backups)
//   AUDIT_ANCHOR_MAIL_HOURS   how often the administrators get the head by e-mail (default 24;
//                             0: never; needs an e-mail channel)
//
// The embedded mode makes the key file on first start (mode 0600), like the field-encryption key
// file; the distributed mode never makes one (replicas would each make their own).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError } from '#engine/config.ts';
import { AuditKeys } from '#engine/core/audit/audit-keys.ts';
import {
  generateKeyMaterial,
  Keyring,
  KeyringError,
  keyringFromEnv,
  keyringFromKeyFile,
} from '#engine/core/crypto/keyring.ts';
import { saveKeyFile } from '../records/encryption-keys.ts';

export const AUDIT_KEY_FILE_NAME = 'audit-keys.json';
export const ANCHOR_FILE_NAME = 'audit-anchors.jsonl';

export interface AuditConfig {
  /** Where the key file is read (and, embedded, made); null: only AUDIT_KEY. */
  keyFile: string | null;
  /** Whether a missing key file is made (embedded mode, default location or AUDIT_DIR). */
  makeKeyFile: boolean;
  /** Directory of the append-only anchor file; null: no anchor file. */
  anchorDir: string | null;
  anchorEveryMs: number;
  mailEveryMs: number;
}

export interface AuditKeySource {
  keys: AuditKeys | null;
  /** 'env', the key file's path, or 'none'. */
  source: string;
  generated: boolean;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a number ≥ 0, got "${value}"`);
  return n;
}

const inside = (dir: string, parent: string): boolean => {
  const rel = relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
};

export function auditConfigFromEnv(
  config: { mode: 'embedded' | 'distributed'; dataDir: string },
  env: NodeJS.ProcessEnv = process.env,
): AuditConfig {
  const dataDir = resolve(config.dataDir || 'data');
  const dir = env.AUDIT_DIR ? resolve(env.AUDIT_DIR) : config.mode === 'embedded' ? `${dataDir}-audit` : null;
  const keyFile = env.AUDIT_KEY_FILE ? resolve(env.AUDIT_KEY_FILE) : dir && join(dir, AUDIT_KEY_FILE_NAME);
  const anchorDir = env.AUDIT_ANCHOR_DIR ? resolve(env.AUDIT_ANCHOR_DIR) : dir;
  if (config.mode === 'embedded')
    for (const [name, path] of [
      ['AUDIT_DIR', dir],
      ['AUDIT_KEY_FILE', keyFile && dirname(keyFile)],
      ['AUDIT_ANCHOR_DIR', anchorDir],
    ] as const)
      if (path && inside(path, dataDir))
        throw new ConfigError(
          `${name} (${path}) is inside DATA_DIR: the audit key and anchors must not live with the data they protect`,
        );
  return {
    keyFile,
    makeKeyFile: config.mode === 'embedded' && !env.AUDIT_KEY_FILE,
    anchorDir,
    anchorEveryMs: number(env, 'AUDIT_ANCHOR_SECONDS', 60) * 1000,
    mailEveryMs: number(env, 'AUDIT_ANCHOR_MAIL_HOURS', 24) * 3600_000,
  };
}

/** AUDIT_KEY, else the key file (made on the embedded mode's first start), else none. */
export function loadAuditKeys(audit: AuditConfig, env: NodeJS.ProcessEnv = process.env): AuditKeySource {
  try {
    if (env.AUDIT_KEY)
      return { keys: new AuditKeys(keyringFromEnv(env.AUDIT_KEY)), source: 'env', generated: false };
    const file = audit.keyFile;
    if (!file) return { keys: null, source: 'none', generated: false };
    if (existsSync(file))
      return {
        keys: new AuditKeys(keyringFromKeyFile(readFileSync(file, 'utf8'))),
        source: file,
        generated: false,
      };
    if (!audit.makeKeyFile) {
      if (env.AUDIT_KEY_FILE) throw new KeyringError(`AUDIT_KEY_FILE ${file} does not exist`);
      return { keys: null, source: 'none', generated: false };
    }
    const fresh = generateKeyMaterial();
    const keyring = new Keyring([fresh], fresh.id);
    saveKeyFile(file, keyring);
    return { keys: new AuditKeys(keyring), source: file, generated: true };
  } catch (e) {
    if (e instanceof KeyringError) throw new ConfigError(`audit keys: ${e.message}`);
    throw e;
  }
}

export const MISSING_AUDIT_KEY_HELP =
  'Set AUDIT_KEY (the same on every API replica and worker), e.g. "a1:" followed by the output of ' +
  `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;
