// Paths into JSON documents (pure), for field restrictions and row matching, form data
// preparation and the record codec. A path is dotted (`payee.city`) or already split into its
// segments; where it says so, a path crosses arrays the way the store does: `lines.price` reaches
// the price of every line.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const splitPath = (path: string): string[] => path.split('.');

/** A dotted path or its segments. */
export type DocPath = string | readonly string[];

const segmentsOf = (path: DocPath): readonly string[] => (typeof path === 'string' ? splitPath(path) : path);

/** Every value a path reaches (arrays along the way are traversed); empty when none. */
export function valuesAt(doc: unknown, path: DocPath): unknown[] {
  const out: unknown[] = [];
  collect(doc, segmentsOf(path), 0, out);
  return out;
}

function collect(cur: unknown, segments: readonly string[], i: number, out: unknown[]): void {
  if (i === segments.length) {
    if (cur !== undefined) out.push(cur);
    return;
  }
  if (Array.isArray(cur)) {
    for (const item of cur) collect(item, segments, i, out);
    return;
  }
  if (isObject(cur)) collect(cur[segments[i] as string], segments, i + 1, out);
}

/** Replaces, in place, every value a path reaches (arrays traversed); `fn` returning undefined removes it. */
export function transformAt(doc: unknown, path: DocPath, fn: (value: unknown) => unknown): void {
  transform(doc, segmentsOf(path), fn, 0);
}

function transform(
  cur: unknown,
  segments: readonly string[],
  fn: (value: unknown) => unknown,
  i: number,
): void {
  if (Array.isArray(cur)) {
    for (const item of cur) transform(item, segments, fn, i);
    return;
  }
  if (!isObject(cur)) return;
  const key = segments[i] as string;
  if (!(key in cur)) return;
  if (i === segments.length - 1) {
    const next = fn(cur[key]);
    if (next === undefined) delete cur[key];
    else cur[key] = next;
  } else transform(cur[key], segments, fn, i + 1);
}

/** The value at a path without crossing arrays (undefined when missing). */
export function getAt(doc: unknown, path: DocPath): unknown {
  let cur: unknown = doc;
  for (const key of segmentsOf(path)) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Sets a path, creating objects on the way (in place). */
export function setAt(doc: Record<string, unknown>, path: DocPath, value: unknown): void {
  const segments = segmentsOf(path);
  let cur = doc;
  for (const key of segments.slice(0, -1)) {
    const next = cur[key];
    if (isObject(next)) cur = next;
    else {
      const created: Record<string, unknown> = {};
      cur[key] = created;
      cur = created;
    }
  }
  cur[segments[segments.length - 1] as string] = value;
}

/** Removes a path (in place, without crossing arrays). */
export function unsetAt(doc: Record<string, unknown>, path: DocPath): void {
  const segments = segmentsOf(path);
  let cur: unknown = doc;
  for (const key of segments.slice(0, -1)) {
    if (!isObject(cur)) return;
    cur = cur[key];
  }
  if (isObject(cur)) delete cur[segments[segments.length - 1] as string];
}

/** Does `path` equal `other` or lie inside or around it (`a.b` overlaps `a` and `a.b.c`)? */
export function pathsOverlap(path: string, other: string): boolean {
  return path === other || path.startsWith(`${other}.`) || other.startsWith(`${path}.`);
}

/** Is `path` equal to or inside one of `paths`? */
export function coveredBy(path: string, paths: readonly string[]): boolean {
  return paths.some((p) => path === p || path.startsWith(`${p}.`));
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** JSON pointer of a dotted path (`data.phone` → `/data/phone`). */
export const pointerOf = (path: string): string =>
  `/${splitPath(path)
    .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/')}`;
