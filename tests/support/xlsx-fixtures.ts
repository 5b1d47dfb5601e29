// Workbooks for import tests and the attack benchmark, built without exceljs so that they can be
// as large (or as malicious) as the test needs: a minimal XLSX (workbook, relationships, one
// worksheet with inline strings) whose sheet is generated row by row and deflated as a stream —
// millions of rows cost a few MB of memory — in a ZIP written here (PKWARE APPNOTE.TXT 4.3).
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

interface Entry {
  name: string;
  crc: number;
  size: number;
  data: Buffer;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function column(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** A row; `compact` leaves out the cell references (optional in the format), as some writers do. */
function rowXml(r: number, cells: ReadonlyArray<string | number>, compact: boolean): string {
  const parts = cells.map((v, i) => {
    const ref = compact ? '' : ` r="${column(i + 1)}${r}"`;
    return typeof v === 'number'
      ? `<c${ref}><v>${v}</v></c>`
      : `<c${ref} t="inlineStr"><is><t>${escape(v)}</t></is></c>`;
  });
  return compact ? `<row>${parts.join('')}</row>` : `<row r="${r}">${parts.join('')}</row>`;
}

/** Deflates text pieces as a stream: the whole text is never in memory. */
async function deflateStream(pieces: Iterable<string>): Promise<Entry & { name: '' }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  let batch: string[] = [];
  let batchLength = 0;
  const flush = async () => {
    const bytes = Buffer.from(batch.join(''));
    batch = [];
    batchLength = 0;
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await new Promise((r) => deflate.once('drain', r));
  };
  for (const piece of pieces) {
    batch.push(piece);
    batchLength += piece.length;
    if (batchLength > 1 << 20) await flush();
  }
  await flush();
  deflate.end();
  await done;
  return { name: '', crc, size, data: Buffer.concat(out) };
}

function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflated
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function small(name: string, text: string): Entry {
  const bytes = Buffer.from(text);
  return { name, crc: crc32(bytes), size: bytes.length, data: deflateRawSync(bytes) };
}

/**
 * An XLSX workbook whose one worksheet has `header` then `count` rows made by `row(i)` (i from 1),
 * plus `padding` bytes of whitespace inside the sheet (a zip bomb: it compresses to nothing).
 * `compact`: rows and cells without references (identical rows then compress to almost nothing).
 */
export async function buildXlsx(
  header: readonly string[],
  count: number,
  row: (i: number) => ReadonlyArray<string | number>,
  padding = 0,
  compact = false,
): Promise<Buffer> {
  function* sheet(): Generator<string> {
    yield `${XML}<worksheet xmlns="${MAIN}"><sheetData>`;
    yield rowXml(1, header, compact);
    for (let i = 1; i <= count; i++) yield rowXml(i + 1, row(i), compact);
    const block = ' '.repeat(1 << 20);
    for (let left = padding; left > 0; left -= block.length)
      yield left >= block.length ? block : block.slice(0, left);
    yield '</sheetData></worksheet>';
  }
  const worksheet = { ...(await deflateStream(sheet())), name: 'xl/worksheets/sheet1.xml' };
  return zip([
    small(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    small(
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    small(
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    small(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    worksheet,
  ]);
}
