// FEEL over business data (pure). Record data keeps amounts as decimal strings; FEEL needs
// numbers to compare and add them, so the decimal fields of a form (money, percentage) become
// numbers in the FEEL view — exactly as computed form fields see them. Action inputs are FEEL
// evaluated at any depth ("=expr" strings); the actions turn amounts back into decimals (big.js).
import { evaluateFeel, feelSyntaxError, isExpression } from '../feel/feel.ts';
import type { FieldIndex } from '../forms/field-index.ts';
import { DECIMAL_FORMATS } from '../forms/formats.ts';

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function toNumber(value: string): unknown {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : value;
}

/** A copy of record data with the decimal fields of the form as numbers. */
export function feelData(fields: FieldIndex, value: unknown, path = ''): unknown {
  if (Array.isArray(value)) {
    const info = path ? fields.get(path) : undefined;
    const decimalItems = info?.itemFormat !== undefined && DECIMAL_FORMATS.has(info.itemFormat);
    return value.map((v) =>
      decimalItems && typeof v === 'string' ? toNumber(v) : feelData(fields, v, path),
    );
  }
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = feelData(fields, v, path ? `${path}.${k}` : k);
    return out;
  }
  if (typeof value === 'string' && path) {
    const format = fields.get(path)?.format;
    if (format !== undefined && DECIMAL_FORMATS.has(format)) return toNumber(value);
  }
  return value;
}

/** Evaluates every "=expr" string inside `value` (objects and lists at any depth). */
export function evaluateInput(value: unknown, context: Record<string, unknown>): unknown {
  if (isExpression(value)) return evaluateFeel(value, context);
  if (Array.isArray(value)) return value.map((v) => evaluateInput(v, context));
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluateInput(v, context);
    return out;
  }
  return value;
}

/** Syntax problems of every "=expr" string inside `value`, with JSON pointers. */
export function inputSyntaxProblems(value: unknown, pointer = ''): Array<{ path: string; message: string }> {
  if (isExpression(value)) {
    const problem = feelSyntaxError(value);
    return problem ? [{ path: pointer, message: problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => inputSyntaxProblems(v, `${pointer}/${i}`));
  if (isPlain(value))
    return Object.entries(value).flatMap(([k, v]) =>
      inputSyntaxProblems(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    );
  return [];
}
