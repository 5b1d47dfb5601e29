// Between a record's plain data and its stored form: sensitive fields encrypted (AES-256-GCM,
// bound to form, record and field) with their blind indexes, decimal shadows, title and search
// tokens — and back, as a given reader may see it (hidden fields removed, masked fields masked).
import type { FormDefinition, RecordEnvelope } from '#schemas/generated/index.ts';
import type { FieldCipher } from '#engine/core/crypto/field-cipher.ts';
import { isEncrypted } from '#engine/core/crypto/field-cipher.ts';
import { maskSensitive } from '#engine/core/crypto/mask.ts';
import { getAt, setAt, transformAt, unsetAt, valuesAt } from '#engine/core/doc-paths.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FieldChange } from '#engine/core/forms/diff.ts';
import { fieldPathOfPointer } from '#engine/core/forms/field-index.ts';
import { DECIMAL_FORMATS } from '#engine/core/forms/formats.ts';
import { titleTokens } from '#engine/core/forms/search-tokens.ts';
import type { FieldRestrictions, Principal } from '#engine/core/permissions/access.ts';
import { INTERNAL_FIELDS, recordRevOf, type HistoryEntry, type StoredRecord } from './record-docs.ts';

type Data = Record<string, unknown>;

/** Roles that pass the form-level permission lists and read sensitive fields in clear. */
export const PRIVILEGED_ROLES = ['admin', 'system'];

export interface StoredParts {
  data: Data;
  title?: string;
  search: string[];
  num?: Data;
  blind?: Data;
}

type FieldOf = ReturnType<CompiledForm['fields']['all']>[number];

const encodedFields = new WeakMap<
  CompiledForm,
  { sensitive: FieldOf[]; decimal: Array<{ field: FieldOf; many: boolean }> }
>();

/** A form version's fields that encoding touches: sensitive ones, and decimal ones (numeric copies). */
function encodedFieldsOf(form: CompiledForm) {
  let found = encodedFields.get(form);
  if (!found) {
    found = { sensitive: [], decimal: [] };
    for (const field of form.fields.all()) {
      const format = field.types.includes('array') ? field.itemFormat : field.format;
      if (field.sensitive) found.sensitive.push(field);
      else if (format !== undefined && DECIMAL_FORMATS.has(format))
        found.decimal.push({ field, many: field.inArray || field.types.includes('array') });
    }
    encodedFields.set(form, found);
  }
  return found;
}

export class RecordCodec {
  constructor(readonly cipher: FieldCipher) {}

  /** The associated data binding an encrypted value to its place. */
  static context(formId: string, recordId: string, fieldPath: string): string {
    return `${formId}|${recordId}|${fieldPath}`;
  }

  static blindScope(formId: string, fieldPath: string): string {
    return `${formId}\u0000${fieldPath}`;
  }

  /** The stored parts of validated plain data. */
  encode(form: CompiledForm, recordId: string, plain: Data): StoredParts {
    const formId = form.definition.id;
    const data = structuredClone(plain);
    const blind: Data = {};
    const num: Data = {};
    const { sensitive, decimal } = encodedFieldsOf(form);
    for (const field of sensitive) {
      const value = getAt(data, field.segments);
      if (value === undefined) continue;
      setAt(
        data,
        field.segments,
        this.cipher.encrypt(value, RecordCodec.context(formId, recordId, field.path)),
      );
      setAt(blind, field.segments, this.cipher.blindIndex(RecordCodec.blindScope(formId, field.path), value));
    }
    for (const { field, many } of decimal) {
      const numbers: number[] = [];
      for (const v of valuesAt(plain, field.segments))
        for (const item of Array.isArray(v) ? v : [v]) {
          if (typeof item !== 'string') continue;
          const n = Number(item);
          if (Number.isFinite(n)) numbers.push(n);
        }
      if (numbers.length) setAt(num, field.segments, many ? numbers : numbers[0]);
    }
    const titleField = form.definition.titleField;
    const rawTitle = titleField ? getAt(plain, titleField.split('.')) : undefined;
    const title = typeof rawTitle === 'string' ? rawTitle.slice(0, 500) : undefined;
    return {
      data,
      search: titleTokens(title),
      ...(title !== undefined ? { title } : {}),
      ...(Object.keys(num).length ? { num } : {}),
      ...(Object.keys(blind).length ? { blind } : {}),
    };
  }

  /** Plain data of a stored record; paths that fail to decrypt are listed, their values dropped. */
  decode(form: CompiledForm, recordId: string, stored: Data): { data: Data; unreadable: string[] } {
    const data = structuredClone(stored);
    const unreadable: string[] = [];
    for (const field of form.fields.all()) {
      if (!field.sensitive) continue;
      const value = getAt(data, field.segments);
      if (!isEncrypted(value)) continue;
      try {
        setAt(
          data,
          field.segments,
          this.cipher.decrypt(value, RecordCodec.context(form.definition.id, recordId, field.path)),
        );
      } catch {
        unsetAt(data, field.segments);
        unreadable.push(`data.${field.path}`);
      }
    }
    return { data, unreadable: unreadable.sort() };
  }

