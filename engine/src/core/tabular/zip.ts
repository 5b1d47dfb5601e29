// Reading a ZIP archive held in memory (an uploaded XLSX workbook), one entry at a time and
// streamed: the central directory says where each entry is, and an entry's bytes are inflated in
// small chunks while the caller consumes them. Everything inflated counts against one budget, so a
// zip bomb (megabytes that unpack into gigabytes) stops at the budget instead of filling memory,
// and a reader that has seen enough (a row limit) stops before the rest is ever unpacked.
// Format: PKWARE's APPNOTE.TXT (sections 4.3.7 local header, 4.3.12 central directory header,
// 4.3.16 end of central directory record, 4.5.3 ZIP64 extended information).
import { createInflateRaw } from 'node:zlib';

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/** The archive unpacks to more than its budget. */
export class UnpackedSizeError extends ZipError {
  constructor(readonly limit: number) {
    super(`it unpacks to more than ${Math.round(limit / 1048576)} MB`);
    this.name = 'UnpackedSizeError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** Where the entry's local header starts. */
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/**
 * Compressed bytes handed to the inflater at a time. zlib inflates a written chunk to its end
 * whatever the reader wants, so the chunks are small: deflate's best ratio (≈1 000:1) makes at
 * most ≈4 MB of a 4 KB slice before the budget is checked again.
 */
const SLICE = 4 * 1024;

/** The entries of an archive, by name. Throws ZipError when it is not a readable ZIP file. */
export function zipEntries(zip: Uint8Array): Map<string, ZipEntry> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipError('it is not a ZIP archive');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL)
      throw new ZipError('its directory is damaged');
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    let compressedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    let offset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    if (compressedSize === 0xffffffff || offset === 0xffffffff) {
      // ZIP64: the real values are in the extended information field, in this order.
      const sizes = zip64(buf, at + 46 + nameLength, extraLength);
      const uncompressedMissing = buf.readUInt32LE(at + 24) === 0xffffffff ? 1 : 0;
      if (compressedSize === 0xffffffff) compressedSize = sizes[uncompressedMissing] ?? -1;
      if (offset === 0xffffffff) offset = sizes[uncompressedMissing + (compressedSize >= 0 ? 1 : 0)] ?? -1;
    }
    if (flags & 1) throw new ZipError('it is encrypted');
    if (compressedSize < 0 || offset < 0 || offset + compressedSize > buf.length)
      throw new ZipError('its directory is damaged');
    entries.set(name.replace(/^\//, ''), { name, method, compressedSize, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function zip64(buf: Buffer, start: number, length: number): number[] {
  for (let p = start; p + 4 <= start + length;) {
    const id = buf.readUInt16LE(p);
    const size = buf.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const out: number[] = [];
      for (let q = p + 4; q + 8 <= p + 4 + size; q += 8) out.push(Number(buf.readBigUInt64LE(q)));
      return out;
    }
    p += 4 + size;
  }
  return [];
}

/** Counts unpacked bytes across the entries read from one archive. */
export class UnpackBudget {
  used = 0;
  constructor(readonly limit: number) {}

  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw new UnpackedSizeError(this.limit);
  }
}

/**
 * The unpacked bytes of an entry, chunk by chunk, counted against `budget`. Stopping the
 * iteration (a `break`, or an error thrown by the consumer) stops the inflater: what was not
 * consumed is never unpacked.
 */
export async function* entryChunks(
  zip: Uint8Array,
  entry: ZipEntry,
  budget: UnpackBudget,
): AsyncGenerator<Buffer> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  if (entry.offset + 30 > buf.length || buf.readUInt32LE(entry.offset) !== LOCAL)
    throw new ZipError(`entry ${entry.name} is damaged`);
  const start = entry.offset + 30 + buf.readUInt16LE(entry.offset + 26) + buf.readUInt16LE(entry.offset + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipError(`entry ${entry.name} is truncated`);
  if (entry.method === STORED) {
    for (let i = 0; i < data.length; i += SLICE) {
      const chunk = data.subarray(i, i + SLICE);
      budget.take(chunk.length);
      yield chunk;
    }
    return;
  }
  if (entry.method !== DEFLATED) throw new ZipError(`entry ${entry.name} uses an unsupported compression`);
  const inflater = createInflateRaw();
  let failed: Error | null = null;
  inflater.on('error', (e) => (failed = e));
  // Feed the compressed bytes slice by slice, as the inflater asks for more.
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        inflater.off('drain', done);
        inflater.off('close', done);
        resolve();
      };
      inflater.on('drain', done);
      inflater.on('close', done);
    });
  void (async () => {
    for (let i = 0; i < data.length && !inflater.destroyed; i += SLICE)
      if (!inflater.write(data.subarray(i, i + SLICE))) await drained();
    if (!inflater.destroyed) inflater.end();
  })().catch((e: Error) => (failed = e));
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      budget.take(chunk.length);
      yield chunk;
    }
  } catch (e) {
    throw failed ? new ZipError(`entry ${entry.name} is corrupt`) : e;
  } finally {
    inflater.destroy();
  }
  if (failed) throw new ZipError(`entry ${entry.name} is corrupt`);
}
