// Validation errors in the user's words (pure, browser-safe): ajv's errors become one entry per
// offending field, with the field's JSON pointer, its label and a message in English and Chinese.
// The designer uses the same function as rjsf's `transformErrors`, so both sides say the same.
import type { ErrorDetail } from '../errors.ts';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { fieldPathOfPointer } from './field-index.ts';
import { joinPointer } from './schema-walk.ts';

export interface LocalizedLabel {
  en: string;
  'zh-CN': string;
}

/** Finds a field's label by field path; falls back to the path's last segment. */
export type LabelLookup = (fieldPath: string) => LocalizedLabel | undefined;

interface Text {
  en: string;
  zh: string;
}

const TYPE_NAMES: Record<string, Text> = {
  string: { en: 'text', zh: '文本' },
  number: { en: 'a number', zh: '数字' },
  integer: { en: 'a whole number', zh: '整数' },
  boolean: { en: 'yes or no', zh: '是或否' },
  object: { en: 'a group of fields', zh: '字段组' },
  array: { en: 'a list', zh: '列表' },
  null: { en: 'empty', zh: '空值' },
};

const FORMAT_TEXTS: Record<string, Text> = {
  money: {
    en: 'must be an amount with at most 2 decimals, e.g. 1234.50',
    zh: '须为金额，最多两位小数，例如 1234.50',
  },
  percentage: {
    en: 'must be a percentage from 0 to 100 with at most 2 decimals',
    zh: '须为 0 到 100 之间的百分比，最多两位小数',
  },
  'cn-mobile': {
    en: 'must be a mainland China mobile number (11 digits starting with 1)',
    zh: '须为中国大陆手机号码（以 1 开头的 11 位数字）',
  },
  'cn-uscc': {
    en: 'must be a valid unified social credit code (18 characters with a correct check character)',
    zh: '须为有效的统一社会信用代码（18 位，校验位正确）',
  },
  'cn-id-card': {
    en: 'must be a valid ID card number (18 characters with a correct check digit)',
    zh: '须为有效的居民身份证号码（18 位，校验码正确）',
  },
  iban: {
    en: 'must be a valid bank account number (IBAN with correct check digits)',
    zh: '须为有效的银行账号（IBAN，校验位正确）',
  },
  date: { en: 'must be a date like 2026-01-31', zh: '须为日期，格式如 2026-01-31' },
  'date-time': {
    en: 'must be a date and time like 2026-01-31T09:00:00Z',
    zh: '须为日期时间，格式如 2026-01-31T09:00:00Z',
  },
  time: { en: 'must be a time like 09:30:00', zh: '须为时间，格式如 09:30:00' },
  email: { en: 'must be an email address', zh: '须为电子邮箱地址' },
  uri: { en: 'must be a web address (URI)', zh: '须为网址（URI）' },
  'file-ref': { en: 'must be a reference to an uploaded file', zh: '须为已上传文件的引用' },
  link: { en: 'must be the id of a record', zh: '须为记录的 id' },
  barcode: {
    en: 'must be a barcode: 1 to 48 letters, digits or signs (no Chinese characters)',
    zh: '须为条形码：1 到 48 个字母、数字或符号（不含中文）',
  },
  qrcode: {
    en: 'must be a QR code text of 1 to 500 characters without control characters',
    zh: '须为二维码内容：1 到 500 个字符，不含控制字符',
  },
};

function list(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(values);
}

