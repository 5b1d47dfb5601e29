// Field-level encryption of sensitive values (AES-256-GCM) and their blind index (HMAC-SHA-256).
//
// An encrypted value is a string `enc:v1:<key id>:<iv>:<ciphertext+tag>` (base64url): the key id
// lets keys rotate. The plaintext is the value's JSON, so numbers stay numbers. Associated data
// binds a ciphertext to its place (form, record id, field path): a value copied into another
// record or field fails authentication instead of decrypting there.
//
// The blind index is a keyed HMAC of the (canonical) value within a scope (form + field path),
// truncated to 128 bits: equal values give equal indexes, so equality search works without
// decrypting, and without the key nobody can test a guess against the stored index.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.ts';

export const ENCRYPTED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * IVs come from a pool of CSPRNG bytes filled ~4 KiB at a time: one call into the generator per
 * 341 encryptions instead of one each (a visible share of a record write). A pool is replaced, never
 * refilled in place, so an IV handed out keeps its bytes.
 */
const IV_POOL_BYTES = IV_BYTES * 341;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  ivOffset += IV_BYTES;
  return ivPool.subarray(ivOffset - IV_BYTES, ivOffset);
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);
}

/** The key id of an encrypted value, or null when the value is not one. */
export function keyIdOf(value: unknown): string | null {
  if (!isEncrypted(value)) return null;
  const end = value.indexOf(':', ENCRYPTED_PREFIX.length);
  return end === -1 ? null : value.slice(ENCRYPTED_PREFIX.length, end);
}

export class FieldCipher {
  constructor(readonly keyring: Keyring) {}

  encrypt(value: unknown, context: string): string {
    const key = this.keyring.active;
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', key.encryption, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([
      cipher.update(JSON.stringify(value), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${ENCRYPTED_PREFIX}${key.id}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  decrypt(token: string, context: string): unknown {
    const parts = token.startsWith(ENCRYPTED_PREFIX) ? token.slice(ENCRYPTED_PREFIX.length).split(':') : [];
    if (parts.length !== 3) throw new DecryptionError('not an encrypted value');
    const [keyId, ivText, bodyText] = parts as [string, string, string];
    const key = this.keyring.get(keyId);
    if (!key)
      throw new DecryptionError(`unknown encryption key "${keyId}" (is it missing from the keyring?)`);
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
      throw new DecryptionError('malformed encrypted value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.encryption, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8'));
    } catch {
      throw new DecryptionError('the encrypted value fails authentication (tampered, moved or wrong key)');
    }
  }

  /** Does this value need re-encryption with the active key? */
  isStale(token: string): boolean {
    return keyIdOf(token) !== this.keyring.activeId;
  }

  /** The blind index of `value` within `scope`, with the active key (what is stored). */
  blindIndex(scope: string, value: unknown): string {
    return hmac(this.keyring.active.index, scope, value);
  }

  /** The blind index under every key (what a query looks for, whichever key a record used). */
  blindIndexes(scope: string, value: unknown): string[] {
    return this.keyring.ids.map((id) =>
      hmac((this.keyring.get(id) as { index: Buffer }).index, scope, value),
    );
  }
}

function hmac(key: Buffer, scope: string, value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return createHmac('sha256', key)
    .update(scope)
    .update('\u0000')
    .update(text)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}