  /** Encrypts the sensitive values of history changes (before/after), as the record stores them. */
  encodeChanges(form: CompiledForm, recordId: string, changes: FieldChange[]): FieldChange[] {
    return changes.map((c) => {
      const field = form.fields.get(fieldPathOfPointer(c.path));
      if (!field?.sensitive) return c;
      const context = RecordCodec.context(form.definition.id, recordId, field.path);
      const out: FieldChange = { path: c.path };
      if (c.before !== undefined) out.before = this.cipher.encrypt(c.before, context);
      if (c.after !== undefined) out.after = this.cipher.encrypt(c.after, context);
      return out;
    });
  }
}

/** What a reader may see of a record, and how. */
export interface ReadRights {
  fields: FieldRestrictions;
  /** May read the sensitive fields in clear. */
  clearSensitive: boolean;
}

export function readRights(
  definition: FormDefinition,
  principal: Principal,
  owner: string | undefined,
  fields: FieldRestrictions,
): ReadRights {
  const readers = definition.permissions?.readSensitive ?? [];
  const clearSensitive =
    owner === principal.userId ||
    principal.roles.some((r) => readers.includes(r) || PRIVILEGED_ROLES.includes(r));
  return { fields, clearSensitive };
}

/** Record paths (`data.x`) a reader sees masked: the decision's, plus sensitive fields unless in clear. */
export function maskedPaths(form: CompiledForm, rights: ReadRights): string[] {
  const masked = new Set(rights.fields.masked);
  if (!rights.clearSensitive)
    for (const f of form.fields.all()) if (f.sensitive) masked.add(`data.${f.path}`);
  for (const h of rights.fields.hidden) masked.delete(h);
  return [...masked];
}

const INTERNAL = new Set<string>(INTERNAL_FIELDS);

/** The record as the API returns it to a reader (sharing `plain` when nothing is masked or hidden). */
export function recordView(
  form: CompiledForm,
  stored: StoredRecord & { id: string; rev: number },
  plain: Data,
  unreadable: string[],
  rights: ReadRights,
): RecordEnvelope {
  const maskPaths = maskedPaths(form, rights);
  // Masks and hidden fields change the data in place: only then is it copied first.
  const data = maskPaths.length || rights.fields.hidden.length ? structuredClone(plain) : plain;
  // Copied without the internal fields rather than deleting them (deletes slow the object down).
  const view: Data = {};
  for (const key of Object.keys(stored)) if (!INTERNAL.has(key)) view[key] = (stored as unknown as Data)[key];
  view.rev = recordRevOf(stored);
  view.data = data;
  const masked: string[] = [];
  for (const path of maskPaths) {
    const segments = path.split('.');
    const value = getAt(view, segments);
    if (value === undefined) continue;
    const field = path.startsWith('data.') ? form.fields.get(path.slice(5)) : undefined;
    transformAt(view, segments, (v) => maskSensitive(v, field?.format));
    masked.push(path);
  }
  for (const path of rights.fields.hidden) transformAt(view, path.split('.'), () => undefined);
  if (masked.length) view.masked = masked.sort();
  if (unreadable.length) view.unreadable = unreadable;
  return view as unknown as RecordEnvelope;
}

/** The data changes of a history entry as a reader may see them. */
export function historyView(form: CompiledForm, codec: RecordCodec, entry: HistoryEntry, rights: ReadRights) {
  const masked = new Set(maskedPaths(form, rights));
  const hidden = rights.fields.hidden;
  const changes: FieldChange[] = [];
  for (const change of entry.changes) {
    const fieldPath = fieldPathOfPointer(change.path);
    const recordPath = `data.${fieldPath}`;
    if (hidden.some((h) => recordPath === h || recordPath.startsWith(`${h}.`) || h === 'data')) continue;
    const field = form.fields.get(fieldPath);
    const show = (v: unknown): unknown => {
      let value = v;
      if (field?.sensitive && isEncrypted(value)) {
        try {
          value = codec.cipher.decrypt(value, RecordCodec.context(entry.form, entry.recordId, fieldPath));
        } catch {
          return null;
        }
      }
      const isMasked = [...masked].some((m) => recordPath === m || recordPath.startsWith(`${m}.`));
      return isMasked ? maskSensitive(value, field?.format) : value;
    };
    const out: FieldChange = { path: change.path };
    if (change.before !== undefined) out.before = show(change.before);
    if (change.after !== undefined) out.after = show(change.after);
    changes.push(out);
  }
  return {
    rev: entry.recordRev,
    action: entry.action,
    at: entry.at,
    by: entry.by,
    changes,
    ...(entry.meta ? { meta: entry.meta } : {}),
  };
}
