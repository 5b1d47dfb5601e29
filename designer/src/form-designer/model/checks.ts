// Immediate checks of a field's properties while the analyst types (the server's publish-time
// rules come later, from POST /api/forms/check). Each problem is a message key of the designer's
// catalog, per property.
import { patternProblem } from '#engine/core/forms/linear-regexp.ts';
import { KEY_PATTERN } from './ops.ts';
import type { FieldProp } from './pointers.ts';
import type { DesignField } from './types.ts';

export type CheckKey =
  | 'check.key'
  | 'check.keyTaken'
  | 'check.label'
  | 'check.number'
  | 'check.amount'
  | 'check.range'
  | 'check.pattern'
  | 'check.optionValue';

const AMOUNT = /^-?[0-9]+(\.[0-9]{1,2})?$/;

export function checkField(
  field: DesignField,
  siblings: DesignField[],
): Partial<Record<FieldProp, CheckKey>> {
  const out: Partial<Record<FieldProp, CheckKey>> = {};
  if (!KEY_PATTERN.test(field.key)) out.key = 'check.key';
  else if (siblings.some((f) => f.uid !== field.uid && f.key === field.key)) out.key = 'check.keyTaken';
  if (!field.label.en.trim() || !field.label['zh-CN'].trim()) out.label = 'check.label';
  const money = field.kind === 'money';
  const bad = (v: string | undefined): boolean =>
    v !== undefined && v.trim() !== '' && (money ? !AMOUNT.test(v.trim()) : !Number.isFinite(Number(v)));
  if (bad(field.min)) out.min = money ? 'check.amount' : 'check.number';
  if (bad(field.max)) out.max = money ? 'check.amount' : 'check.number';
  if (!out.min && !out.max && field.min?.trim() && field.max?.trim() && Number(field.min) > Number(field.max))
    out.max = 'check.range';
  // The server's engine decides (linear-time, so no backreferences or lookaround).
  if (field.pattern && patternProblem(field.pattern)) out.pattern = 'check.pattern';
  if (field.options) {
    const values = field.options.map((o) => o.value.trim());
    if (values.some((v) => v === '') || new Set(values).size !== values.length)
      out.options = 'check.optionValue';
  }
  return out;
}
