// Between the port's documents and MongoDB's: `id` is `_id`, keys are escaped (key-escape.ts), a
// filter's `id` and sub-documents are renamed and escaped the same way.
import type { Document, Filter as MongoFilter, Sort as MongoSort } from 'mongodb';
import type { Filter, Sort, Stored } from '#engine/ports/document-store.ts';
import { escapeKeys, unescapeKeys } from './key-escape.ts';

export type MongoDoc = Document & { _id: string; rev: number };

/** Renames the port's `id` to MongoDB's `_id` wherever it appears as a field path. */
export function toMongoFilter(filter: Filter): MongoFilter<MongoDoc> {
  const out: Document = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') out[key] = (value as Filter[]).map(toMongoFilter);
    else out[key === 'id' ? '_id' : key] = escapeCondition(value);
  }
  return out as MongoFilter<MongoDoc>;
}

/** Sub-document values in a condition are compared with stored (escaped) documents. */
export function escapeCondition(condition: unknown): unknown {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition))
    return escapeKeys(condition);
  const entries = Object.entries(condition);
  if (entries.length > 0 && entries.every(([k]) => k.startsWith('$')))
    return Object.fromEntries(entries.map(([op, arg]) => [op, escapeKeys(arg)]));
  return escapeKeys(condition);
}

export function toMongoSort(sort: Sort): MongoSort {
  const out: Record<string, 1 | -1> = {};
  for (const [path, dir] of sort) out[path === 'id' ? '_id' : path] = dir;
  if (!('_id' in out)) out._id = 1;
  return out;
}

export function fromMongo<T>(doc: MongoDoc): Stored<T> {
  const { _id, ...rest } = doc;
  return { id: _id, ...unescapeKeys(rest) } as Stored<T>;
}

/** The stored form of a document: `_id`, escaped keys (a deep copy), the revision. */
export function toMongoDoc(id: string, rev: number, input: object): MongoDoc {
  const { id: _ignoredId, rev: _ignoredRev, ...rest } = input as Record<string, unknown>;
  return { _id: id, ...escapeKeys(rest), rev };
}
