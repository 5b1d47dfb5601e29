// The keys that seal the audit chain (pure). With a public hash function anyone who can write the
// store can rewrite an entry and re-hash every entry after it, and the chain verifies again; an
// HMAC needs a key the store does not hold. Each sealed entry and anchor names the key it was
// sealed with, so keys rotate: the first key seals, the others still verify what they sealed.
//
// The key material has the formats of the field-encryption keys (core/crypto/keyring.ts):
// `id:base64[,id:base64…]` in AUDIT_KEY, or a key file { "active": …, "keys": { id: base64 } }.
// The HMAC key is derived from it under its own label, so even the same material given to both
// would not make the audit key equal to an encryption key.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.ts';

const PURPOSE = 'audit-chain';

export class AuditKeys {
  private readonly macKeys = new Map<string, Buffer>();

  constructor(readonly keyring: Keyring) {
    for (const id of keyring.ids) this.macKeys.set(id, keyring.derive(id, PURPOSE) as Buffer);
  }

  /** The key new entries and anchors are sealed with. */
  get activeId(): string {
    return this.keyring.activeId;
  }

  /** Every key id, the active one first. */
  get ids(): string[] {
    return this.keyring.ids;
  }

  has(id: string): boolean {
    return this.macKeys.has(id);
  }

  /** HMAC-SHA-256 (hex) of `text` under key `id`; undefined when this keyring lacks the key. */
  mac(id: string, text: string): string | undefined {
    const key = this.macKeys.get(id);
    return key && createHmac('sha256', key).update(text).digest('hex');
  }

  /** Whether `mac` is the seal of `text` under key `id` (false for an unknown key). */
  verify(id: string, text: string, mac: string): boolean {
    const expected = this.mac(id, text);
    if (expected === undefined || typeof mac !== 'string' || mac.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(expected), Buffer.from(mac));
  }
}
