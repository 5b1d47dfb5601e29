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

/**
 * Records with their row numbers as a spreadsheet shows them (blank lines count as rows, line
 * breaks inside quoted fields do not).
 */
export function parseCsvRows(
  text: string,
  options: CsvOptions = {},
): Array<{ row: number; fields: string[] }> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new TypeError('the delimiter must be one character other than a quote or line break');
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: Array<{ row: number; fields: string[] }> = [];
  let row: string[] = [];
  let field = '';
  let atFieldStart = true;
  let recordHasContent = false;
  let record = 1;
  let i = 0;
  const n = input.length;
  while (i < n) {
    const ch = input[i] as string;
    if (atFieldStart && ch === '"') {
      // Quoted field: read to the closing quote ("" is a literal quote).
      const startRecord = record;
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const q = input.indexOf('"', j);
        if (q === -1) break;
        field += input.slice(j, q);
        if (input[q + 1] === '"') {
          field += '"';
          j = q + 2;
          continue;
        }
        closed = true;
        j = q + 1;
        break;
      }
      if (!closed) throw new CsvError(startRecord, 'a quoted field is not closed');
      i = j;
      atFieldStart = false;
      recordHasContent = true;
      const next = input[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r')
        throw new CsvError(startRecord, `unexpected "${next}" after a closing quote`);
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
      atFieldStart = true;
      recordHasContent = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (recordHasContent) {
        row.push(field);
        rows.push({ row: record, fields: row });
      }
      row = [];
      field = '';
      atFieldStart = true;
      recordHasContent = false;
      record++;
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    // Unquoted text up to the next delimiter or line break.
    let j = i;
    while (j < n) {
      const c = input[j];
      if (c === delimiter || c === '\n' || c === '\r') break;
      j++;
    }
    field += input.slice(i, j);
    i = j;
    atFieldStart = false;
    recordHasContent = true;
  }
  if (recordHasContent) {
    row.push(field);
    rows.push({ row: record, fields: row });
  }
  return rows;
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
