// How records are stored. Each form has its own collection (`records.<form>`), so indexes fit its
// fields and a query never scans another form's records. Next to the data, a stored record keeps
// what queries need without decrypting anything:
//   search  tokens of the title (full-text search, multikey index)
//   num     numeric shadows of decimal strings (money sorts and ranges: "900.00" < "1234.50")
//   blind   HMAC blind indexes of sensitive fields (equality search on encrypted values)
// and `lastChange`, the history entry of its current revision, written in the same atomic write;
// it moves to `record_history` just before the next change replaces it (an outbox: a crash in
// between loses no history, and creating or importing a record costs one write).
import { createHash } from 'node:crypto';
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import type { FieldChange } from '#engine/core/forms/diff.ts';

export const RECORD_HISTORY = 'record_history';

export function recordCollection(formId: string): string {
  return formId.length <= 100
    ? `records.${formId}`
    : `records.h${createHash('sha256').update(formId).digest('hex').slice(0, 24)}`;
}

export type HistoryAction =
  'create' | 'update' | 'delete' | 'restore' | 'status' | 'import' | 'rotate' | 'submit' | 'cancel' | 'amend';

export interface HistoryEntry {
  /** `<record id>:<rev>`. */
  id: string;
  recordId: string;
  form: string;
  /** The record's revision this change produced (`rev` itself is the store's). */
  recordRev: number;
  action: HistoryAction;
  at: string;
  by: string;
  /** Changed fields of the data (sensitive values encrypted as stored). */
  changes: FieldChange[];
  /** Envelope changes (status, instanceId). */
  meta?: Record<string, unknown>;
}

export interface StoredRecord extends Omit<RecordEnvelope, 'id' | 'rev'> {
  id?: string;
  rev?: number;
  module: string;
  status: string;
  deleted: boolean;
  updatedAt: string;
  updatedBy: string;
  search: string[];
  num?: Record<string, unknown>;
  blind?: Record<string, unknown>;
  importId?: string;
  /** Keys (`<form>:<id>`) of the records its link fields point to: the reverse-link index. */
  links?: string[];
  /** A cancellation whose reversal of postings has not finished yet (an outbox). */
  reversal?: { pending: true; date: string; reason: string };
  lastChange: HistoryEntry;
}

/** The fields a record view never shows. */
export const INTERNAL_FIELDS = [
  'search',
  'num',
  'blind',
  'lastChange',
  'importId',
  'links',
  'reversal',
] as const;

/** The history entry of one revision of a record. */
export function historyEntry(
  form: string,
  recordId: string,
  rev: number,
  action: HistoryAction,
  at: string,
  by: string,
  changes: FieldChange[],
  meta?: Record<string, unknown>,
): HistoryEntry {
  return {
    id: `${recordId}:${rev}`,
    recordId,
    form,
    recordRev: rev,
    action,
    at,
    by,
    changes,
    ...(meta ? { meta } : {}),
  };
}
