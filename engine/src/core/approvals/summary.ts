// A request's summary (pure): what an approver must see to decide without opening the form — its
// title, its amount and a few key fields — in both languages, as every list, card, dialog and
// notice shows it. The form declares it: `titleField` (the title) and `summaryFields` (record paths
// such as `data.total`, `data.paymentStatus`; the first money field among them is the amount).
// A form that declares neither still gets one: its first plain text field and its first money
// field. Amounts stay exact decimals (big.js) and carry their currency.
import Big from 'big.js';
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { FieldIndex } from '../forms/field-index.ts';
import type { LocalizedText } from './messages.ts';

export interface SummaryAmount {
  /** An exact decimal string, e.g. "5500.50". */
  value: string;
  /** ISO 4217 code, e.g. "CNY". */
  currency: string;
  field: string;
  label: LocalizedText;
  /** "¥5,500.50": the same in both languages. */
  text: string;
}

export interface SummaryField {
  field: string;
  label: LocalizedText;
  value: unknown;
  /** The value as people read it (an option's label, a formatted amount, yes/no …). */
  text: LocalizedText;
}

export interface RequestSummary {
  title?: string;
  amount?: SummaryAmount;
  /** The other key fields, in the form's order. */
  fields: SummaryField[];
}

/** The platform's currency when neither the form nor its module names one. */
export const DEFAULT_CURRENCY = 'CNY';

const SYMBOLS: Record<string, string> = {
  CNY: '¥',
  USD: '$',
  EUR: '€',
  GBP: '£',
  JPY: 'JP¥',
  HKD: 'HK$',
  TWD: 'NT$',
  SGD: 'S$',
};

/** "5500.5" + "CNY" → "¥5,500.50": exact (no float on the way), grouped by thousands. */
export function formatAmount(value: string, currency: string): string {
  let fixed: string;
  try {
    fixed = new Big(value).toFixed(2);
  } catch {
    return `${currency} ${value}`;
  }
  const negative = fixed.startsWith('-');
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = SYMBOLS[currency];
  const number = `${grouped}.${fraction}`;
  return `${negative ? '-' : ''}${symbol ?? `${currency} `}${number}`;
}

/** What the summary needs of a form version. */
export interface SummaryForm {
  definition: Pick<
    FormDefinition,
    'titleField' | 'summaryFields' | 'labels' | 'optionLabels' | 'sensitiveFields' | 'schema'
  >;
  fields: FieldIndex;
}

const label = (form: SummaryForm, field: string): LocalizedText => {
  const l = form.definition.labels?.[field];
  return { en: l?.en ?? field, 'zh-CN': l?.['zh-CN'] ?? l?.en ?? field };
};

const isMoney = (form: SummaryForm, field: string): boolean => {
  const f = form.fields.get(field);
  return !!f && f.segments.length === 1 && f.format === 'money' && !f.sensitive;
};

/** Top-level fields of the form in its order (schema property order). */
function topLevel(form: SummaryForm): string[] {
  const props = (form.definition.schema as { properties?: Record<string, unknown> }).properties ?? {};
  return Object.keys(props);
}

function display(form: SummaryForm, field: string, value: unknown, currency: string): LocalizedText {
  const info = form.fields.get(field);
  const option = form.definition.optionLabels?.[field]?.[String(value)];
  if (option) return { en: option.en, 'zh-CN': option['zh-CN'] ?? option.en };
  if (typeof value === 'boolean') return value ? { en: 'Yes', 'zh-CN': '是' } : { en: 'No', 'zh-CN': '否' };
  if (typeof value === 'string' && info?.format === 'money') {
    const text = formatAmount(value, currency);
    return { en: text, 'zh-CN': text };
  }
  if (Array.isArray(value)) return { en: `${value.length} items`, 'zh-CN': `${value.length} 项` };
  const text = value === null || value === undefined ? '' : String(value);
  return { en: text, 'zh-CN': text };
}

/**
 * The summary of `data` (a record's data, decimals as strings) for someone who may not see
 * `hidden` fields. Sensitive fields never appear in a summary: lists and notices are read by many.
 */
export function requestSummary(
  form: SummaryForm,
  data: Record<string, unknown>,
  options: { currency: string; hidden?: Iterable<string> },
): RequestSummary {
  const hidden = new Set(options.hidden ?? []);
  const sensitive = new Set(form.definition.sensitiveFields ?? []);
  const shown = (field: string): boolean =>
    !hidden.has(field) && !sensitive.has(field) && data[field] !== undefined && data[field] !== '';
  const declared = (form.definition.summaryFields ?? [])
    .filter((p) => p.startsWith('data.') && !p.slice(5).includes('.'))
    .map((p) => p.slice(5));
  const order = topLevel(form);

  const titleField =
    form.definition.titleField ??
    order.find((f) => {
      const info = form.fields.get(f);
      return info?.types.includes('string') && !info.format && !info.options && !info.container;
    });
  const out: RequestSummary = { fields: [] };
  if (titleField && shown(titleField) && typeof data[titleField] === 'string')
    out.title = data[titleField] as string;

  const amountField = declared.find((f) => isMoney(form, f)) ?? order.find((f) => isMoney(form, f));
  if (amountField && shown(amountField) && typeof data[amountField] === 'string') {
    const value = data[amountField] as string;
    out.amount = {
      value,
      currency: options.currency,
      field: amountField,
      label: label(form, amountField),
      text: formatAmount(value, options.currency),
    };
  }
  for (const field of declared) {
    if (field === titleField || field === amountField || !shown(field)) continue;
    out.fields.push({
      field,
      label: label(form, field),
      value: data[field],
      text: display(form, field, data[field], options.currency),
    });
  }
  return out;
}

/**
 * The request as notices and dialogs name it: `Expense claim “Customer visit” ¥5,500.50` /
 * `费用报销「Customer visit」¥5,500.50` — the request's name, then its title and amount when known.
 */
export function requestLabel(name: LocalizedText, summary?: RequestSummary): LocalizedText {
  const amount = summary?.amount ? ` ${summary.amount.text}` : '';
  const title = summary?.title;
  return {
    en: `${name.en}${title ? ` “${title}”` : ''}${amount}`,
    'zh-CN': `${name['zh-CN'] || name.en}${title ? `「${title}」` : ''}${amount}`,
  };
}
