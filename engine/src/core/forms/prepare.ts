// Turning submitted data into the data that is validated and stored (pure): a copy with JSON
// Schema defaults filled in, values in canonical form (money "12.5" → "12.50", ID card and
// credit code upper case, IBAN without spaces) and computed fields evaluated. Computed values
// sent by the client are overwritten: the server's are the ones that count.
import { transformAt } from '../doc-paths.ts';
import type { ErrorDetail } from '../errors.ts';
import { computeFields } from './computed.ts';
import type { FieldIndex } from './field-index.ts';
import { isIban, isMoney } from './formats.ts';
import { normalizeMoney } from './decimal.ts';
import type { LabelLookup } from './messages.ts';
import { isSchemaObject, resolveLocalRef, type JsonSchema } from './schema-walk.ts';

export interface FormModel {
  schema: JsonSchema;
  fields: FieldIndex;
  computed: ReadonlyArray<{ field: string; expression: string }>;
  labels: LabelLookup;
}

/** A value in the canonical form of its format (unchanged when it does not fit the format). */
export function normalizeForFormat(format: string | undefined, value: unknown): unknown {
  if (typeof value !== 'string' || format === undefined) return value;
  switch (format) {
    case 'money':
      return isMoney(value) ? normalizeMoney(value) : value;
    case 'cn-id-card':
    case 'cn-uscc':
      return value.toUpperCase();
    case 'iban': {
      const compact = value.replace(/ /g, '').toUpperCase();
      return isIban(compact) ? compact : value;
    }
    default:
      return value;
  }
}

const NORMALIZED_FORMATS = new Set(['money', 'cn-id-card', 'cn-uscc', 'iban']);

/** Returns the prepared copy and the problems computing it (computed fields that failed). */
export function prepareData(
  model: FormModel,
  input: unknown,
  functions?: Record<string, unknown>,
): { data: Record<string, unknown>; problems: ErrorDetail[] } {
  if (!isSchemaObject(input)) return { data: input as Record<string, unknown>, problems: [] };
  const data = structuredClone(input);
  applyDefaults(model.schema, data, model.schema);
  for (const field of model.fields.all()) {
    if (field.format && NORMALIZED_FORMATS.has(field.format))
      transformAt(data, field.segments, (v) => normalizeForFormat(field.format, v));
    else if (field.itemFormat && NORMALIZED_FORMATS.has(field.itemFormat))
      transformAt(data, field.segments, (v) =>
        Array.isArray(v) ? v.map((item) => normalizeForFormat(field.itemFormat, item)) : v,
      );
  }
  const problems = computeFields(model, data, functions);
  return { data, problems };
}

/** Fills `default`s of declared properties that are missing, in objects and array items. */
function applyDefaults(node: JsonSchema, value: unknown, root: JsonSchema, depth = 0): void {
  if (depth > 32) return;
  const schema = typeof node.$ref === 'string' ? (resolveLocalRef(root, node.$ref) ?? node) : node;
  if (Array.isArray(value)) {
    if (isSchemaObject(schema.items))
      for (const item of value) applyDefaults(schema.items, item, root, depth + 1);
    return;
  }
  if (!isSchemaObject(value) || !isSchemaObject(schema.properties)) return;
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (!isSchemaObject(sub)) continue;
    if (value[name] === undefined && sub.default !== undefined) value[name] = structuredClone(sub.default);
    if (value[name] !== undefined) applyDefaults(sub, value[name], root, depth + 1);
  }
}
