import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DecryptionError, FieldCipher, isEncrypted, keyIdOf } from '#engine/core/crypto/field-cipher.ts';
import { Keyring, KeyringError, keyringFromEnv, keyringFromKeyFile } from '#engine/core/crypto/keyring.ts';
import { maskSensitive } from '#engine/core/crypto/mask.ts';

const key = () => randomBytes(32).toString('base64');

describe('field encryption', () => {
  it('round-trips values of any JSON type, bound to their place', () => {
    const cipher = new FieldCipher(keyringFromEnv(`k1:${key()}`));
    for (const value of ['13812345678', 8500.5, true, { a: [1, '二'] }]) {
      const token = cipher.encrypt(value, 'form|rec|phone');
      expect(isEncrypted(token)).toBe(true);
      expect(keyIdOf(token)).toBe('k1');
      expect(token).not.toContain(JSON.stringify(value).replace(/"/g, ''));
      expect(cipher.decrypt(token, 'form|rec|phone')).toEqual(value);
    }
  });

  it('uses a fresh IV each time, across refills of the IV pool', () => {
    const cipher = new FieldCipher(keyringFromEnv(key()));
    expect(cipher.encrypt('x', 'c')).not.toBe(cipher.encrypt('x', 'c'));
    // The pool holds 341 IVs: 1,000 encryptions cross it twice; IVs handed out keep their bytes.
    const tokens = Array.from({ length: 1000 }, (_, i) => cipher.encrypt(i, 'c'));
    const ivs = tokens.map((t) => t.split(':')[3]);
    expect(new Set(ivs).size).toBe(1000);
    expect(ivs.every((iv) => Buffer.from(iv!, 'base64url').length === 12)).toBe(true);
    expect(tokens.map((t) => cipher.decrypt(t, 'c'))).toEqual(tokens.map((_, i) => i));
  });

  it('fails authentication when moved to another record or field, or tampered with', () => {
    const cipher = new FieldCipher(keyringFromEnv(key()));
    const token = cipher.encrypt('13812345678', 'form|rec1|phone');
    expect(() => cipher.decrypt(token, 'form|rec2|phone')).toThrow(DecryptionError);
    const body = token.slice(0, -3) + (token.endsWith('A') ? 'BBB' : 'AAA');
    expect(() => cipher.decrypt(body, 'form|rec1|phone')).toThrow(/fails authentication/);
  });

  it('decrypts with an old key after rotation and reports unknown keys clearly', () => {
    const old = keyringFromKeyFile(
      new Keyring([{ id: 'old', material: randomBytes(32) }], 'old').toKeyFile(),
    );
    const oldToken = new FieldCipher(old).encrypt('secret', 'c');
    const rotated = old.withNewActiveKey();
    const cipher = new FieldCipher(rotated);
    expect(cipher.decrypt(oldToken, 'c')).toBe('secret');
    expect(cipher.isStale(oldToken)).toBe(true);
    expect(cipher.isStale(cipher.encrypt('secret', 'c'))).toBe(false);
    const onlyNew = rotated.without(['old']);
    expect(() => new FieldCipher(onlyNew).decrypt(oldToken, 'c')).toThrow(/unknown encryption key "old"/);
    expect(() => rotated.without([rotated.activeId])).toThrow(KeyringError);
  });

  it('blind indexes: equal values match within a scope, under every key', () => {
    const ring = keyringFromEnv(`a:${key()},b:${key()}`);
    const cipher = new FieldCipher(ring);
    expect(cipher.blindIndex('f\u0000phone', '13812345678')).toBe(
      cipher.blindIndex('f\u0000phone', '13812345678'),
    );
    expect(cipher.blindIndex('f\u0000phone', '13812345678')).not.toBe(
      cipher.blindIndex('g\u0000phone', '13812345678'),
    );
    const all = cipher.blindIndexes('f\u0000phone', '13812345678');
    expect(all).toHaveLength(2);
    expect(all[0]).toBe(cipher.blindIndex('f\u0000phone', '13812345678'));
    expect(all[0]).not.toContain('138');
  });

  it('parses key sources and rejects bad ones', () => {
    expect(keyringFromEnv(`k2:${key()}, k1:${key()}`).ids).toEqual(['k2', 'k1']);
    expect(keyringFromEnv(key()).activeId).toMatch(/^k-[0-9a-f]{8}$/);
    expect(() => keyringFromEnv('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => keyringFromEnv(`bad id:${key()}`)).toThrow(/invalid key id/);
    expect(() => keyringFromKeyFile('{"active":"x","keys":{}}')).toThrow(KeyringError);
    expect(() => keyringFromKeyFile('nope')).toThrow(/not valid JSON/);
  });
});

describe('masking', () => {
  it.each([
    ['13812345678', 'cn-mobile', '138****5678'],
    ['11010519491231002X', 'cn-id-card', '110105********002X'],
    ['GB82WEST12345698765432', 'iban', 'GB****5432'],
    ['8500.00', 'money', '****'],
    ['li.wei@example.com', 'email', 'l****@example.com'],
    ['Shenzhen Nanshan', undefined, 'She****shan'],
    ['abc', undefined, '****'],
  ])('%s (%s) → %s', (value, format, masked) => {
    expect(maskSensitive(value, format)).toBe(masked);
  });

  it('gives nothing away for non-text values', () => {
    expect(maskSensitive(8500, undefined)).toBe('****');
    expect(maskSensitive(null, undefined)).toBe(null);
  });
});
