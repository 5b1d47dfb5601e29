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
 * Calls `onOp` with every operation of the journal in order, `doc` giving a put's document text
 * on demand. Returns the number of lines.
 */
export function readJournal(
  file: string,
  options: ReadOptions,
  onOp: (op: ReadOp, doc: () => string) => void,
): number {
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r');
  let lines = 0;
  let goodEnd = 0;
  let fileSize = 0;
  try {
    fileSize = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(fileSize, 1)));
    let base = 0; // file offset of buf[0]
    let filled = 0;
    let pos = 0; // next line start in buf
    let eof = false;
    for (;;) {
      const nl = buf.indexOf(10, pos);
      if (nl === -1 || nl >= filled) {
        if (eof) break;
        // Move the partial line to the front and read more (growing for a very long line).
        const rest = filled - pos;
        if (rest === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, pos, filled);
          buf = bigger;
        } else buf.copy(buf, 0, pos, filled);
        base += pos;
        filled = rest;
        pos = 0;
        const n = readSync(fd, buf, filled, buf.length - filled, base + filled);
        if (n === 0) eof = true;
        filled += n;
        continue;
      }
      lines++;
      const op = decode(buf, pos, nl, base, options.verify);
      if (op === null) {
        // Damage is tolerable only as the very last line (a torn write).
        if (base + nl + 1 >= fileSize) break;
        throw new StoreCorruptionError(file, lines);
      }
      const start = pos;
      const end = nl;
      onOp(op, () =>
        'text' in op && op.text !== undefined ? op.text : buf.toString('utf8', start + 24, end - 1),
      );
      pos = nl + 1;
      goodEnd = base + pos;
    }
  } finally {
    closeSync(fd);
  }
  if (options.verify && goodEnd < fileSize) {
    const rw = openSync(file, 'r+');
    try {
      ftruncateSync(rw, goodEnd);
      fsyncSync(rw);
    } finally {
      closeSync(rw);
    }
  }
  return lines;
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
