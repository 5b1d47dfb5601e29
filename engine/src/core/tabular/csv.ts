// CSV as RFC 4180 describes it (pure): fields separated by a delimiter (comma by default),
// records by CRLF (LF and a lone CR are accepted too), fields in double quotes may hold
// delimiters, line breaks and doubled quotes. A UTF-8 byte order mark is dropped (Excel writes
// one). Lenient where the RFC is silent: a quote inside an unquoted field is a literal quote.

export class CsvError extends Error {
  constructor(
    /** 1-based record number (as a spreadsheet counts rows). */
    readonly row: number,
    message: string,
  ) {
    super(`row ${row}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  delimiter?: string;
}

/** Records of fields. Blank lines (no characters at all) are skipped. */
export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  return parseCsvRows(text, options).map((r) => r.fields);
}

export interface CsvRecord {
  /** 1-based row number as a spreadsheet shows it. */
  row: number;
  fields: string[];
}

/**
 * Records with their row numbers as a spreadsheet shows them (blank lines count as rows, line
 * breaks inside quoted fields do not).
 */
export function parseCsvRows(text: string, options: CsvOptions = {}): CsvRecord[] {
  const reader = new CsvReader(options);
  return [...reader.push(text), ...reader.end()];
}

/**
 * An incremental CSV parser: text goes in piece by piece (a file decoded as it is read), complete
 * records come out. A record, or a quoted field, may span pieces; `end()` gives the last record
 * and reports a quote left open.
 */
export class CsvReader {
  private readonly delimiter: string;
  private row: string[] = [];
  private field = '';
  private atFieldStart = true;
  private recordHasContent = false;
  /** Inside a quoted field (which started in record `quotedFrom`). */
  private quoted = false;
  private quotedFrom = 1;
  /** A quote seen at the very end of a piece inside a quoted field: closing, or the first of "". */
  private pendingQuote = false;
  /** A CR ended the previous piece: an LF starting this one belongs to it. */
  private pendingCr = false;
  private record = 1;
  private started = false;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
      throw new TypeError('the delimiter must be one character other than a quote or line break');
    this.delimiter = delimiter;
  }

  /** Parses the next piece of text; returns the records it completed. */
  push(piece: string): CsvRecord[] {
    let input = piece;
    if (!this.started && input.length) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    const out: CsvRecord[] = [];
    const n = input.length;
    const delimiter = this.delimiter;
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (input[0] === '\n') i = 1;
    }
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (n === 0) {
        this.pendingQuote = true;
        return out;
      }
      if (input[0] === '"') {
        this.field += '"';
        i = 1;
      } else this.closeQuote(input[0]);
    }
    while (i < n) {
      if (this.quoted) {
        const q = input.indexOf('"', i);
        if (q === -1) {
          this.field += input.slice(i);
          i = n;
          break;
        }
        this.field += input.slice(i, q);
        if (q + 1 === n) {
          this.pendingQuote = true;
          i = n;
          break;
        }
        if (input[q + 1] === '"') {
          this.field += '"';
          i = q + 2;
          continue;
        }
        this.closeQuote(input[q + 1]);
        i = q + 1;
        continue;
      }
      const ch = input[i] as string;
      if (this.atFieldStart && ch === '"') {
        this.quoted = true;
        this.quotedFrom = this.record;
        this.recordHasContent = true;
        i++;
        continue;
      }
      if (ch === delimiter) {
        this.row.push(this.field);
        this.field = '';
        this.atFieldStart = true;
        this.recordHasContent = true;
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (this.recordHasContent) {
          this.row.push(this.field);
          out.push({ row: this.record, fields: this.row });
        }
        this.row = [];
        this.field = '';
        this.atFieldStart = true;
        this.recordHasContent = false;
        this.record++;
        if (ch === '\r') {
          if (i + 1 === n) this.pendingCr = true;
          else if (input[i + 1] === '\n') i++;
        }
        i++;
        continue;
      }
      // Unquoted text up to the next delimiter or line break.
      let j = i;
      while (j < n) {
        const c = input[j];
        if (c === delimiter || c === '\n' || c === '\r') break;
        j++;
      }
      this.field += input.slice(i, j);
      i = j;
      this.atFieldStart = false;
      this.recordHasContent = true;
    }
    return out;
  }

  /** The input ended: the last record, if any. Throws CsvError for a quote left open. */
  end(): CsvRecord[] {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.closeQuote(undefined);
    }
    if (this.quoted) throw new CsvError(this.quotedFrom, 'a quoted field is not closed');
    if (!this.recordHasContent) return [];
    this.row.push(this.field);
    const last = { row: this.record, fields: this.row };
    this.row = [];
    this.field = '';
    this.recordHasContent = false;
    return [last];
  }

  /** A closing quote, followed by `next` (undefined: the end of the input). */
  private closeQuote(next: string | undefined): void {
    this.quoted = false;
    this.atFieldStart = false;
    if (next !== undefined && next !== this.delimiter && next !== '\n' && next !== '\r')
      throw new CsvError(this.quotedFrom, `unexpected "${next}" after a closing quote`);
  }
}

/**
 * CSV text for records (CRLF line ends). Fields holding the delimiter, a quote or a line break
 * are quoted. `protectFormulas` prefixes text starting with = + - @ (not a plain number) with a
 * quote, so a spreadsheet opening the file never runs it as a formula (CSV injection).
 */
export function writeCsv(
  rows: ReadonlyArray<ReadonlyArray<string>>,
  options: CsvOptions & { protectFormulas?: boolean } = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const protect = options.protectFormulas ?? true;
  const encode = (raw: string): string => {
    let value = raw;
    if (protect && /^[=+\-@\t\r]/.test(value) && !/^-?[0-9]+(\.[0-9]+)?$/.test(value)) value = `'${value}`;
    return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  return rows.map((r) => r.map(encode).join(delimiter)).join('\r\n') + (rows.length ? '\r\n' : '');
}
