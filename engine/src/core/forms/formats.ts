// The SME domain's custom formats and keywords, shared by the server (engine/src/core/forms) and
// the browser (@rjsf/validator-ajv8 in the designer), so a value passes or fails alike on both.
// Browser-safe on purpose: no Node-only imports. In the designer:
//
//   customizeValidator({ AjvClass: Ajv2020, customFormats: formaFormats, extenderFn: addFormaKeywords })
//
// Formats apply to strings (JSON Schema formats do). Decimals (money, percentage) are strings so
// that no binary float ever holds an amount.
import type AjvCore from 'ajv/dist/core.js';
import type { SchemaValidateFunction } from 'ajv/dist/types/index.js';
import { compareDecimal, isDecimalString } from './decimal.ts';

const MONEY = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;
const PERCENTAGE = /^(0|[1-9][0-9]{0,2})(\.[0-9]{1,2})?$/;
const CN_MOBILE = /^1[3-9][0-9]{9}$/;
const FILE_REF = /^file:[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Money: a decimal string with at most 2 decimals and 15 integer digits, e.g. "1234.50", "-20". */
export function isMoney(value: string): boolean {
  return MONEY.test(value);
}

/** Percentage: a decimal string from 0 to 100 with at most 2 decimals, e.g. "13", "6.5". */
export function isPercentage(value: string): boolean {
  return PERCENTAGE.test(value) && compareDecimal(value, '100') <= 0;
}

/** Mainland China mobile number: 11 digits starting with 1 and a second digit 3-9. */
export function isCnMobile(value: string): boolean {
  return CN_MOBILE.test(value);
}

/** A calendar date in ISO 8601 extended form, YYYY-MM-DD, that exists (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// GB 32100-2015 unified social credit code: 18 characters from a 31-character alphabet (no I, O,
// Z, S, V); the last is a check character: 31 - (Σ value(i) × 3^i mod 31) mod 31.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isUnifiedSocialCreditCode(input: string): boolean {
  const value = input.toUpperCase();
  if (!/^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(value[i] as string) * (USCC_WEIGHTS[i] as number);
  const check = (31 - (sum % 31)) % 31;
  return value[17] === USCC_ALPHABET[check];
}

// GB 11643-1999 citizen identity number: 6-digit area, 8-digit birth date, 3-digit sequence and an
// ISO 7064 MOD 11-2 check character (0-9 or X).
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function isCnIdCard(input: string): boolean {
  const value = input.toUpperCase();
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(value)) return false;
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birth) || Number(value.slice(6, 10)) < 1900) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (ID_WEIGHTS[i] as number);
  return value[17] === ID_CHECK[sum % 11];
}

/**
 * IBAN-style bank account (ISO 13616): country letters, 2 check digits, up to 30 alphanumerics;
 * spaces between groups and lower case are accepted. Valid when the ISO 7064 MOD 97-10 remainder
 * of the rearranged number is 1.
 */
export function isIban(input: string): boolean {
  const value = input.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(value)) return false;
  const rearranged = value.slice(4) + value.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

// Code fields: what a label prints and a scanner reads back. A barcode is printed as Code 128, which
// encodes printable ASCII; 48 characters is as long as a label stays scannable. A QR code holds any
// text; 500 characters keeps its modules large enough on a small label.
const BARCODE = /^[\x20-\x7E]{1,48}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const QR_CONTROL = /[\u0000-\u001F\u007F]/;

/** A barcode value: 1 to 48 printable ASCII characters (what Code 128 prints). */
export function isBarcode(value: string): boolean {
  return BARCODE.test(value);
}

/** A QR code value: 1 to 500 characters, no control characters. */
export function isQrCode(value: string): boolean {
  return value.length >= 1 && value.length <= 500 && !QR_CONTROL.test(value);
}

/** Formats of code fields: scanned in forms, looked up across modules, printed on labels. */
export const CODE_FORMATS: ReadonlySet<string> = new Set(['barcode', 'qrcode']);

/** Reference to a stored file: "file:" and the file's id. */
export function isFileRef(value: string): boolean {
  return FILE_REF.test(value);
}

/** A link to another record: its id (which record and form the field's `x-link` says). */
export function isRecordId(value: string): boolean {
  return RECORD_ID.test(value);
}

export const formaFormats = {
  money: isMoney,
  percentage: isPercentage,
  'cn-mobile': isCnMobile,
  'cn-uscc': isUnifiedSocialCreditCode,
  'cn-id-card': isCnIdCard,
  iban: isIban,
  date: isIsoDate,
  'file-ref': isFileRef,
  link: isRecordId,
  barcode: isBarcode,
  qrcode: isQrCode,
} as const satisfies Record<string, (value: string) => boolean>;

export type FormaFormat = keyof typeof formaFormats;

/** Formats whose values are decimal strings (compared and summed as numbers, stored as strings). */
export const DECIMAL_FORMATS: ReadonlySet<string> = new Set(['money', 'percentage']);

/**
 * Custom keywords: `minimumAmount` / `maximumAmount` bound a decimal string (money, percentage) or
 * a number by a decimal given as a string, compared exactly (JSON Schema's `minimum` does not apply
 * to strings).
 */
export const FORMA_KEYWORDS = ['minimumAmount', 'maximumAmount'] as const;

function boundKeyword(keyword: (typeof FORMA_KEYWORDS)[number]): SchemaValidateFunction {
  const validate: SchemaValidateFunction = (limit: unknown, data: unknown) => {
    validate.errors = undefined;
    if (typeof data !== 'number' && !isDecimalString(data)) return true; // type/format report it
    const c = compareDecimal(data, limit as string | number);
    const ok = keyword === 'minimumAmount' ? c >= 0 : c <= 0;
    if (!ok)
      validate.errors = [
        {
          keyword,
          message: `must be ${keyword === 'minimumAmount' ? '>=' : '<='} ${String(limit)}`,
          params: { limit: String(limit) },
        },
      ];
    return ok;
  };
  return validate;
}

/**
 * `dateRange: true` on an object with the date fields `start` and `end` (the designer's date-range
 * field): the end may not be before the start. Reported at the end date (`…/end`), where the
 * employee fixes it; a missing or malformed date is left to `required` and `format`.
 */
export const DATE_RANGE_KEYWORD = 'dateRange';

const dateRange: SchemaValidateFunction = (on: unknown, data: unknown, _parent, cxt) => {
  dateRange.errors = undefined;
  if (on !== true || !data || typeof data !== 'object') return true;
  const { start, end } = data as { start?: unknown; end?: unknown };
  if (typeof start !== 'string' || typeof end !== 'string' || !isIsoDate(start) || !isIsoDate(end))
    return true;
  if (end >= start) return true;
  dateRange.errors = [
    {
      keyword: DATE_RANGE_KEYWORD,
      // ajv keeps an instancePath set here: the problem belongs to the end date, not the pair.
      instancePath: `${cxt?.instancePath ?? ''}/end`,
      message: 'must not be before the start',
      params: { start },
    },
  ];
  return false;
};

/**
 * The keywords' functions by name: what validators the server compiled into code take from the
 * browser (core/forms/validator-module.ts), since code cannot hold a function's closure.
 */
export function formaKeywordFunctions(): Record<string, SchemaValidateFunction> {
  return {
    minimumAmount: boundKeyword('minimumAmount'),
    maximumAmount: boundKeyword('maximumAmount'),
    [DATE_RANGE_KEYWORD]: dateRange,
  };
}

/** Adds the formats and keywords to an ajv instance (server or rjsf's); returns it. */
export function addFormaVocabulary<A extends Pick<AjvCore, 'addFormat' | 'addKeyword'>>(ajv: A): A {
  for (const [name, check] of Object.entries(formaFormats)) ajv.addFormat(name, check);
  return addFormaKeywords(ajv);
}

/** The keywords only (rjsf's customizeValidator adds the formats from `customFormats`). */
export function addFormaKeywords<A extends Pick<AjvCore, 'addKeyword'>>(ajv: A): A {
  // `x-link` annotates a link field (the form it points to, what it fetches): checked when the
  // form is published (core/documents/links.ts), ignored by validation.
  ajv.addKeyword({ keyword: 'x-link', schemaType: 'object' });
  for (const keyword of FORMA_KEYWORDS) {
    ajv.addKeyword({
      keyword,
      type: ['string', 'number'],
      schemaType: ['string', 'number'],
      errors: true,
      metaSchema: { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' }] },
      validate: boundKeyword(keyword),
    });
  }
  ajv.addKeyword({
    keyword: DATE_RANGE_KEYWORD,
    type: 'object',
    schemaType: 'boolean',
    errors: true,
    validate: dateRange,
  });
  return ajv;
}
