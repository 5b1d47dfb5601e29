// The parts of a record write that make it a business document (the record service uses them):
// its link fields and their reverse-link keys, its number in the search tokens, the insert that
// takes the next number of its series, and the shape of a lifecycle move.
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import { titleTokens } from '#engine/core/forms/search-tokens.ts';
import type { JsonSchema } from '#engine/core/forms/schema-walk.ts';
import { linkFields, linkKeys, type LinkField } from '#engine/core/documents/links.ts';
import { DuplicateKeyError, type Collection, type Stored } from '#engine/ports/document-store.ts';
import type { DocumentRules } from './document-rules.ts';
import type { StoredParts } from './record-codec.ts';
import type { HistoryAction, StoredRecord } from './record-docs.ts';

type Data = Record<string, unknown>;

/** A move of a document in its lifecycle (submit, cancel, amend), made by services/documents. */
export interface EnvelopeChange {
  action: Extract<HistoryAction, 'submit' | 'cancel' | 'amend' | 'update'>;
  auditAction: string;
  event: 'submitted' | 'cancelled' | 'status' | 'updated';
  set: Record<string, unknown>;
  unset?: string[];
  meta?: Record<string, unknown>;
}

const linkCache = new WeakMap<CompiledForm, LinkField[]>();

/** A form version's link fields (computed once per compiled version). */
export function linkFieldsOf(form: CompiledForm): LinkField[] {
  let fields = linkCache.get(form);
  if (!fields) linkCache.set(form, (fields = linkFields(form.schema as JsonSchema)));
  return fields;
}

/** Search tokens of the title, plus the document number's (so "EXP-2026-0007" finds it). */
export function withNumber(search: string[], number: string | undefined): string[] {
  return number ? [...new Set([...search, ...titleTokens(number)])] : search;
}

/**
 * Sets a changed record's columns derived from its data — the stored (encoded) data, the search
 * tokens with its number's, the link keys, the title, numeric copies and blind indexes — each
 * optional one dropped when the new data gives none.
 */
export function setDerivedColumns(
  doc: StoredRecord,
  form: CompiledForm,
  parts: StoredParts,
  data: Data,
): void {
  doc.data = parts.data;
  doc.search = withNumber(parts.search, doc.number);
  const links = linkKeys(linkFieldsOf(form), data);
  if (links.length) doc.links = links;
  else delete doc.links;
  for (const key of ['title', 'num', 'blind'] as const) {
    if (parts[key] === undefined) delete doc[key];
    else (doc as unknown as Data)[key] = parts[key];
  }
}

/**
 * Inserts a new record; a numbered form's record takes the next number of its series first —
 * given back when the insert fails (no gap), taken anew when another record holds it already
 * (the unique index on `number` is the last guard against a duplicate).
 */
export async function insertNumbered(
  col: Collection<StoredRecord>,
  rules: DocumentRules | undefined,
  form: CompiledForm,
  doc: StoredRecord & { id: string },
): Promise<Stored<StoredRecord>> {
  for (let attempt = 0; ; attempt++) {
    const taken = !doc.number && rules ? await rules.reserveNumber(form.definition) : null;
    const stored = taken
      ? { ...doc, number: taken.number, search: withNumber(doc.search, taken.number) }
      : doc;
    try {
      const row = await col.insert(stored);
      await taken?.confirm(row.id);
      return row;
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) {
        await taken?.release();
        throw e;
      }
      if (taken && attempt < 5 && !(await col.get(doc.id))) {
        await taken.lost();
        continue;
      }
      await taken?.release();
      throw recordErrors.exists(doc.id);
    }
  }
}
