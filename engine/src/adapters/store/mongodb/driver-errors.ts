// The port's typed errors from the driver's: a server error of a whole command, or one write's
// error inside a grouped command (code and message only).
import { MongoServerError } from 'mongodb';
import { DuplicateKeyError } from '#engine/ports/document-store.ts';

/** The port's error for a server error code and message, or undefined when it has none. */
export function portError(collection: string, code: unknown, message: string): Error | undefined {
  if (code === 11000) {
    const index = /index: (\S+)/.exec(message)?.[1] ?? 'unique';
    return new DuplicateKeyError(collection, index);
  }
  // FerretDB v1 reports a unique violation on update or index creation as an InternalError
  // carrying SQLite's message; the index is named "<table>_<hash>_<our name>".
  if (code === 1 && message.includes('UNIQUE constraint failed')) {
    const index = /index '[^']*?_[0-9a-f]{8}_([^']+)'/.exec(message)?.[1] ?? 'unique';
    return new DuplicateKeyError(collection, index);
  }
  // …and with its PostgreSQL backend as an InternalError carrying PostgreSQL's unique_violation
  // (SQLSTATE 23505). The PostgreSQL index name is FerretDB's mangling of ours, so it is only
  // passed on as detail.
  if (code === 1 && message.includes('(SQLSTATE 23505)')) {
    const pgIndex = /(?:constraint|index) "([^"]+)"/.exec(message)?.[1];
    return new DuplicateKeyError(collection, 'unique', pgIndex ? `PostgreSQL index ${pgIndex}` : '');
  }
  // TypeMismatch (14): $inc on a non-number, like the embedded adapter's TypeError.
  if (code === 14) return new TypeError(message);
  return undefined;
}

/** Maps driver errors to the port's typed errors. */
export function translate(collection: string, error: unknown): never {
  if (error instanceof MongoServerError) throw portError(collection, error.code, error.message) ?? error;
  throw error;
}
