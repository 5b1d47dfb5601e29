// The keys that encrypt sensitive fields. Each key has an id stored with every value it
// encrypts, so keys can rotate: new values use the active key, old values stay readable with
// theirs until `npm run rotate-key` re-encrypts them. From one 32-byte key material two keys are
// derived (HKDF-SHA-256): one for AES-256-GCM, one for the HMAC blind index.
//
// Sources (parsed here, read by engine/src/services/records/encryption-keys.ts):
// - ENCRYPTION_KEY: comma-separated `id:base64` entries, the first one active; a bare base64 key
//   gets an id derived from its fingerprint.
// - a key file (JSON): { "active": "k-…", "keys": { "k-…": "base64", … } }.
import { createHash, hkdfSync, randomBytes } from 'node:crypto';

export interface KeyEntry {
  id: string;
  /** AES-256-GCM key. */
  encryption: Buffer;
  /** HMAC-SHA-256 key of the blind index. */
  index: Buffer;
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function derive(material: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), `forma/${purpose}/v1`, 32));
}

function decodeMaterial(id: string, base64: string): Buffer {
  const material = Buffer.from(base64.trim(), 'base64');
  if (material.length !== 32)
    throw new KeyringError(`key "${id}" must be 32 bytes in base64 (got ${material.length} bytes)`);
  return material;
}

export class Keyring {
  private readonly entries = new Map<string, KeyEntry>();
  private readonly materials = new Map<string, string>();

  constructor(
    keys: ReadonlyArray<{ id: string; material: Buffer }>,
    readonly activeId: string,
  ) {
    if (keys.length === 0) throw new KeyringError('a keyring needs at least one key');
    for (const { id, material } of keys) {
      if (!KEY_ID.test(id))
        throw new KeyringError(`invalid key id "${id}" (letters, digits, _ and -, 32 at most)`);
      if (this.entries.has(id)) throw new KeyringError(`key id "${id}" appears twice`);
      this.entries.set(id, {
        id,
        encryption: derive(material, 'field-encryption'),
        index: derive(material, 'blind-index'),
      });
      this.materials.set(id, material.toString('base64'));
    }
    if (!this.entries.has(activeId))
      throw new KeyringError(`the active key "${activeId}" is not in the keyring`);
  }

  get active(): KeyEntry {
    return this.entries.get(this.activeId) as KeyEntry;
  }

  get(id: string): KeyEntry | undefined {
    return this.entries.get(id);
  }

  /** Every key id, the active one first. */
  get ids(): string[] {
    return [this.activeId, ...[...this.entries.keys()].filter((id) => id !== this.activeId)];
  }

  /** A keyring with a freshly generated key made active (the others kept to decrypt). */
  withNewActiveKey(): Keyring {
    const fresh = generateKeyMaterial();
    return new Keyring([fresh, ...this.exportMaterials()], fresh.id);
  }

  /** A keyring without the given keys (after rotation, when nothing uses them any more). */
  without(ids: readonly string[]): Keyring {
    if (ids.includes(this.activeId)) throw new KeyringError('the active key cannot be removed');
    return new Keyring(
      this.exportMaterials().filter((k) => !ids.includes(k.id)),
      this.activeId,
    );
  }

  /**
   * A 32-byte key for another purpose (e.g. the audit chain's HMAC), derived from key `id`'s
   * material under its own HKDF label, so it reveals nothing about the other keys made from it.
   */
  derive(id: string, purpose: string): Buffer | undefined {
    const material = this.materials.get(id);
    return material === undefined ? undefined : derive(Buffer.from(material, 'base64'), purpose);
  }

  /** The key file's JSON text. */
  toKeyFile(): string {
    const keys = Object.fromEntries(this.ids.map((id) => [id, this.materials.get(id) as string]));
    return `${JSON.stringify({ active: this.activeId, keys }, null, 2)}\n`;
  }

  private exportMaterials(): Array<{ id: string; material: Buffer }> {
    return this.ids.map((id) => ({ id, material: Buffer.from(this.materials.get(id) as string, 'base64') }));
  }
}

/** A new random 32-byte key with a random id. */
export function generateKeyMaterial(): { id: string; material: Buffer } {
  return { id: `k-${randomBytes(4).toString('hex')}`, material: randomBytes(32) };
}

/** Parses ENCRYPTION_KEY: `id:base64[,id:base64…]` (first active) or one bare base64 key. */
export function keyringFromEnv(value: string): Keyring {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new KeyringError('ENCRYPTION_KEY is empty');
  const keys = entries.map((entry) => {
    const colon = entry.indexOf(':');
    if (colon === -1) {
      const material = decodeMaterial('ENCRYPTION_KEY', entry);
      return { id: `k-${createHash('sha256').update(material).digest('hex').slice(0, 8)}`, material };
    }
    const id = entry.slice(0, colon);
    return { id, material: decodeMaterial(id, entry.slice(colon + 1)) };
  });
  return new Keyring(keys, (keys[0] as { id: string }).id);
}

/** Parses a key file's JSON text. */
export function keyringFromKeyFile(text: string): Keyring {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyringError('the key file is not valid JSON');
  }
  const file = parsed as { active?: unknown; keys?: unknown };
  if (typeof file.active !== 'string' || typeof file.keys !== 'object' || file.keys === null)
    throw new KeyringError('the key file needs "active" (a key id) and "keys" (id → base64)');
  const keys = Object.entries(file.keys as Record<string, unknown>).map(([id, b64]) => {
    if (typeof b64 !== 'string') throw new KeyringError(`key "${id}" must be a base64 string`);
    return { id, material: decodeMaterial(id, b64) };
  });
  return new Keyring(keys, file.active);
}
