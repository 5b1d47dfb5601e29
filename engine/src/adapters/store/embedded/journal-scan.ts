// A collection's documents read straight from its journal, without opening the collection: what
// DocumentStore.scan does for a collection this process has not opened (a backup, the move of old
// file contents into the blob store), so that reading it out neither keeps it open nor creates it.
// One pass finds where each document's live version lies (journal-reader.ts, CRC-checked, a torn
// tail cut off as on opening); then those documents are read back one at a time.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { StoreError } from '#engine/ports/document-store.ts';
import type { DocLocation } from './journal.ts';
import { readJournal } from './journal-reader.ts';

export async function* scanJournal(file: string): AsyncGenerator<Record<string, unknown>> {
  if (!existsSync(file)) return;
  // A document's place in the file, or its text for a line of another shape (journal-reader.ts).
  const live = new Map<string, DocLocation | string>();
  readJournal(file, { verify: true }, (op) => {
    if (op.t === 'put') live.set(op.id, op.at < 0 ? (op.text as string) : { at: op.at, bytes: op.bytes });
    else if (op.t === 'del') live.delete(op.id);
  });
  const fd = openSync(file, 'r');
  try {
    for (const where of live.values())
      yield JSON.parse(typeof where === 'string' ? where : readAt(fd, file, where)) as Record<
        string,
        unknown
      >;
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, file: string, location: DocLocation): string {
  const buf = Buffer.allocUnsafe(location.bytes);
  let off = 0;
  while (off < location.bytes) {
    const n = readSync(fd, buf, off, location.bytes - off, location.at + off);
    if (n === 0) throw new StoreError('STORE_CORRUPT', `${file}: a document ends past the end of the file`);
    off += n;
  }
  return buf.toString('utf8');
}
