// Reading an XLSX workbook's first worksheet as a stream of rows, for imports. exceljs reads the
// whole workbook into memory (a 25 MB file of 3.3 million rows ran the server out of heap) and its
// streaming reader copies worksheets to temporary files unpacked and without limit, so the import
// reads the parts itself: the ZIP's entries inflated chunk by chunk under one unpacked-size budget
// (zip.ts), the XML parsed as it arrives (saxes), rows handed out as they complete. A consumer that
// stops (a row limit) stops the unpacking; the rest of the file is never inflated.
//
// Cells become what exceljs's reader gives for them (what import always saw): text, numbers,
// booleans, dates for numbers in a date format, a formula's cached result, rich text as plain
// text, errors as empty. Parts: ECMA-376 Part 1, §18.2 (workbook), §18.3 (sheet), §18.4 (shared
// strings), §18.8 (styles).
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { CellValue, SheetRow } from './xlsx.ts';
import { entryChunks, UnpackBudget, zipEntries, ZipError, type ZipEntry } from './zip.ts';

export interface XlsxReadLimits {
  /** Bytes all the parts read may unpack to, together (the zip-bomb defence). */
  maxUnpackedBytes: number;
  /** Columns read per row; cells further right are ignored. */
  maxColumns: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxReadLimits = {
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxColumns: 1000,
};

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, and the CJK ones). */
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
]);

/** A custom number format shows a date or time (what exceljs decides, so imports did not change). */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/**
 * The longest text a parser may hold: Excel keeps a cell to 32 767 characters, so anything far
 * longer is an attack (text of a whole bomb held in one string).
 */
const MAX_TEXT = 1 << 20;

/**
 * Parses an entry's XML as it is unpacked. Text is collected only where `wantsText()` says so
 * (inside a value): saxes holds the text between two tags in one string while a text handler is
 * set, and a bomb's gigabyte of whitespace between cells must not become one.
 */
async function* parseEntry(
  zip: Uint8Array,
  entry: ZipEntry,
  budget: UnpackBudget,
  handlers: {
    open?(name: string, attributes: Record<string, string>): void;
    close?(name: string): void;
    text?(text: string): void;
    wantsText?(): boolean;
  },
): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false });
  let failure: Error | null = null;
  parser.on('error', (e) => {
    failure ??= e;
  });
  let collecting = false;
  const collect = (): void => {
    const want = Boolean(handlers.text) && (handlers.wantsText?.() ?? true);
    if (want === collecting) return;
    collecting = want;
    if (want) {
      parser.on('text', handlers.text!);
      parser.on('cdata', handlers.text!);
    } else {
      parser.off('text');
      parser.off('cdata');
    }
  };
  collect();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    handlers.open?.(localName(tag.name), tag.attributes as Record<string, string>);
    collect();
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    handlers.close?.(localName(tag.name));
    collect();
  });
  // The text saxes holds until the next tag (a private field: checked when it is there).
  const held = (): number => (parser as unknown as { text?: string }).text?.length ?? 0;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of entryChunks(zip, entry, budget)) {
    parser.write(decoder.decode(chunk, { stream: true }));
    if (failure) throw new ZipError(`${entry.name} is not well-formed XML`);
    if (held() > MAX_TEXT)
      throw new ZipError(`${entry.name} holds a text of more than ${MAX_TEXT} characters`);
    yield;
  }
  parser.write(decoder.decode());
  parser.close();
  if (failure) throw new ZipError(`${entry.name} is not well-formed XML`);
}

async function drain(parts: AsyncGenerator<void>): Promise<void> {
  for await (const _ of parts);
}

/** "C12" → column 3 (1-based); null when not a cell reference. */
function columnOf(ref: string | undefined): number | null {
  if (!ref) return null;
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return i > 0 ? n : null;
}

interface Workbook {
  sheet: ZipEntry;
  date1904: boolean;
  sharedStrings: string[];
  /** Per cell style index: whether it shows a date. */
  dateStyles: boolean[];
}

