// Field restrictions (pure): how the grants that cover a row combine, and what a principal reads
// and may write. More grants never mean less access: a field is hidden on a row only if every
// grant covering the row hides it, masked only if every one hides or masks it. Hidden and masked
// fields are read-only too — the principal cannot see the value it would overwrite.
import type { AccessDecision, FieldRestrictions, Grant } from './access.ts';
import { coveredBy, getAt, jsonEqual, pointerOf, transformAt } from '../doc-paths.ts';
import { maskValue } from './mask.ts';
import { rowMatches } from './row-match.ts';

export const NO_RESTRICTIONS: FieldRestrictions = Object.freeze({
  hidden: [],
  masked: [],
  readOnly: [],
}) as FieldRestrictions;

const unique = (paths: Iterable<string>): string[] => [...new Set(paths)].sort();

/** A grant's restrictions with hidden/masked folded into read-only. */
export function grantFields(grant: Pick<Grant, 'fields'>): FieldRestrictions {
  const hidden = unique(grant.fields?.hidden ?? []);
  const masked = unique((grant.fields?.masked ?? []).filter((p) => !coveredBy(p, hidden)));
  const readOnly = unique([...(grant.fields?.readOnly ?? []), ...hidden, ...masked]);
  return { hidden, masked, readOnly };
}

/** The restrictions every one of `sets` imposes (a path restricted by an ancestor counts). */
export function intersectFields(sets: readonly FieldRestrictions[]): FieldRestrictions {
  if (sets.length === 0) return NO_RESTRICTIONS;
  if (sets.length === 1) return sets[0] as FieldRestrictions;
  const inAll = (paths: (s: FieldRestrictions) => string[]): string[] => {
    const candidates = unique(sets.flatMap(paths));
    return candidates.filter((p) => sets.every((s) => coveredBy(p, paths(s))));
  };
  const hidden = inAll((s) => s.hidden);
  const masked = inAll((s) => [...s.hidden, ...s.masked]).filter((p) => !coveredBy(p, hidden));
  const readOnly = inAll((s) => s.readOnly);
  return { hidden, masked, readOnly };
}

/** Every restriction any of `sets` imposes: safe whichever of them applies. */
export function unionFields(sets: readonly FieldRestrictions[]): FieldRestrictions {
  const hidden = unique(sets.flatMap((s) => s.hidden));
  const masked = unique(sets.flatMap((s) => s.masked)).filter((p) => !coveredBy(p, hidden));
  const readOnly = unique(sets.flatMap((s) => s.readOnly));
  return { hidden, masked, readOnly };
}

const unrestricted = (f: FieldRestrictions): boolean =>
  f.hidden.length === 0 && f.masked.length === 0 && f.readOnly.length === 0;

/** The restrictions on one row: those of the grants whose row rule covers it. */
export function fieldsForRow(decision: AccessDecision, row: unknown): FieldRestrictions {
  const covering = (decision.scopes ?? []).filter((s) => rowMatches(row, s.rowFilter));
  if (covering.length === 0) return decision.fields;
  // The common case (every write asks, twice): grants without field rules restrict nothing together.
  if (covering.every((s) => unrestricted(s.fields))) return NO_RESTRICTIONS;
  return intersectFields(covering.map((s) => s.fields));
}

/** A copy of `doc` as the principal may read it: hidden paths removed, masked paths masked. */
export function readView<T>(doc: T, fields: FieldRestrictions): T {
  if (fields.hidden.length === 0 && fields.masked.length === 0) return doc;
  const copy = structuredClone(doc);
  for (const path of fields.hidden) transformAt(copy, path, () => undefined);
  for (const path of fields.masked) transformAt(copy, path, maskValue);
  return copy;
}

/**
 * Paths of read-only fields whose value differs between `before` and `after` (a write may keep a
 * read-only field as it is, not change it). `exempt` paths are set by the server, not the user.
 */
export function readOnlyViolations(
  before: unknown,
  after: unknown,
  fields: FieldRestrictions,
  exempt: readonly string[] = [],
): string[] {
  return fields.readOnly.filter(
    (path) => !coveredBy(path, exempt) && !jsonEqual(getAt(before, path), getAt(after, path)),
  );
}

/** Paths of a filter or sort that touch a hidden or masked field (which would leak its value). */
export function unqueryablePaths(paths: readonly string[], fields: FieldRestrictions): string[] {
  const secret = [...fields.hidden, ...fields.masked];
  return paths.filter((p) => secret.some((s) => p === s || p.startsWith(`${s}.`) || s.startsWith(`${p}.`)));
}

export { pointerOf };
