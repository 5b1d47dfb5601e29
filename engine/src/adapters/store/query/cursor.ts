// Cursor pagination ("keyset" / seek method), shared by both adapters (pure). A cursor holds the
// sort-key values and id of the last item of a page; the next page is the same query AND-ed with
// a seek filter "strictly after that item in sort order". Unlike skip/offset, inserts and deletes
// between pages never make an item appear twice or an unchanged item disappear.
import { InvalidCursorError, type Filter, type Sort } from '#engine/ports/document-store.ts';
import { getPath, splitPath } from './paths.ts';

interface CursorPayload {
  /** Sort paths the cursor was made for, to reject a cursor reused with another sort. */
  s: string[];
  v: unknown[];
  id: string;
}

export function encodeCursor(sort: Sort, doc: Record<string, unknown>): string {
  const payload: CursorPayload = {
    s: sort.map(([p, d]) => `${p}:${d}`),
    v: sort.map(([p]) => getPath(doc, splitPath(p)) ?? null),
    id: String(doc.id),
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(sort: Sort, cursor: string): CursorPayload {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw new InvalidCursorError();
  }
  const expected = sort.map(([p, d]) => `${p}:${d}`);
  if (
    !payload ||
    typeof payload.id !== 'string' ||
    !Array.isArray(payload.s) ||
    !Array.isArray(payload.v) ||
    payload.v.length !== expected.length ||
    payload.s.join('\u0000') !== expected.join('\u0000')
  )
    throw new InvalidCursorError();
  return payload;
}

/**
 * The filter selecting documents after the cursor's item for the sort (then `id` ascending).
 * Null/missing sort values order first ascending and last descending, as in MongoDB.
 */
export function seekFilter(sort: Sort, cursor: CursorPayload): Filter {
  const branches: Filter[] = [];
  const equalPrefix: Filter[] = [];
  sort.forEach(([path, direction], i) => {
    const v = cursor.v[i];
    const after = strictlyAfter(path, direction, v);
    if (after) branches.push(equalPrefix.length ? { $and: [...equalPrefix, after] } : after);
    equalPrefix.push({ [path]: v === null ? null : { $eq: v } });
  });
  const last: Filter = { id: { $gt: cursor.id } };
  branches.push(equalPrefix.length ? { $and: [...equalPrefix, last] } : last);
  return branches.length === 1 ? (branches[0] as Filter) : { $or: branches };
}

function strictlyAfter(path: string, direction: 1 | -1, v: unknown): Filter | null {
  if (v === null) return direction === 1 ? { [path]: { $ne: null } } : null;
  if (direction === 1) return { [path]: { $gt: v } };
  return { $or: [{ [path]: { $lt: v } }, { [path]: null }] };
}
