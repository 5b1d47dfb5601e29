// The embedded store's on-disk format: one append-only journal file per collection, a line per
// operation, each line prefixed with the CRC-32 of its JSON so that a torn final line (the process
// died mid-write) is recognised and cut off on reopen, while a damaged line anywhere else is
// reported as corruption rather than silently skipped.
//
// A write is acknowledged only after write(2) returned: the bytes are in the kernel's page cache
// and survive the death of the process. With `fsync: true` every write is also fdatasync'ed so it
// survives a power loss (slower; EMBEDDED_FSYNC=1). Compaction writes a snapshot to a temporary
// file, syncs it and renames it over the journal, so a crash during compaction loses nothing.
import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { StoreError } from '#engine/ports/document-store.ts';

export type JournalOp =
  { t: 'put'; d: Record<string, unknown> } | { t: 'del'; id: string } | { t: 'idx'; spec: unknown };

/** A put whose document JSON the caller already has: written without serialising it again. */
export interface PreparedPut {
  t: 'put';
  text: string;
}

export type WritableOp = JournalOp | PreparedPut;

export class StoreCorruptionError extends StoreError {
  constructor(file: string, line: number) {
    super(
      'STORE_CORRUPT',
      `${file}: line ${line} is damaged (not at the end of the file, so not a torn write)`,
    );
  }
}

/**
 * Encodes journal lines into one reusable buffer: each line's JSON is UTF-8 encoded once, straight
 * into the buffer (no concatenated strings, no buffer per line), its CRC computed over those bytes
 * and written into the 8 characters reserved in front. A line reads `<crc32 hex> <json>\n`, where a
 * put's JSON is `{"t":"put","d":<document>}` (the document text as the collection already has it).
 * Used synchronously only, so one encoder serves every journal.
 */
class LineEncoder {
  private buf = Buffer.allocUnsafe(64 * 1024);
  length = 0;
  /** The byte length of the last prepared put's document. */
  docBytes = 0;

  get bytes(): Buffer {
    return this.buf;
  }

  /** Encodes a line; for a prepared put, returns where its document starts in the buffer (else -1). */
  add(op: WritableOp): number {
    const start = this.length;
    this.length += 9; // the CRC and a space, filled in below
    let doc = -1;
    if ('text' in op) {
      this.write(PUT_PREFIX);
      doc = this.length;
      this.write(op.text);
      this.docBytes = this.length - doc;
      this.write('}');
    } else this.write(JSON.stringify(op));
    const crc = crc32(this.buf.subarray(start + 9, this.length));
    this.buf.write(`${crc.toString(16).padStart(8, '0')} `, start, 'latin1');
    this.write('\n');
    return doc;
  }

  /** Forgets the lines (after they were written); gives back memory a huge document took. */
  reset(): void {
    this.length = 0;
    if (this.buf.length > 4 * 1024 * 1024) this.buf = Buffer.allocUnsafe(64 * 1024);
  }

  private write(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const room = this.length + text.length * 3;
    if (room > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(room, 2 * this.buf.length));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(text, this.length, 'utf8');
  }
}

export const PUT_PREFIX = '{"t":"put","d":';
const encoder = new LineEncoder();

/** Where a put line's document lies in the journal file (a `put`'s JSON text, in bytes). */
export interface DocLocation {
  at: number;
  bytes: number;
}

export class Journal {
  private fd: number;
  /** The file's length: where the next line goes. */
  private size: number;

  constructor(
    private readonly file: string,
    private readonly fsync: boolean,
  ) {
    // 'a+': appends go to the end, and documents no longer held in memory are read back.
    this.fd = openSync(file, 'a+');
    this.size = fstatSync(this.fd).size;
  }

  /** Appends the lines; returns, per operation, where a prepared put's document now lies. */
  append(ops: readonly WritableOp[]): Array<DocLocation | null> {
    const locations: Array<DocLocation | null> = [];
    try {
      for (const op of ops) {
        const doc = encoder.add(op);
        locations.push(doc < 0 ? null : { at: this.size + doc, bytes: encoder.docBytes });
      }
      writeFully(this.fd, encoder.bytes, encoder.length);
      this.size += encoder.length;
    } catch (e) {
      // A partial write leaves the file longer than we know: the next lines go after it.
      this.size = fstatSync(this.fd).size;
      throw e;
    } finally {
      encoder.reset();
    }
    if (this.fsync) fdatasyncSync(this.fd);
    return locations;
  }

  /** A document's text, read back from where `append` or `rewrite` put it. */
  read(location: DocLocation): string {
    const buf = Buffer.allocUnsafe(location.bytes);
    let off = 0;
    while (off < location.bytes) {
      const n = readSync(this.fd, buf, off, location.bytes - off, location.at + off);
      if (n === 0)
        throw new StoreError('STORE_CORRUPT', `${this.file}: a document ends past the end of the file`);
      off += n;
    }
    return buf.toString('utf8');
  }

  /**
   * Replaces the journal with a snapshot of the given operations; returns, per operation, where a
   * prepared put's document lies in the new file. The operations may read documents from the old
   * file while they are written (it is replaced only at the end).
   */
  rewrite(ops: Iterable<WritableOp>): Array<DocLocation | null> {
    const tmp = `${this.file}.compact`;
    const fd = openSync(tmp, 'w');
    const locations: Array<DocLocation | null> = [];
    let written = 0;
    try {
      for (const op of ops) {
        const doc = encoder.add(op);
        locations.push(doc < 0 ? null : { at: written + doc, bytes: encoder.docBytes });
        if (encoder.length >= 1024 * 1024) {
          writeFully(fd, encoder.bytes, encoder.length);
          written += encoder.length;
          encoder.reset();
        }
      }
      writeFully(fd, encoder.bytes, encoder.length);
      written += encoder.length;
      fsyncSync(fd);
    } finally {
      encoder.reset();
      closeSync(fd);
    }
    closeSync(this.fd);
    renameSync(tmp, this.file);
    syncDirectory(dirname(this.file));
    this.fd = openSync(this.file, 'a+');
    this.size = written;
    return locations;
  }

  close(): void {
    closeSync(this.fd);
  }

  remove(): void {
    this.close();
    rmSync(this.file, { force: true });
  }
}

function writeFully(fd: number, buf: Buffer, length: number): void {
  let off = 0;
  while (off < length) off += writeSync(fd, buf, off, length - off);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