async function readWorkbook(
  zip: Uint8Array,
  budget: UnpackBudget,
  limits: XlsxReadLimits,
): Promise<Workbook> {
  const entries = zipEntries(zip);
  const book = entries.get('xl/workbook.xml');
  if (!book) throw new ZipError('it has no workbook part (xl/workbook.xml)');
  let date1904 = false;
  let firstSheetRel: string | null = null;
  await drain(
    parseEntry(zip, book, budget, {
      open(name, attrs) {
        if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
        if (name === 'sheet' && firstSheetRel === null)
          firstSheetRel = Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
      },
    }),
  );
  let target: string | null = null;
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (rels && firstSheetRel)
    await drain(
      parseEntry(zip, rels, budget, {
        open(name, attrs) {
          if (name === 'Relationship' && attrs.Id === firstSheetRel && attrs.Target) target = attrs.Target;
        },
      }),
    );
  const path =
    target === null
      ? 'xl/worksheets/sheet1.xml'
      : (target as string).startsWith('/')
        ? (target as string).slice(1)
        : `xl/${(target as string).replace(/^\.\//, '')}`;
  const sheet = entries.get(path);
  if (!sheet) throw new ZipError('it has no worksheet');

  const dateStyles: boolean[] = [];
  const styles = entries.get('xl/styles.xml');
  if (styles) {
    const custom = new Map<number, string>();
    let inCellXfs = false;
    await drain(
      parseEntry(zip, styles, budget, {
        open(name, attrs) {
          if (name === 'numFmt') custom.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
          else if (name === 'cellXfs') inCellXfs = true;
          else if (name === 'xf' && inCellXfs) {
            const id = Number(attrs.numFmtId ?? 0);
            const code = custom.get(id);
            dateStyles.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
          }
        },
        close(name) {
          if (name === 'cellXfs') inCellXfs = false;
        },
      }),
    );
  }

  // The shared strings stay in memory while the sheet is read: they get a quarter of the budget.
  const sharedStrings: string[] = [];
  const strings = entries.get('xl/sharedStrings.xml');
  if (strings) {
    const own = new UnpackBudget(Math.min(limits.maxUnpackedBytes / 4, budget.limit - budget.used));
    let current: string[] | null = null;
    let inText = false;
    // Phonetic runs (rPh) give the text's reading: not part of the value.
    let inPhonetic = false;
    await drain(
      parseEntry(zip, strings, own, {
        open(name) {
          if (name === 'si') current = [];
          else if (name === 't') inText = true;
          else if (name === 'rPh') inPhonetic = true;
        },
        close(name) {
          if (name === 't') inText = false;
          else if (name === 'rPh') inPhonetic = false;
          else if (name === 'si' && current) {
            sharedStrings.push(current.join(''));
            current = null;
          }
        },
        text(text) {
          if (inText && !inPhonetic && current) current.push(text);
        },
        wantsText: () => inText && !inPhonetic,
      }),
    );
    budget.take(own.used);
  }
  return { sheet, date1904, sharedStrings, dateStyles };
}

/**
 * The first worksheet's non-empty rows, as they are unpacked. Throws ZipError for a file that is
 * not a readable workbook and UnpackedSizeError when it unpacks to more than the budget.
 */
export async function* readXlsxRows(
  content: Uint8Array,
  limits: XlsxReadLimits = DEFAULT_XLSX_LIMITS,
): AsyncGenerator<SheetRow> {
  const budget = new UnpackBudget(limits.maxUnpackedBytes);
  const book = await readWorkbook(content, budget, limits);
  const epoch = 25569 - (book.date1904 ? 1462 : 0);
  const ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let cell: { column: number; type: string; style: number; value: string[] } | null = null;
  let nextColumn = 1;
  let into: 'v' | 't' | null = null;

  const finishCell = (): void => {
    if (!cell || cell.column > limits.maxColumns) return;
    const raw = cell.value.join('');
    let value: CellValue = null;
    const date = (n: number): Date => new Date(Math.round((n - epoch) * 86_400_000));
    const hasValue = cell.value.length > 0;
    switch (cell.type) {
      case 's':
        value = hasValue ? (book.sharedStrings[Number(raw)] ?? null) : null;
        break;
      case 'str':
      case 'inlineStr':
        value = hasValue ? raw : null;
        break;
      case 'b':
        value = hasValue ? Number(raw) !== 0 : null;
        break;
      case 'e':
        value = null;
        break;
      case 'd': {
        const d = new Date(raw);
        value = hasValue && !Number.isNaN(d.getTime()) ? d : null;
        break;
      }
      default: {
        const n = Number.parseFloat(raw);
        value = hasValue && Number.isFinite(n) ? (book.dateStyles[cell.style] ? date(n) : n) : null;
      }
    }
    while (cells.length < cell.column - 1) cells.push(null);
    cells[cell.column - 1] = value;
  };

  for await (const _ of parseEntry(content, book.sheet, budget, {
    open(name, attrs) {
      if (name === 'row') {
        rowNumber = Number(attrs.r) || rowNumber + 1;
        cells = [];
        nextColumn = 1;
      } else if (name === 'c') {
        const column = columnOf(attrs.r) ?? nextColumn;
        nextColumn = column + 1;
        cell = { column, type: attrs.t ?? 'n', style: Number(attrs.s ?? 0), value: [] };
      } else if (cell && name === 'v') into = 'v';
      else if (cell && name === 't' && cell.type === 'inlineStr') into = 't';
    },
    close(name) {
      if (name === 'v' || name === 't') into = null;
      else if (name === 'c') {
        finishCell();
        cell = null;
      } else if (name === 'row') {
        while (cells.length && cells[cells.length - 1] === null) cells.pop();
        if (cells.length) ready.push({ row: rowNumber, cells });
      }
    },
    text(text) {
      if (into && cell) cell.value.push(text);
    },
    wantsText: () => into !== null,
  })) {
    yield* ready.splice(0);
  }
  yield* ready.splice(0);
}
