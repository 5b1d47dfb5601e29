// Reading a journal back (see journal.ts for the format), streamed in chunks so that opening a
// large collection never holds the whole file, and without parsing what opening does not need:
// a put line's CRC is checked over its bytes, and its id and revision are read from the
// document's first and last members (the store writes `{"id":…, …, "rev":N}`); only lines of
// another shape are parsed whole. A torn final line (the process died mid-write) is cut off;
// damage anywhere else raises StoreCorruptionError rather than silently losing data.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { PUT_PREFIX, StoreCorruptionError, type JournalOp } from './journal.ts';

export interface ReadPut {
  t: 'put';
  id: string;
  rev: number;
  /** Where the document's JSON lies in the file; at -1 for a line of another shape (then `text`). */
  at: number;
  bytes: number;
  /** The document's JSON, when the line had to be parsed whole. */
  text?: string;
}

export type ReadOp = ReadPut | Exclude<JournalOp, { t: 'put' }>;

export interface ReadOptions {
  /** Check every line's CRC and cut a torn tail (false for a second pass over a checked file). */
  verify: boolean;
}

const CHUNK = 16 * 1024 * 1024;
const PREFIX = Buffer.from(PUT_PREFIX);
const ID_START = Buffer.from('{"id":"');
const REV_KEY = Buffer.from('"rev":');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A journal read line by line: `next()` gives the next operation (null at the end), `text()` the
 * current put's document. Reads the file in chunks; with `verify`, a damaged line is a torn tail
 * when it is the last one (`close()` then cuts it off) and StoreCorruptionError anywhere else.
 */
export class JournalReader {
  lines = 0;
  private readonly fd: number | null;
  private readonly fileSize: number;
  private buf: Buffer;
  private base = 0; // file offset of buf[0]
  private filled = 0;
  private pos = 0; // next line start in buf
  private eof = false;
  private goodEnd = 0;
  private current: { op: ReadOp; start: number; end: number } | null = null;

  constructor(
    private readonly file: string,
    private readonly options: ReadOptions,
  ) {
    this.fd = existsSync(file) ? openSync(file, 'r') : null;
    this.fileSize = this.fd === null ? 0 : fstatSync(this.fd).size;
    this.buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(this.fileSize, 1)));
  }

  next(): ReadOp | null {
    if (this.fd === null) return null;
    for (;;) {
      const nl = this.buf.indexOf(10, this.pos);
      if (nl === -1 || nl >= this.filled) {
        if (this.eof) return null;
        this.refill(this.fd);
        continue;
      }
      this.lines++;
      const op = decode(this.buf, this.pos, nl, this.base, this.options.verify);
      if (op === null) {
        // Damage is tolerable only as the very last line (a torn write).
        if (this.base + nl + 1 >= this.fileSize) {
          this.eof = true;
          this.filled = this.pos;
          return null;
        }
        throw new StoreCorruptionError(this.file, this.lines);
      }
      this.current = { op, start: this.pos, end: nl };
      this.pos = nl + 1;
      this.goodEnd = this.base + this.pos;
      return op;
    }
  }

  /** The document of the put `next()` just returned (until the following `next()`). */
  text(): string {
    const c = this.current as { op: ReadOp; start: number; end: number };
    if ('text' in c.op && c.op.text !== undefined) return c.op.text;
    return this.buf.toString('utf8', c.start + 24, c.end - 1);
  }

  /** Closes the file; after a verifying read to the end, cuts off a torn tail. */
  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    if (!this.options.verify || !this.eof || this.goodEnd >= this.fileSize) return;
    const rw = openSync(this.file, 'r+');
    try {
      ftruncateSync(rw, this.goodEnd);
      fsyncSync(rw);
    } finally {
      closeSync(rw);
    }
  }

  /** Moves the partial line to the front and reads more (growing for a very long line). */
  private refill(fd: number): void {
    const rest = this.filled - this.pos;
    if (rest === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, this.pos, this.filled);
      this.buf = bigger;
    } else this.buf.copy(this.buf, 0, this.pos, this.filled);
    this.base += this.pos;
    this.filled = rest;
    this.pos = 0;
    const n = readSync(fd, this.buf, this.filled, this.buf.length - this.filled, this.base + this.filled);
    if (n === 0) this.eof = true;
    this.filled += n;
  }
}

/**
 * Calls `onOp` with every operation of the journal in order, `doc` giving a put's document text
 * (during the call only). Returns the number of lines.
 */
export function readJournal(
  file: string,
  options: ReadOptions,
  onOp: (op: ReadOp, doc: () => string) => void,
): number {
  const reader = new JournalReader(file, options);
  const text = (): string => reader.text();
  try {
    for (let op = reader.next(); op !== null; op = reader.next()) onOp(op, text);
  } catch (e) {
    reader.close();
    throw e;
  }
  reader.close();
  return reader.lines;
}

/** One line [start, end) of `buf` (`base` its file offset), or null when it is damaged. */
function decode(buf: Buffer, start: number, end: number, base: number, verify: boolean): ReadOp | null {
  if (end - start < 10 || buf[start + 8] !== 0x20) return null;
  if (verify) {
    const crc = crc32(buf.subarray(start + 9, end))
      .toString(16)
      .padStart(8, '0');
    if (buf.toString('latin1', start, start + 8) !== crc) return null;
  }
  const json = start + 9;
  if (
    end - json > PREFIX.length + 1 &&
    buf[end - 1] === 0x7d &&
    buf.compare(PREFIX, 0, PREFIX.length, json, json + PREFIX.length) === 0
  ) {
    const doc = json + PREFIX.length;
    const fast = idAndRev(buf, doc, end - 1);
    if (fast) return { t: 'put', id: fast.id, rev: fast.rev, at: base + doc, bytes: end - 1 - doc };
  }
  let op: JournalOp;
  try {
    op = JSON.parse(buf.toString('utf8', json, end)) as JournalOp;
  } catch {
    return null;
  }
  if (op.t !== 'put') return op;
  const d = op.d as { id: string; rev: number };
  return { t: 'put', id: d.id, rev: d.rev, at: -1, bytes: 0, text: JSON.stringify(op.d) };
}

/** The id (first member) and revision (last member) of a document's JSON in [start, end). */
function idAndRev(buf: Buffer, start: number, end: number): { id: string; rev: number } | null {
  if (buf.compare(ID_START, 0, ID_START.length, start, start + ID_START.length) !== 0) return null;
  const idStart = start + ID_START.length;
  const idEnd = buf.indexOf(QUOTE, idStart);
  if (idEnd === -1 || idEnd >= end) return null;
  // An escaped character in the id (a quote, a backslash, \u…): the whole line is parsed instead.
  for (let i = idStart; i < idEnd; i++) if (buf[i] === BACKSLASH) return null;
  if (buf[end - 1] !== 0x7d) return null;
  let i = end - 2;
  let rev = 0;
  let scale = 1;
  while (i > idEnd && buf[i]! >= 0x30 && buf[i]! <= 0x39) {
    rev += (buf[i]! - 0x30) * scale;
    scale *= 10;
    i--;
  }
  if (scale === 1 || scale > 1e15) return null;
  const key = i - REV_KEY.length + 1;
  if (buf.compare(REV_KEY, 0, REV_KEY.length, key, i + 1) !== 0) return null;
  if (buf[key - 1] !== 0x2c && buf[key - 1] !== 0x7b) return null;
  return { id: buf.toString('utf8', idStart, idEnd), rev };
}
