// Computed fields (pure, browser-safe): FEEL expressions over the data, evaluated in the order
// the definition lists them, each seeing the results of the ones before. In the FEEL context,
// decimal strings (money, percentage) are numbers, so `sum(lines.amount)` works; the result for a
// money field is rounded half-up to 2 decimals with big.js and stored as a string again. feelin
// computes in binary floating point normalised to 15 significant digits, which is exact for
// amounts up to 10^12 with 2 decimals — larger totals need integer minor units.
//
// A field inside a list (`lines.amount`) is computed once per item; the expression reads the
// item as `item` and the whole form by field name: `item.quantity * item.unitPrice`.
// Common expressions run compiled (feel-fast.ts), with feelin's results. Besides FEEL's own
// functions, expressions may call `working days(from, to)` (feel/working-days.ts).
import { commonErrors, type AppError, type ErrorDetail } from '../errors.ts';
import { FeelBudgetError, FeelError, withSharedFeelBudget } from '../feel/feel.ts';
import { DEFAULT_FORM_FUNCTIONS } from '../feel/working-days.ts';
import { evaluateFast } from './feel-fast.ts';
import { roundDecimal } from './decimal.ts';
import type { FieldIndex, FieldInfo } from './field-index.ts';
import { DECIMAL_FORMATS } from './formats.ts';
import { fieldLabel, type LabelLookup } from './messages.ts';
import { isSchemaObject, joinPointer } from './schema-walk.ts';

export interface ComputedModel {
  fields: FieldIndex;
  computed: ReadonlyArray<{ field: string; expression: string }>;
  labels: LabelLookup;
}

/** All the computed fields of one record together may take this many times one evaluation's budget. */
const RECORD_BUDGET_TIMES = 5;

/**
 * Evaluates every computed field into `data` (in place); returns the failures. `functions` are FEEL
 * functions the server adds (the working-time functions over the record owner's calendar; its
 * `working days` replaces the Monday-to-Friday one). An expression over the evaluation budget is
 * not a problem of the data but of the form: it throws 422 FEEL_BUDGET_EXCEEDED at once, naming
 * the field.
 */
export function computeFields(
  model: ComputedModel,
  data: Record<string, unknown>,
  functions: Record<string, unknown> = {},
): ErrorDetail[] {
  return withSharedFeelBudget(RECORD_BUDGET_TIMES, () => compute(model, data, functions));
}

function compute(
  model: ComputedModel,
  data: Record<string, unknown>,
  functions: Record<string, unknown>,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  // The platform's functions (working days …) first: a field of the same name would hide them.
  const base: Record<string, unknown> = { ...DEFAULT_FORM_FUNCTIONS, ...functions };
  // The FEEL view of the data, made once and kept in step: after each computed field, the values it
  // wrote are copied into it (what building it anew per field gave, without copying the data again).
  let root: Record<string, unknown> | undefined;
  for (const { field, expression } of model.computed) {
    const info = model.fields.get(field);
    if (!info) continue;
    root ??= { ...base, ...(toFeel(model.fields, data, '') as Record<string, unknown>) };
    const targets = targetsOf(data, info, root);
    const settled: Array<() => void> = [];
    for (const target of targets) {
      const context = target.item === undefined ? root : { ...root, item: target.feelItem };
      try {
        const value = fromFeel(evaluateFast(expression, context), info);
        if (value === undefined) delete target.parent[target.key];
        else target.parent[target.key] = value;
        settled.push(() =>
          mirror(target, value, field, model.fields, root === target.feelParent ? base : {}),
        );
      } catch (e) {
        const label = fieldLabel(target.pointer, model.labels);
        if (e instanceof FeelBudgetError) throw budgetExceeded(e, target.pointer, label);
        const reason = e instanceof FeelError || e instanceof TypeError ? e.message : String(e);
        problems.push({
          path: target.pointer,
          message: `${label.en} could not be computed: ${reason}`,
          messageZh: `无法计算${label.zh}：${reason}`,
        });
      }
    }
    // The next field sees this one's values (its own targets saw the data from before it).
    for (const target of targets) target.create?.();
    for (const settle of settled) settle();
  }
  return problems;
}

/** Copies a computed value into the FEEL view (a top-level one removed uncovers a function again). */
function mirror(
  target: Target,
  value: unknown,
  field: string,
  fields: FieldIndex,
  under: Record<string, unknown>,
): void {
  const parent = target.feelParent;
  if (!parent) return;
  if (value !== undefined) parent[target.key] = toFeel(fields, value, field);
  else if (target.key in under) parent[target.key] = under[target.key];
  else delete parent[target.key];
}

function budgetExceeded(e: FeelBudgetError, pointer: string, label: { en: string; zh: string }): AppError {
  return commonErrors.feelBudgetExceeded(e.problem, { pointer, label });
}

