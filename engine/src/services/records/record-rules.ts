// The rules every record read and write checks: the caller's access (allowed at all, the form's
// own role lists, the row rules a record must stay inside, read-only fields), the revision a
// change is based on, field names the store can hold, and values a reader never saw.
import type { FormDefinition } from '#schemas/generated/index.ts';
import { MASK } from '#engine/core/crypto/mask.ts';
import { commonErrors, type ErrorDetail } from '#engine/core/errors.ts';
import { RECORD_NOUN, recordErrors } from '#engine/core/forms/record-errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { AccessDecision, FieldRestrictions } from '#engine/core/permissions/access.ts';
import { readOnlyViolations } from '#engine/core/permissions/fields.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { getAt, setAt } from '#engine/core/doc-paths.ts';
import { maskedPaths, PRIVILEGED_ROLES, type ReadRights } from './record-codec.ts';
import { recordRevOf, type StoredRecord } from './record-docs.ts';

type Data = Record<string, unknown>;
type Row = Stored<StoredRecord>;

export type FormAction = 'create' | 'read' | 'update';

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Field names the store cannot hold (MongoDB refuses `$` prefixes and dots) or forms cannot
 * declare: only possible in data a schema does not close with additionalProperties: false.
 */
export function badFieldNames(value: unknown, pointer = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  collectBadNames(value, pointer, [], out);
  return out;
}

// Every write walks its whole data: the pointer of a place is only spelled out for a bad name.
function collectBadNames(value: unknown, pointer: string, path: string[], out: ErrorDetail[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      collectBadNames(value[i], pointer, path, out);
      path.pop();
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const k of Object.keys(value)) {
    path.push(k);
    if (FIELD_NAME.test(k)) collectBadNames((value as Record<string, unknown>)[k], pointer, path, out);
    else
      out.push({
        path: pointer + path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''),
        message: `"${k}" is not a valid field name`,
        messageZh: `“${k}”不是有效的字段名`,
      });
    path.pop();
  }
}

export function assertAllowed(decision: AccessDecision): void {
  if (!decision.allowed) throw commonErrors.forbidden();
}

/** The form's own role lists (absent: the role permissions alone decide). */
export function assertFormRole(definition: FormDefinition, actor: DecidedActor, action: FormAction): void {
  const roles = definition.permissions?.[action];
  if (!roles) return;
  if (actor.principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r))) return;
  throw commonErrors.forbidden();
}

/** The caller's revision is the record's (its change count: see record-docs.ts). */
export function assertRev(row: Row, rev: number): void {
  const current = recordRevOf(row);
  if (current !== rev) throw recordErrors.revisionConflict(row.id, current);
}

export function assertWritable(
  before: unknown,
  after: unknown,
  fields: FieldRestrictions,
  serverSet: readonly string[] = [],
): void {
  const bad = readOnlyViolations(before, after, fields, serverSet);
  if (bad.length) throw recordErrors.fieldReadOnly(bad);
}

export function assertInScope(decision: AccessDecision, row: unknown): void {
  if (!rowMatches(row, decision.rowFilter)) throw commonErrors.rowOutOfScope(RECORD_NOUN);
}

/**
 * Values the reader never saw keep their stored values: hidden fields always, masked ones unless
 * the reader typed a new value (a masked value sent back unchanged means "keep").
 */
export function keepUnseenValues(form: CompiledForm, rights: ReadRights, current: Data, next: Data): void {
  const keep = (path: string) => {
    if (!path.startsWith('data.')) return;
    const segments = path.slice(5).split('.');
    const value = getAt(current, segments);
    if (value === undefined) return;
    setAt(next, segments, structuredClone(value));
  };
  for (const path of rights.fields.hidden) keep(path);
  for (const path of maskedPaths(form, rights)) {
    if (!path.startsWith('data.')) continue;
    const segments = path.slice(5).split('.');
    const sent = getAt(next, segments);
    const decisionMasked = rights.fields.masked.includes(path);
    if (decisionMasked || sent === undefined || (typeof sent === 'string' && sent.includes(MASK))) keep(path);
  }
}
