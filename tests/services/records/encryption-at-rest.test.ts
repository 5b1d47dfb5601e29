// Sensitive fields are unreadable in the raw store — the embedded journal files on disk, and
// every document of every collection in MongoDB — in records, history and blind indexes alike;
// and key rotation re-encrypts everything without losing a value or a search hit.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '#engine/core/crypto/field-cipher.ts';
import { rotateEncryptionKeys } from '#engine/services/records/key-rotation.ts';
import { claimData, expenseClaim } from '#tests/core/forms/fixtures.ts';
import { mongodbUrl } from '#tests/support/services.ts';
import {
  analyst,
  employee,
  formsActor,
  MODES,
  on,
  openStore,
  principal,
  services,
  testKeyring,
  type OpenedStore,
  type Services,
} from './support.ts';

const FORM = 'expense-claim';
const SECRETS = [
  '13812345678',
  '13900001111',
  '11010519491231002X',
  'GB82WEST12345698765432',
  '8500',
  '123456',
];
const owner = employee('erin');
const finance = principal('fin', ['finance'], [{ resource: `record:${FORM}`, actions: ['read'] }]);

/** Every byte the store holds, as text. */
async function rawStore(opened: OpenedStore): Promise<string> {
  if (opened.dir) {
    const files = readdirSync(opened.dir).filter((f) => f.endsWith('.jsonl'));
    expect(files).toContain(`records.${FORM}.jsonl`);
    return files.map((f) => readFileSync(join(opened.dir as string, f), 'utf8')).join('\n');
  }
  const client = await MongoClient.connect(mongodbUrl());
  try {
    const db = client.db(opened.dbName);
    const out: string[] = [];
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray())
      out.push(JSON.stringify(await db.collection(name).find({}).toArray()));
    return out.join('\n');
  } finally {
    await client.close();
  }
}

describe.each(MODES)('encryption at rest (%s)', (mode) => {
  let opened: OpenedStore;
  let s: Services;
  let id: string;

  beforeAll(async () => {
    opened = await openStore(mode, 'crypto');
    s = await services(opened.store, testKeyring());
    await s.forms.publishDefinition(
      formsActor(analyst),
      expenseClaim({ permissions: { readSensitive: ['finance'] } }),
    );
    const created = await s.records.create(
      on(owner, FORM, 'create'),
      FORM,
      claimData({
        idCard: '11010519491231002X',
        bankAccount: 'GB82WEST12345698765432',
        salary: '8500',
        payee: { name: 'Li' },
        title: 'Claim 123456',
      }),
    );
    id = created.id;
    // an update puts before/after values of a sensitive field into the history
    await s.records.update(on(owner, FORM, 'update'), FORM, id, { rev: 1, patch: { phone: '13900001111' } });
    await s.records.update(on(owner, FORM, 'update'), FORM, id, { rev: 2, patch: { category: 'meals' } });
  });
  afterAll(async () => opened.cleanup());

  it('no sensitive value appears in the raw store; ciphertexts and ordinary values do', async () => {
    const raw = await rawStore(opened);
    expect(raw).toContain('enc:v1:k1:');
    expect(raw).toContain('Claim 123456'); // the title is not sensitive: we are reading the right bytes
    for (const secret of SECRETS.filter((x) => x !== '123456')) expect(raw).not.toContain(secret);
    expect(raw).not.toContain('8500.00');
  });

  it('rotation re-encrypts every value under a new key; records, history and search still work', async () => {
    const before = await rawStore(opened);
    const rotated = s.cipher.keyring.withNewActiveKey();
    const cipher = new FieldCipher(rotated);
    const report = await rotateEncryptionKeys({
      store: opened.store,
      forms: s.forms,
      cipher,
      clock: s.clock,
    });
    expect(report).toMatchObject({ forms: 1, records: 1, remaining: 0, keysInUse: [rotated.activeId] });
    expect(report.values).toBe(4);
    expect(report.historyEntries).toBeGreaterThanOrEqual(1);
    const after = await rawStore(opened);
    expect(before).toContain('enc:v1:k1:');
    expect(after).not.toContain('enc:v1:k1:');
    for (const secret of SECRETS.filter((x) => x !== '123456')) expect(after).not.toContain(secret);

    // Services with only the new key read everything.
    const fresh = await services(opened.store, rotated.without(['k1']));
    const record = await fresh.records.get(on(finance, FORM, 'read'), FORM, id);
    expect(record.data).toMatchObject({
      phone: '13900001111',
      salary: '8500.00',
      idCard: '11010519491231002X',
    });
    expect(record.unreadable).toBeUndefined();
    const hits = await fresh.records.list(on(finance, FORM, 'read'), FORM, {
      where: { 'data.bankAccount': 'GB82WEST12345698765432' },
    });
    expect(hits.items.map((r) => r.id)).toEqual([id]);
    const history = await fresh.records.history(on(finance, FORM, 'read'), FORM, id);
    expect(history.find((h) => h.rev === 2)?.changes).toEqual([
      { path: '/phone', before: '13812345678', after: '13900001111' },
    ]);
    expect(history.at(-1)).toMatchObject({ action: 'rotate', by: 'system' });

    // A second run has nothing to do.
    const again = await rotateEncryptionKeys({ store: opened.store, forms: s.forms, cipher, clock: s.clock });
    expect([again.records, again.values, again.historyEntries, again.remaining]).toEqual([0, 0, 0, 0]);
  });

  it('a keyring missing the key shows the value as unreadable instead of failing the read', async () => {
    const stranger = await services(opened.store, testKeyring());
    const record = await stranger.records.get(on(finance, FORM, 'read'), FORM, id);
    expect(record.unreadable).toEqual(['data.bankAccount', 'data.idCard', 'data.phone', 'data.salary']);
    expect(record.data).not.toHaveProperty('phone');
    expect(record.data.title).toBe('Claim 123456');
  });
});
