// A new record's stored document (create and import), its data validated, the event a write announces, and an update's
// next data (the whole new data, or the current data with top-level fields patched).
import { randomUUID } from 'node:crypto';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FieldChange } from '#engine/core/forms/diff.ts';
import { lifecycleOf } from '#engine/core/documents/lifecycle.ts';
import { linkKeys } from '#engine/core/documents/links.ts';
import { appendChangeLog } from '#engine/core/forms/change-log.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';
import type { RecordCodec } from './record-codec.ts';
import { badFieldNames } from './record-rules.ts';
import { linkFieldsOf, withNumber } from './record-documents.ts';
import { historyEntry, type RecordEvent, type StoredRecord } from './record-docs.ts';
import type { CreateOptions, UpdateInput } from './record-write-options.ts';

type Data = Record<string, unknown>;

/** Prepares and validates data for a form: the data to store, or every problem. */
export function validateData(
  form: CompiledForm,
  input: unknown,
  functions?: Record<string, unknown>,
): { data: Data; errors: ErrorDetail[] } {
  const checked = form.check(input, functions);
  return { data: checked.data, errors: [...badFieldNames(checked.data), ...checked.errors] };
}

export interface NewRecordContext extends CreateOptions {
  importId?: string;
  /** Who writes it, and when (ISO). */
  by: string;
  now: string;
}

/** The stored document of a new record from validated data (not yet checked against row rules). */
export function buildNewRecord(
  codec: RecordCodec,
  form: CompiledForm,
  data: Data,
  options: NewRecordContext,
): StoredRecord & { id: string } {
  const id = options.id ?? randomUUID();
  const { now, by } = options;
  const formId = form.definition.id;
  // The first entry records who created the record and when; its values are the record's
  // initial data, which the next entries' `before` values show as they change.
  const changes: FieldChange[] = [];
  const owner = options.owner ?? by;
  const department = options.department;
  const parts = codec.encode(form, id, data);
  const links = linkKeys(linkFieldsOf(form), data);
  const docstatus = options.docstatus ?? (lifecycleOf(form.definition) ? 'draft' : undefined);
  const changeLog = appendChangeLog(form.definition, undefined, undefined, data, now, by);
  const doc: StoredRecord & { id: string } = {
    id,
    form: formId,
    formVersion: form.version,
    module: form.definition.module,
    ...parts,
    search: withNumber(parts.search, options.number),
    ...(links.length ? { links } : {}),
    ...(docstatus ? { docstatus } : {}),
    ...(options.number ? { number: options.number } : {}),
    ...(options.amendedFrom ? { amendedFrom: options.amendedFrom } : {}),
    status: options.status ?? 'active',
    owner,
    ...(department ? { department } : {}),
    createdAt: now,
    createdBy: by,
    updatedAt: now,
    updatedBy: by,
    deleted: false,
    ...(options.importId ? { importId: options.importId } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(changeLog ? { changeLog } : {}),
    lastChange: historyEntry(
      formId,
      id,
      1,
      options.importId ? 'import' : 'create',
      now,
      by,
      changes,
      options.amendedFrom ? { amendedFrom: options.amendedFrom } : undefined,
    ),
  };
  return doc;
}

/** An update's next data: the whole new data, or the current data with top-level fields patched
 * (null removes a field). */
export function nextData(current: Data, input: UpdateInput): Data {
  if (!input.patch) return structuredClone(input.data as Data);
  const next = structuredClone(current);
  for (const [k, v] of Object.entries(input.patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

export /** The event a write announces (known before the write: it goes into the record's outbox). */
function eventOf(
  type: RecordEvent['type'],
  doc: StoredRecord,
  id: string,
  actor: DecidedActor,
  changes: FieldChange[],
): RecordEvent {
  return {
    type,
    form: doc.form,
    recordId: id,
    rev: doc.lastChange.recordRev,
    actor: actor.principal.userId,
    changed: changes.map((c) => c.path),
    status: doc.status,
  };
}
