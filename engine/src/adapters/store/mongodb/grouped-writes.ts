// What a group of single-document writes sends (group-commit.ts): inserts as one unordered
// `insert` command, conditional replaces as one unordered `update` command. Per-write answers:
// an insert's own error comes back by its index; a replace's does too, but whether a replace that
// raised no error matched is told only as a count for the whole command, so when the count falls
// short every member without an error is answered RevisionConflictError — it may have been
// written. Only callers that can take that answer (they read the document and decide again, and
// writing it twice is harmless) ask for a grouped replace (ReplaceOptions.grouped).
import { MongoBulkWriteError, type Collection as DriverCollection } from 'mongodb';
import { RevisionConflictError } from '#engine/ports/document-store.ts';
import { portError, translate } from './driver-errors.ts';
import type { MongoDoc } from './mongo-docs.ts';

/** A conditional replace: the stored form of the new document (its rev already the next). */
export interface GroupedReplace {
  expectedRev: number;
  doc: MongoDoc;
}

/** The error each member of a failed bulk command gets by index (others: undefined). */
function errorsByIndex(collection: string, error: unknown, size: number): Array<Error | undefined> {
  if (!(error instanceof MongoBulkWriteError)) translate(collection, error);
  const out: Array<Error | undefined> = new Array<Error | undefined>(size).fill(undefined);
  const list = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  for (const w of list) out[w.index] = portError(collection, w.code, w.errmsg ?? '') ?? new Error(w.errmsg);
  return out;
}

export function sendInserts(collection: string, col: () => DriverCollection<MongoDoc>) {
  return async (docs: MongoDoc[]): Promise<Array<true | Error>> => {
    try {
      await col().insertMany(docs, { ordered: false });
      return docs.map(() => true);
    } catch (e) {
      return errorsByIndex(collection, e, docs.length).map((err) => err ?? true);
    }
  };
}

export function sendReplaces(collection: string, col: () => DriverCollection<MongoDoc>) {
  return async (ops: GroupedReplace[]): Promise<Array<true | Error>> => {
    let errors: Array<Error | undefined>;
    let matched: number;
    try {
      const result = await col().bulkWrite(
        ops.map((o) => ({
          replaceOne: { filter: { _id: o.doc._id, rev: o.expectedRev }, replacement: o.doc },
        })),
        { ordered: false },
      );
      errors = ops.map(() => undefined);
      matched = result.matchedCount;
    } catch (e) {
      errors = errorsByIndex(collection, e, ops.length);
      matched = (e as MongoBulkWriteError).result?.matchedCount ?? 0;
    }
    const unfailed = errors.filter((e) => e === undefined).length;
    return ops.map(
      (o, i) =>
        errors[i] ??
        (matched === unfailed ? true : new RevisionConflictError(collection, o.doc._id, o.expectedRev)),
    );
  };
}