/** The message (without the label) for one ajv error. */
function describe(error: ErrorObject): Text {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { en: 'is required', zh: '为必填项' };
    case 'dependentRequired':
      return {
        en: `is required when ${String(p.property)} is filled in`,
        zh: `在填写 ${String(p.property)} 时为必填项`,
      };
    case 'type': {
      const types = String(p.type)
        .split(',')
        .map((t) => TYPE_NAMES[t] ?? { en: t, zh: t });
      return {
        en: `must be ${types.map((t) => t.en).join(' or ')}`,
        zh: `须为${types.map((t) => t.zh).join('或')}`,
      };
    }
    case 'format':
      return (
        FORMAT_TEXTS[String(p.format)] ?? {
          en: `must be a valid ${String(p.format)}`,
          zh: `格式须为 ${String(p.format)}`,
        }
      );
    case 'minimum':
    case 'minimumAmount':
      return { en: `must be at least ${String(p.limit)}`, zh: `不能小于 ${String(p.limit)}` };
    case 'maximum':
    case 'maximumAmount':
      return { en: `must be at most ${String(p.limit)}`, zh: `不能大于 ${String(p.limit)}` };
    case 'exclusiveMinimum':
      return { en: `must be greater than ${String(p.limit)}`, zh: `须大于 ${String(p.limit)}` };
    case 'exclusiveMaximum':
      return { en: `must be less than ${String(p.limit)}`, zh: `须小于 ${String(p.limit)}` };
    case 'multipleOf':
      return {
        en: `must be a multiple of ${String(p.multipleOf)}`,
        zh: `须为 ${String(p.multipleOf)} 的整数倍`,
      };
    case 'minLength':
      return {
        en: `must have at least ${String(p.limit)} characters`,
        zh: `至少需要 ${String(p.limit)} 个字符`,
      };
    case 'maxLength':
      return { en: `must have at most ${String(p.limit)} characters`, zh: `最多 ${String(p.limit)} 个字符` };
    case 'pattern':
      return { en: 'has an invalid format', zh: '格式不正确' };
    case 'enum':
      return { en: `must be one of: ${list(p.allowedValues)}`, zh: `须为以下之一：${list(p.allowedValues)}` };
    case 'const':
      return { en: `must be ${list(p.allowedValue)}`, zh: `须为 ${list(p.allowedValue)}` };
    case 'minItems':
      return { en: `must have at least ${String(p.limit)} entries`, zh: `至少需要 ${String(p.limit)} 项` };
    case 'maxItems':
      return { en: `must have at most ${String(p.limit)} entries`, zh: `最多 ${String(p.limit)} 项` };
    case 'uniqueItems':
      return { en: 'must not contain the same entry twice', zh: '不能包含重复项' };
    case 'additionalProperties':
      return { en: 'is not a field of this form', zh: '不是此表单的字段' };
    case 'anyOf':
    case 'oneOf':
      return { en: 'does not match any allowed choice', zh: '不符合任何允许的选项' };
    case 'not':
      return { en: 'has a value that is not allowed', zh: '的值不被允许' };
    case 'contains':
    case 'minContains':
    case 'maxContains':
      return { en: 'does not contain the required entries', zh: '未包含所需的项' };
    default:
      return { en: error.message ?? 'is invalid', zh: '无效' };
  }
}

/** JSON pointer of the field an error is about (for `required` and friends: the missing child). */
export function errorPointer(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'required' || error.keyword === 'dependentRequired')
    return joinPointer(error.instancePath, String(p.missingProperty));
  if (error.keyword === 'additionalProperties')
    return joinPointer(error.instancePath, String(p.additionalProperty));
  return error.instancePath;
}

/** "Lines #2 › Amount" / "明细 #2 › 金额" for `/lines/1/amount`. */
export function fieldLabel(pointer: string, labels: LabelLookup): { en: string; zh: string } {
  if (pointer === '') return { en: 'The form', zh: '表单' };
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const en: string[] = [];
  const zh: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    if (/^[0-9]+$/.test(seg)) {
      const n = ` #${Number(seg) + 1}`;
      if (en.length) {
        en[en.length - 1] += n;
        zh[zh.length - 1] += n;
      }
      continue;
    }
    names.push(seg);
    const label = labels(names.join('.'));
    // Only the leaf and its array ancestors are named; plain groups add length, not clarity.
    const isLeaf = i === segments.length - 1;
    const nextIsIndex = /^[0-9]+$/.test(segments[i + 1] ?? '');
    if (isLeaf || nextIsIndex) {
      en.push(label?.en ?? seg);
      zh.push(label?.['zh-CN'] ?? seg);
    }
  }
  return { en: en.join(' › '), zh: zh.join(' › ') };
}

/** One detail per field and problem, in the order ajv found them; branch noise (`if`) dropped. */
export function localizeErrors(
  errors: readonly ErrorObject[] | null | undefined,
  labels: LabelLookup,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  // The failures inside each alternative of anyOf/oneOf repeat what "no choice matched" says.
  const choices = (errors ?? [])
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    if (choices.some((c) => error.schemaPath.startsWith(c))) continue;
    const pointer = errorPointer(error);
    const key = `${pointer}\u0000${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = fieldLabel(pointer, labels);
    const text = error.keyword === 'dateRange' ? dateRangeText(pointer, labels) : describe(error);
    out.push({ path: pointer, message: `${label.en} ${text.en}`, messageZh: `${label.zh}${text.zh}` });
  }
  return out;
}

/** "must not be before Start": an end date before its start (the pointer is the end's). */
function dateRangeText(pointer: string, labels: LabelLookup): Text {
  const start = fieldLabel(pointer.replace(/\/end$/, '/start'), labels);
  return { en: `must not be before ${start.en}`, zh: `不能早于${start.zh}` };
}

/** A label lookup over a definition's `labels` map. */
export function labelsOf(labels: Record<string, LocalizedLabel> | undefined): LabelLookup {
  return (path) => labels?.[path];
}

export { fieldPathOfPointer };
