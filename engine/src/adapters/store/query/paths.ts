// Dotted-path helpers shared by the store adapters (pure).

const splitCache = new Map<string, readonly string[]>();

/**
 * Splits `a.b.c` into segments; rejects empty segments and `$`-prefixed ones. The matcher splits
 * the same few paths for every document it reads, so the answers are remembered (a bounded cache
 * of frozen arrays).
 */
export function splitPath(path: string): readonly string[] {
  const known = splitCache.get(path);
  if (known) return known;
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '' || p.startsWith('$')) throw new Error(`invalid field path "${path}"`);
  }
  if (splitCache.size >= 10_000) splitCache.clear();
  splitCache.set(path, Object.freeze(parts));
  return parts;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every value a dotted path reaches, the way MongoDB resolves it: arrays along the way are
 * traversed (each element followed), a numeric segment also indexes into an array. `undefined`
 * stands for "missing" and is returned when no branch reaches a value.
 */
export function resolvePath(doc: unknown, segments: readonly string[], start = 0): unknown[] {
  if (start === segments.length) return [doc];
  const key = segments[start] as string;
  if (Array.isArray(doc)) {
    const out: unknown[] = [];
    if (/^\d+$/.test(key)) {
      const item = doc[Number(key)];
      if (item !== undefined) out.push(...resolvePath(item, segments, start + 1));
    }
    for (const item of doc) {
      if (isPlainObject(item) || Array.isArray(item)) {
        for (const v of resolvePath(item, segments, start)) if (v !== undefined) out.push(v);
      }
    }
    return out.length > 0 ? out : [undefined];
  }
  if (isPlainObject(doc) && key in doc) return resolvePath(doc[key], segments, start + 1);
  return [undefined];
}

/** The single value at a path without array traversal (for sort keys and projections). */
export function getPath(doc: unknown, segments: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const key of segments) {
    if (isPlainObject(cur)) cur = cur[key];
    else if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)];
    else return undefined;
  }
  return cur;
}

export function setPath(doc: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let cur: Record<string, unknown> = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] as string;
    const next = cur[key];
    if (!isPlainObject(next)) {
      const created: Record<string, unknown> = {};
      cur[key] = created;
      cur = created;
    } else cur = next;
  }
  cur[segments[segments.length - 1] as string] = value;
}

export function unsetPath(doc: Record<string, unknown>, segments: readonly string[]): void {
  let cur: unknown = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    if (!isPlainObject(cur)) return;
    cur = cur[segments[i] as string];
  }
  if (isPlainObject(cur)) delete cur[segments[segments.length - 1] as string];
}

/** Keeps only the given paths (plus id and rev). */
export function project<T extends Record<string, unknown>>(doc: T, paths: readonly string[]): T {
  const out: Record<string, unknown> = { id: doc.id, rev: doc.rev };
  for (const path of paths) {
    const segments = splitPath(path);
    const value = getPath(doc, segments);
    if (value !== undefined) setPath(out, segments, value);
  }
  return out as T;
}

/**
 * The paths of one write: `id`, `rev` (and MongoDB's `_id`) are managed by the store, and no path
 * may repeat or contain another (MongoDB rejects such an update as conflicting, so both adapters do).
 */
export function checkWritablePaths(paths: readonly string[]): void {
  for (const path of paths) {
    splitPath(path);
    if (path === 'id' || path === 'rev' || path === '_id')
      throw new TypeError(`${path} is managed by the store`);
  }
  paths.forEach((a, i) => {
    for (const b of paths.slice(i + 1)) {
      if (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`))
        throw new TypeError(`conflicting update paths ${a} and ${b}`);
    }
  });
}

/** Validates a document given to insert/replace: a plain object without `_id`, id a non-empty string. */
export function checkNewDocument(doc: unknown): void {
  if (!isPlainObject(doc)) throw new TypeError('a document must be a plain object');
  if ('_id' in doc) throw new TypeError('_id is managed by the store; use id');
  if (doc.id !== undefined && (typeof doc.id !== 'string' || doc.id === ''))
    throw new TypeError('id must be a non-empty string');
}
