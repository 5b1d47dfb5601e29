// Re-encrypting every sensitive value with the keyring's active key (`npm run rotate-key`):
// record data, blind indexes, and the encrypted before/after values of history entries (in the
// records' `lastChange` and in `record_history`). Only values under another key are touched, so
// a rotation that stopped half-way can simply run again; a second run finds nothing to do.
// Each record is rewritten with a revision check and gets a `rotate` history entry.
import { isEncrypted, keyIdOf, type FieldCipher } from '#engine/core/crypto/field-cipher.ts';
import type { FieldChange } from '#engine/core/forms/diff.ts';
import { fieldPathOfPointer } from '#engine/core/forms/field-index.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { FormService } from '../forms/form-service.ts';
import { getAt, setAt } from '#engine/core/doc-paths.ts';
import { RecordCodec } from './record-codec.ts';
import { RECORD_HISTORY, recordCollection, type HistoryEntry, type StoredRecord } from './record-docs.ts';
import { historyEntry, recordRevOf } from './record-docs.ts';

export interface RotationReport {
  forms: number;
  records: number;
  values: number;
  historyEntries: number;
  /** Values still under another key after the run (0 when the old keys can be retired). */
  remaining: number;
  /** Key ids still in use by some value after the run. */
  keysInUse: string[];
}

const PAGE = 500;

export async function rotateEncryptionKeys(options: {
  store: DocumentStore;
  forms: FormService;
  cipher: FieldCipher;
  clock: Clock;
  onProgress?: (message: string) => void;
}): Promise<RotationReport> {
  const { store, forms, cipher } = options;
  const report: RotationReport = {
    forms: 0,
    records: 0,
    values: 0,
    historyEntries: 0,
    remaining: 0,
    keysInUse: [],
  };
  const now = () => new Date(options.clock.now()).toISOString();
  const reencrypt = (value: unknown, context: string): unknown =>
    isEncrypted(value) && cipher.isStale(value)
      ? cipher.encrypt(cipher.decrypt(value, context), context)
      : value;
  const rotateChanges = (changes: FieldChange[], form: string, recordId: string): FieldChange[] =>
    changes.map((c) => {
      const context = RecordCodec.context(form, recordId, fieldPathOfPointer(c.path));
      const out: FieldChange = { path: c.path };
      if (c.before !== undefined) out.before = reencrypt(c.before, context);
      if (c.after !== undefined) out.after = reencrypt(c.after, context);
      return out;
    });
  const staleIn = (value: unknown): number => {
    const json = JSON.stringify(value);
    let n = 0;
    for (const m of json.matchAll(/"enc:v1:([A-Za-z0-9_-]+):/g)) {
      if (m[1] !== cipher.keyring.activeId) n++;
    }
    return n;
  };

  for (const formId of await forms.publishedFormIds()) {
    report.forms++;
    const col = store.collection<StoredRecord>(recordCollection(formId));
    let after: string | undefined;
    for (;;) {
      const page = await col.find({}, { sort: [['id', 1]], limit: PAGE, ...(after ? { after } : {}) });
      for (const row of page.items) {
        if (staleIn(row.data) + staleIn(row.lastChange) === 0) continue;
        for (let attempt = 0; ; attempt++) {
          const current = attempt === 0 ? row : ((await col.get(row.id)) as Stored<StoredRecord>);
          const form = await forms.compiled(formId, current.formVersion);
          const data = structuredClone(current.data);
          const blind = structuredClone(current.blind ?? {});
          let values = 0;
          for (const field of form.fields.all()) {
            if (!field.sensitive) continue;
            const token = getAt(data, field.segments);
            if (!isEncrypted(token) || !cipher.isStale(token)) continue;
            const plain = cipher.decrypt(token, RecordCodec.context(formId, current.id, field.path));
            setAt(
              data,
              field.segments,
              cipher.encrypt(plain, RecordCodec.context(formId, current.id, field.path)),
            );
            setAt(
              blind,
              field.segments,
              cipher.blindIndex(RecordCodec.blindScope(formId, field.path), plain),
            );
            values++;
          }
          // The previous change goes to the history collection (re-encrypted below) before it is replaced.
          await store
            .collection<HistoryEntry>(RECORD_HISTORY)
            .insert(current.lastChange)
            .catch((e: { code?: string }) => {
              if (e.code !== 'DUPLICATE_KEY') throw e;
            });
          const { id, rev, ...base } = current;
          try {
            await col.replace(id, rev, {
              ...base,
              data,
              ...(Object.keys(blind).length ? { blind } : {}),
              lastChange: historyEntry(formId, id, recordRevOf(current) + 1, 'rotate', now(), 'system', []),
            });
            report.records++;
            report.values += values;
            break;
          } catch (e) {
            if (!(e instanceof RevisionConflictError) || attempt > 5) throw e;
          }
        }
      }
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    options.onProgress?.(`${formId}: done`);
  }

  const history = store.collection<HistoryEntry>(RECORD_HISTORY);
  let after: string | undefined;
  for (;;) {
    const page = await history.find({}, { sort: [['id', 1]], limit: PAGE, ...(after ? { after } : {}) });
    for (const entry of page.items) {
      if (staleIn(entry.changes) === 0) continue;
      const changes = rotateChanges(entry.changes, entry.form, entry.recordId);
      const { id, rev, ...rest } = entry;
      await history.replace(id, rev, { ...rest, changes });
      report.historyEntries++;
    }
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }

  // What is left under other keys (values written by another process meanwhile, for instance).
  const counts = new Map<string, number>();
  for (const formId of await forms.publishedFormIds())
    await eachPage(store.collection<StoredRecord>(recordCollection(formId)), ['data', 'lastChange'], (row) =>
      countKeys([row.data, row.lastChange], counts),
    );
  await eachPage(history, ['changes'], (e) => countKeys(e.changes, counts));
  report.keysInUse = [...counts.keys()].sort();
  // The embedded store keeps superseded versions in its append-only journal until it compacts;
  // compacting now leaves no value under the old keys on disk.
  const compactable = store as DocumentStore & { compactAll?: () => void };
  if (typeof compactable.compactAll === 'function') compactable.compactAll();
  report.remaining = [...counts]
    .filter(([k]) => k !== cipher.keyring.activeId)
    .reduce((n, [, c]) => n + c, 0);
  return report;
}

async function eachPage<T extends object>(
  col: Collection<T>,
  projection: string[],
  fn: (doc: Stored<T>) => void,
): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const page = await col.find(
      {},
      { sort: [['id', 1]], limit: PAGE, projection, ...(after ? { after } : {}) },
    );
    for (const doc of page.items) fn(doc);
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

function countKeys(value: unknown, counts: Map<string, number>): void {
  for (const m of JSON.stringify(value).matchAll(/"(enc:v1:[A-Za-z0-9_-]+:)/g)) {
    const id = keyIdOf(m[1]);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
}
