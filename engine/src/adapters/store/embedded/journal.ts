// The embedded store's on-disk format: one append-only journal file per collection, a line per
// operation, each line prefixed with the CRC-32 of its JSON so that a torn final line (the process
// died mid-write) is recognised and cut off on reopen, while a damaged line anywhere else is
// reported as corruption rather than silently skipped.
//
// A write is acknowledged only after write(2) returned: the bytes are in the kernel's page cache
// and survive the death of the process. With `fsync: true` every write is also fdatasync'ed so it
// survives a power loss (slower; EMBEDDED_FSYNC=1). Compaction writes a snapshot to a temporary
// file, syncs it and renames it over the journal, so a crash during compaction loses nothing.
//
// Group commit (docs/decisions/0036): lines appended during one turn of the event loop are
// written together by one write(2) (and one fdatasync) at its end (setImmediate), and their
// writers are acknowledged then. A reader that would see a pending line writes the pending lines
// first (`flush`), so no reader sees a write that is not in the file. A failed write leaves
// memory ahead of the file: the journal then refuses everything (`STORE_FAILED`) until the store
// is opened again from the file.
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
 * Each journal keeps its pending lines in one (group commit); compactions share another, used
 * synchronously only.
 */
class LineEncoder {
  private buf: Buffer;
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
    try {
      if ('text' in op) {
        this.write(PUT_PREFIX);
        doc = this.length;
        this.write(op.text);
        this.docBytes = this.length - doc;
        this.write('}');
      } else this.write(JSON.stringify(op));
    } catch (e) {
      // Lines of other writers may be waiting in the buffer: leave no half line behind them.
      this.length = start;
      throw e;
    }
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

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
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

/** The writers of the lines waiting in a journal's buffer, told together when they are written. */
interface Batch {
  written: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

const DONE: Promise<void> = Promise.resolve();

export class Journal {
  private fd: number;
  /** The file's length: where the next written line goes (pending lines come after it). */
  private size: number;
  /** Lines appended but not yet written (group commit); small until a batch needs more. */
  private readonly pending = new LineEncoder(1024);
  private batch: Batch | null = null;
  /** Set by a failed write: memory is ahead of the file, so nothing more is served. */
  private failed: StoreError | null = null;

  constructor(
    private readonly file: string,
    private readonly fsync: boolean,
  ) {
    // 'a+': appends go to the end, and documents no longer held in memory are read back.
    this.fd = openSync(file, 'a+');
    this.size = fstatSync(this.fd).size;
  }

  /**
   * Queues the lines for the next group write; returns, per operation, where a prepared put's
   * document will lie. The caller changes memory now and acknowledges after `written`.
   */
  append(ops: readonly WritableOp[]): Array<DocLocation | null> {
    this.check();
    const locations: Array<DocLocation | null> = [];
    for (const op of ops) {
      const doc = this.pending.add(op);
      locations.push(doc < 0 ? null : { at: this.size + doc, bytes: this.pending.docBytes });
    }
    if (!this.batch && this.pending.length > 0) {
      let resolve!: () => void;
      let reject!: (error: Error) => void;
      const written = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      written.catch(() => undefined); // told to every writer that awaits it; never unhandled
      this.batch = { written, resolve, reject };
      // At the end of this turn of the event loop, so that the writes of every callback that runs
      // in it (requests, jobs, timers) share the write.
      setImmediate(() => {
        try {
          this.flush();
        } catch {
          // The batch's writers are told (written rejects); later calls get STORE_FAILED.
        }
      });
    }
    return locations;
  }

  /** Settles once every line appended so far is written (rejects if that write failed). */
  get written(): Promise<void> {
    return this.batch?.written ?? (this.failed ? Promise.reject(this.failed) : DONE);
  }

  /** Whether lines wait to be written. */
  get hasPending(): boolean {
    return this.batch !== null;
  }

  /** Whether the line at `location` waits to be written. */
  isPending(location: DocLocation | null): boolean {
    return this.batch !== null && location !== null && location.at + location.bytes > this.size;
  }

  /** Throws STORE_FAILED once a write failed. */
  check(): void {
    if (this.failed) throw this.failed;
  }

  /** Writes the pending lines now, as one write(2) (and one fdatasync). */
  flush(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      writeFully(this.fd, this.pending.bytes, this.pending.length);
      this.size += this.pending.length;
      if (this.fsync) fdatasyncSync(this.fd);
    } catch (e) {
      this.failed = new StoreError(
        'STORE_FAILED',
        `${this.file}: a journal write failed (${(e as Error).message}); reopen the store`,
      );
      batch.reject(this.failed);
      throw this.failed;
    } finally {
      this.pending.reset();
    }
    batch.resolve();
  }

  /** A document's text, read back from where `append` or `rewrite` put it. */
  read(location: DocLocation): string {
    this.check();
    if (this.batch && location.at + location.bytes > this.size) this.flush();
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
    // Pending lines first: their writers are told they are written, and the snapshot has them.
    this.flush();
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
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  remove(): void {
    // Lines for a file about to go: nothing to write (their writers are told "done", as a drop
    // right after a write always meant).
    this.batch?.resolve();
    this.batch = null;
    this.pending.reset();
    closeSync(this.fd);
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
