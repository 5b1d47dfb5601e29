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
  existsSync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { StoreError } from '../../../ports/document-store.ts';

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

function encodeLine(op: WritableOp): string {
  const json = 'text' in op ? `{"t":"put","d":${op.text}}` : JSON.stringify(op);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export interface ReplayResult {
  ops: JournalOp[];
  /** Number of lines in the file (for the compaction heuristic). */
  lines: number;
}

/** Reads a journal, truncating a torn tail. Throws StoreCorruptionError on damage elsewhere. */
export function replayJournal(file: string): ReplayResult {
  if (!existsSync(file)) return { ops: [], lines: 0 };
  const buf = readFileSync(file);
  const ops: JournalOp[] = [];
  let pos = 0;
  let lineNo = 0;
  let goodEnd = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    const end = nl === -1 ? buf.length : nl;
    lineNo++;
    const line = buf.toString('utf8', pos, end);
    const op = nl === -1 ? null : decodeLine(line);
    if (op === null) {
      // Damage is tolerable only as the very last, unterminated or torn line.
      if (nl === -1 || nl === buf.length - 1) break;
      throw new StoreCorruptionError(file, lineNo);
    }
    ops.push(op);
    pos = end + 1;
    goodEnd = pos;
  }
  if (goodEnd < buf.length) {
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, goodEnd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return { ops, lines: ops.length };
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
    const data = ops.map(encodeLine).join('');
    writeFully(this.fd, data);
    if (this.fsync) fdatasyncSync(this.fd);
  }

  /** Replaces the journal with a snapshot of the given operations. */
  rewrite(ops: Iterable<WritableOp>): void {
    const tmp = `${this.file}.compact`;
    const fd = openSync(tmp, 'w');
    try {
      let chunk: string[] = [];
      for (const op of ops) {
        chunk.push(encodeLine(op));
        if (chunk.length >= 1000) {
          writeFully(fd, chunk.join(''));
          chunk = [];
        }
      }
      if (chunk.length) writeFully(fd, chunk.join(''));
      fsyncSync(fd);
    } finally {
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

function writeFully(fd: number, data: string): void {
  const buf = Buffer.from(data);
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