interface Target {
  parent: Record<string, unknown>;
  key: string;
  pointer: string;
  /** The innermost list item holding the field, and that list's field path. */
  item?: Record<string, unknown>;
  itemPath: string;
  /** The FEEL view's object matching `parent` and `item` (undefined: not in the view yet). */
  feelParent?: Record<string, unknown> | undefined;
  feelItem?: unknown;
  /** Adds to the FEEL view an object this target created in the data on the way. */
  create?: () => void;
}

/** Where a computed field's values go: one place, or one per item of its enclosing lists. */
function targetsOf(
  data: Record<string, unknown>,
  info: FieldInfo,
  feelRoot: Record<string, unknown>,
): Target[] {
  const out: Target[] = [];
  const arrays = new Set(info.arrayAncestors);
  const walk = (
    node: Record<string, unknown>,
    feel: Record<string, unknown> | undefined,
    i: number,
    pointer: string,
    item: Record<string, unknown> | undefined,
    feelItem: unknown,
    itemPath: string,
    create?: () => void,
  ): void => {
    const key = info.segments[i] as string;
    if (i === info.segments.length - 1) {
      out.push({
        parent: node,
        key,
        pointer: joinPointer(pointer, key),
        item,
        itemPath,
        feelParent: feel,
        feelItem,
        ...(create ? { create } : {}),
      });
      return;
    }
    const path = info.segments.slice(0, i + 1).join('.');
    const next = node[key];
    const feelNext = feel && isSchemaObject(feel) ? feel[key] : undefined;
    if (arrays.has(path)) {
      if (!Array.isArray(next)) return;
      next.forEach((el, n) => {
        const feelEl = Array.isArray(feelNext) ? (feelNext[n] as Record<string, unknown>) : undefined;
        if (isSchemaObject(el))
          walk(el, feelEl, i + 1, joinPointer(pointer, key, n), el, feelEl, path, create);
      });
    } else if (isSchemaObject(next))
      walk(
        next,
        isSchemaObject(feelNext) ? feelNext : undefined,
        i + 1,
        joinPointer(pointer, key),
        item,
        feelItem,
        itemPath,
        create,
      );
    else if (next === undefined && !info.inArray) {
      const created: Record<string, unknown> = {};
      node[key] = created;
      // The view gets the new object once the field is done (its own targets did not see it).
      const feelCreated: Record<string, unknown> = {};
      const parentFeel = feel;
      const add = () => {
        create?.();
        if (parentFeel) parentFeel[key] = feelCreated;
      };
      walk(
        created,
        parentFeel ? feelCreated : undefined,
        i + 1,
        joinPointer(pointer, key),
        item,
        feelItem,
        itemPath,
        add,
      );
    }
  };
  walk(data, feelRoot, 0, '', undefined, undefined, '');
  return out;
}

/** A copy of `value` (found at field path `path`) with decimal strings turned into numbers. */
export function toFeel(fields: FieldIndex, value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    const info = path ? fields.get(path) : undefined;
    const decimalItems = info?.itemFormat !== undefined && DECIMAL_FORMATS.has(info.itemFormat);
    return value.map((v) => (decimalItems && typeof v === 'string' ? toNumber(v) : toFeel(fields, v, path)));
  }
  if (isSchemaObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toFeel(fields, v, path ? `${path}.${k}` : k);
    return out;
  }
  if (typeof value === 'string' && path) {
    const format = fields.get(path)?.format;
    if (format !== undefined && DECIMAL_FORMATS.has(format)) return toNumber(value);
  }
  return value;
}

function toNumber(value: string): unknown {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) ? n : value;
}

/** A FEEL result in the field's stored form; undefined removes the field. */
function fromFeel(result: unknown, info: FieldInfo): unknown {
  if (result === null || result === undefined) return undefined;
  if (info.format !== undefined && DECIMAL_FORMATS.has(info.format)) {
    if (
      typeof result === 'number' ||
      (typeof result === 'string' && result.trim() !== '' && Number.isFinite(Number(result)))
    )
      return roundDecimal(result, 2);
    throw new TypeError(`gave ${JSON.stringify(result)}, not a number`);
  }
  const types = info.types;
  if (typeof result === 'number') {
    if (types.includes('number')) return result;
    if (types.includes('integer')) return Number(roundDecimal(result, 0));
    if (types.includes('string')) return String(result);
  }
  if (typeof result === 'string' && (types.includes('string') || types.length === 0)) return result;
  if (typeof result === 'boolean' && (types.includes('boolean') || types.length === 0)) return result;
  if (Array.isArray(result) && types.includes('array')) return result;
  if (types.length === 0) return result;
  throw new TypeError(`gave ${JSON.stringify(result)}, which does not fit the field (${types.join(', ')})`);
}
