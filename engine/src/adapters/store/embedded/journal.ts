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
  createReadStream,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
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

  get bytes(): Buffer {
    return this.buf;
  }

  add(op: WritableOp): void {
    const start = this.length;
    this.length += 9; // the CRC and a space, filled in below
    if ('text' in op) {
      this.write('{"t":"put","d":');
      this.write(op.text);
      this.write('}');
    } else this.write(JSON.stringify(op));
    const crc = crc32(this.buf.subarray(start + 9, this.length));
    this.buf.write(`${crc.toString(16).padStart(8, '0')} `, start, 'latin1');
    this.write('\n');
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

const encoder = new LineEncoder();

export interface ReplayResult {
  ops: JournalOp[];
  /** Number of lines in the file (for the compaction heuristic). */
  lines: number;
}

/** Bytes read at a time when replaying (a journal is never read whole: one read stops at 2 GiB). */
const REPLAY_CHUNK = 16 * 1024 * 1024;

/** Reads a journal, truncating a torn tail. Throws StoreCorruptionError on damage elsewhere. */
export function replayJournal(file: string): ReplayResult {
  if (!existsSync(file)) return { ops: [], lines: 0 };
  const ops: JournalOp[] = [];
  const fd = openSync(file, 'r');
  let size: number;
  let goodEnd = 0;
  try {
    size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(Math.min(REPLAY_CHUNK, Math.max(1, size)));
    let buf = Buffer.alloc(0);
    let base = 0; // offset in the file of buf[0]
    let readPos = 0;
    let lineNo = 0;
    replay: for (;;) {
      let pos = 0;
      let nl: number;
      while ((nl = buf.indexOf(10, pos)) !== -1) {
        lineNo++;
        const op = decodeLine(buf.toString('utf8', pos, nl));
        if (op === null) {
          // Damage is tolerable only as the very last line (a torn write).
          if (base + nl === size - 1) break replay;
          throw new StoreCorruptionError(file, lineNo);
        }
        ops.push(op);
        pos = nl + 1;
        goodEnd = base + pos;
      }
      buf = buf.subarray(pos);
      base += pos;
      // What is left without a newline at the end of the file is a torn last line.
      if (readPos >= size) break;
      const n = readSync(fd, chunk, 0, chunk.length, readPos);
      if (n === 0) break;
      readPos += n;
      buf = buf.length ? Buffer.concat([buf, chunk.subarray(0, n)]) : Buffer.from(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  if (goodEnd < size) {
    const w = openSync(file, 'r+');
    try {
      ftruncateSync(w, goodEnd);
      fsyncSync(w);
    } finally {
      closeSync(w);
    }
  }
  return { ops, lines: ops.length };
}

/** The journal's lines as they are read (files of any size: never read whole). */
async function* journalLines(file: string): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let nl: number;
    while ((nl = buf.indexOf(10)) !== -1) {
      yield buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
    }
    carry = buf.length ? Buffer.from(buf) : null;
  }
  // An unterminated last line is a torn write: not part of the journal.
}

/**
 * The documents a journal holds, streamed from the file in two passes (which line holds each
 * document's last version; then those lines), so a journal far larger than memory — or than one
 * read may return (2 GiB) — can still be read out. Throws StoreCorruptionError on a damaged line.
 */
export async function* scanJournal(file: string): AsyncGenerator<Record<string, unknown>> {
  if (!existsSync(file)) return;
  const latest = new Map<string, number>();
  let lineNo = 0;
  for await (const line of journalLines(file)) {
    lineNo++;
    const op = decodeLine(line.toString('utf8'));
    if (!op) throw new StoreCorruptionError(file, lineNo);
    if (op.t === 'put') latest.set(String(op.d.id), lineNo);
    else if (op.t === 'del') latest.delete(op.id);
  }
  const wanted = new Set(latest.values());
  lineNo = 0;
  for await (const line of journalLines(file)) {
    lineNo++;
    if (!wanted.has(lineNo)) continue;
    const op = decodeLine(line.toString('utf8'));
    if (op?.t === 'put') yield op.d;
  }
}

function decodeLine(line: string): JournalOp | null {
  const space = line.indexOf(' ');
  if (space !== 8) return null;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return null;
  try {
    return JSON.parse(json) as JournalOp;
  } catch {
    return null;
  }
}

export class Journal {
  private fd: number;

  constructor(
    private readonly file: string,
    private readonly fsync: boolean,
  ) {
    this.fd = openSync(file, 'a');
  }

  append(ops: readonly WritableOp[]): void {
    try {
      for (const op of ops) encoder.add(op);
      writeFully(this.fd, encoder.bytes, encoder.length);
    } finally {
      encoder.reset();
    }
    if (this.fsync) fdatasyncSync(this.fd);
  }

  /** Replaces the journal with a snapshot of the given operations. */
  rewrite(ops: Iterable<WritableOp>): void {
    const tmp = `${this.file}.compact`;
    const fd = openSync(tmp, 'w');
    try {
      for (const op of ops) {
        encoder.add(op);
        if (encoder.length >= 1024 * 1024) {
          writeFully(fd, encoder.bytes, encoder.length);
          encoder.reset();
        }
      }
      writeFully(fd, encoder.bytes, encoder.length);
      fsyncSync(fd);
    } finally {
      encoder.reset();
      closeSync(fd);
    }
    closeSync(this.fd);
    renameSync(tmp, this.file);
    syncDirectory(dirname(this.file));
    this.fd = openSync(this.file, 'a');
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
