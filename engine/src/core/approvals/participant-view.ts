// What a request's participants (its requester, approvers, CC'd people) see of its variables
// (pure). A flow's variables carry everything its steps need: the form's data with decimals as
// numbers (FEEL compares them), the module's settings (account numbers, the HTTP allow-list),
// the requester's profile, rule results and look-ups (other departments' budgets). A participant
// needs only the request itself: the form's fields, with every amount as an exact decimal string
// ("1200.50", never the binary float 1200.5), the record it was made from, the approval steps'
// decisions and its outcome.
// Whoever may read every instance (`instances: read`) still sees the variables as they are.
import Big from 'big.js';
import type { FieldIndex } from '../forms/field-index.ts';
import { DECIMAL_FORMATS } from '../forms/formats.ts';

/** Variables a participant sees besides the form's fields: the record, the decisions, the outcome. */
const REQUEST_VARIABLES = ['record', 'outcome', 'approval', 'approvals'];
/** Variables a request without a form never shows (the module's, not the request's). */
const INTERNAL_VARIABLES = ['settings', 'module'];
/** Decimal places of each decimal format (formats.ts: money and percentages have at most 2). */
const SCALE: Record<string, number> = { money: 2, percentage: 2 };

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A decimal field's value as an exact decimal string with the format's scale. */
function decimalText(value: unknown, format: string): unknown {
  if (typeof value !== 'number' && typeof value !== 'string') return value;
  try {
    return new Big(typeof value === 'number' ? String(value) : value).toFixed(SCALE[format] ?? 2);
  } catch {
    return value; // not a number: shown as it is (the form's own validation refused it at submit)
  }
}

function exactDecimals(fields: FieldIndex, value: unknown, path: string): unknown {
  const info = fields.get(path);
  if (Array.isArray(value)) {
    const itemFormat = info?.itemFormat;
    return value.map((v) =>
      itemFormat && DECIMAL_FORMATS.has(itemFormat)
        ? decimalText(v, itemFormat)
        : exactDecimals(fields, v, path),
    );
  }
  if (isPlain(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, exactDecimals(fields, v, `${path}.${k}`)]),
    );
  if (info?.format && DECIMAL_FORMATS.has(info.format)) return decimalText(value, info.format);
  return value;
}

/**
 * The variables as a participant sees them. `fields`: the request's form (null when the request
 * has none: then only the platform's own variables are left out).
 */
export function participantVariables(
  variables: Record<string, unknown>,
  fields: FieldIndex | null,
): Record<string, unknown> {
  if (!fields)
    return Object.fromEntries(Object.entries(variables).filter(([k]) => !INTERNAL_VARIABLES.includes(k)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(variables)) {
    if (REQUEST_VARIABLES.includes(k)) out[k] = v;
    else if (fields.get(k)) out[k] = exactDecimals(fields, v, k);
  }
  return out;
}
