// "Show this field when …" as JSON Schema: each condition is an `if` that tests one sibling field,
// and the fields it shows go into `then` (or `else`, for the negative ones: not equal, empty,
// unchecked). The test always requires the tested field, so an unanswered field never counts as a
// match. Amounts (money) are decimal strings, compared with the platform's minimumAmount /
// maximumAmount keywords; plain numbers with minimum / maximum.
import type { Condition, ConditionOp, FieldKind, JsonObject } from './types.ts';

export type Branch = 'then' | 'else';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The operators that make sense for a field of `kind`. */
export function opsFor(kind: FieldKind): ConditionOp[] {
  switch (kind) {
    case 'number':
    case 'money':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'filled', 'empty'];
    case 'checkbox':
      return ['checked', 'unchecked'];
    case 'select':
      return ['eq', 'neq', 'in', 'filled', 'empty'];
    case 'multiSelect':
    case 'table':
    case 'file':
      return ['filled', 'empty'];
    default:
      return ['eq', 'neq', 'filled', 'empty'];
  }
}

/** Whether the operator compares with a value (and which shape). */
export function opTakesValue(op: ConditionOp): 'one' | 'many' | 'none' {
  if (op === 'in') return 'many';
  return ['filled', 'empty', 'checked', 'unchecked'].includes(op) ? 'none' : 'one';
}

function typed(value: string, kind: FieldKind): unknown {
  if (kind === 'number') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  return value;
}

function one(cond: Condition): string {
  return Array.isArray(cond.value) ? (cond.value[0] ?? '') : (cond.value ?? '');
}

function many(cond: Condition): string[] {
  return Array.isArray(cond.value) ? cond.value : cond.value ? [cond.value] : [];
}

/** The schema the tested field must satisfy for the positive form of `cond`, and the branch. */
function fieldTest(cond: Condition, kind: FieldKind): { test: JsonObject; branch: Branch } {
  const money = kind === 'money';
  const v = one(cond);
  const arrayLike = kind === 'multiSelect' || kind === 'table';
  const filled: JsonObject = arrayLike ? { minItems: 1 } : kind === 'number' ? {} : { minLength: 1 };
  switch (cond.op) {
    case 'eq':
      return { test: { const: typed(v, kind) }, branch: 'then' };
    case 'neq':
      return { test: { const: typed(v, kind) }, branch: 'else' };
    case 'in':
      return { test: { enum: many(cond).map((x) => typed(x, kind)) }, branch: 'then' };
    case 'gt':
      return {
        test: money ? { not: { maximumAmount: v } } : { exclusiveMinimum: Number(v) },
        branch: 'then',
      };
    case 'gte':
      return { test: money ? { minimumAmount: v } : { minimum: Number(v) }, branch: 'then' };
    case 'lt':
      return {
        test: money ? { not: { minimumAmount: v } } : { exclusiveMaximum: Number(v) },
        branch: 'then',
      };
    case 'lte':
      return { test: money ? { maximumAmount: v } : { maximum: Number(v) }, branch: 'then' };
    case 'filled':
      return { test: filled, branch: 'then' };
    case 'empty':
      return { test: filled, branch: 'else' };
    case 'checked':
      return { test: { const: true }, branch: 'then' };
    case 'unchecked':
      return { test: { const: true }, branch: 'else' };
  }
}

/** The `if` schema of a condition and the branch its fields go into. */
export function conditionSchema(cond: Condition, kind: FieldKind): { if: JsonObject; branch: Branch } {
  const { test, branch } = fieldTest(cond, kind);
  return { if: { properties: { [cond.field]: test }, required: [cond.field] }, branch };
}

/** A stable key for grouping fields shown by the same condition. */
export function conditionKey(cond: Condition): string {
  return JSON.stringify([cond.field, cond.op, cond.value ?? null]);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/**
 * Reads an `if` schema back as a condition (null when it is not one the designer writes).
 * `kindOf` gives the kind of a sibling field.
 */
export function parseCondition(
  ifSchema: unknown,
  branch: Branch,
  kindOf: (key: string) => FieldKind | undefined,
): Condition | null {
  if (!isObject(ifSchema)) return null;
  const keys = Object.keys(ifSchema).sort().join(',');
  if (keys !== 'properties,required') return null;
  const { properties, required } = ifSchema;
  if (!isObject(properties) || !Array.isArray(required) || required.length !== 1) return null;
  const field = String(required[0]);
  const names = Object.keys(properties);
  if (names.length !== 1 || names[0] !== field) return null;
  const kind = kindOf(field);
  if (!kind) return null;
  const test = properties[field];
  if (!isObject(test)) return null;
  const only = Object.keys(test);
  const positive = (op: ConditionOp, value?: string | string[]): Condition | null =>
    branch === 'then' ? { field, op, ...(value !== undefined ? { value } : {}) } : null;
  if (only.length === 0) return kind === 'number' ? filledOrEmpty(field, branch) : null;
  if (only.length !== 1) return null;
  const [keyword] = only as [string];
  const value = test[keyword];
  switch (keyword) {
    case 'const':
      if (value === true && kind === 'checkbox')
        return { field, op: branch === 'then' ? 'checked' : 'unchecked' };
      if (typeof value === 'object' && value !== null) return null;
      return { field, op: branch === 'then' ? 'eq' : 'neq', value: str(value) };
    case 'enum':
      return Array.isArray(value) ? positive('in', value.map(str)) : null;
    case 'exclusiveMinimum':
      return positive('gt', str(value));
    case 'minimum':
      return positive('gte', str(value));
    case 'exclusiveMaximum':
      return positive('lt', str(value));
    case 'maximum':
      return positive('lte', str(value));
    case 'minimumAmount':
      return positive('gte', str(value));
    case 'maximumAmount':
      return positive('lte', str(value));
    case 'not': {
      if (!isObject(value) || Object.keys(value).length !== 1) return null;
      if ('maximumAmount' in value) return positive('gt', str(value.maximumAmount));
      if ('minimumAmount' in value) return positive('lt', str(value.minimumAmount));
      return null;
    }
    case 'minLength':
    case 'minItems':
      return value === 1 ? filledOrEmpty(field, branch) : null;
    default:
      return null;
  }
}

function filledOrEmpty(field: string, branch: Branch): Condition {
  return { field, op: branch === 'then' ? 'filled' : 'empty' };
}
