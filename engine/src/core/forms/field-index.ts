// What the platform knows about each field of a form (pure): type, format, where it repeats,
// whether it is sensitive. Built once per compiled form version and used by validation
// messages, computed values, encryption, queries, import and export.
import { DECIMAL_FORMATS } from './formats.ts';
import { fieldDeclarations, isSchemaObject, resolveLocalRef, type JsonSchema } from './schema-walk.ts';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface FieldInfo {
  path: string;
  segments: string[];
  /** JSON types the field may hold (from `type`, or implied by `properties` / `items`). */
  types: JsonType[];
  format?: string;
  /** For arrays: the items' types and format (multi-selects, tables of line items). */
  itemTypes: JsonType[];
  itemFormat?: string;
  /** Allowed values (`enum`, `const` options of `oneOf`/`anyOf`), of the field or of its items. */
  options?: unknown[];
  /** The field repeats: some ancestor is an array. */
  inArray: boolean;
  /** Array ancestors' paths, outermost first (e.g. ['lines'] for `lines.amount`). */
  arrayAncestors: string[];
  /** Has sub-fields (an object with properties, or an array of objects). */
  container: boolean;
  sensitive: boolean;
  /** The JSON Schema `default`, if any. */
  default?: unknown;
  /** Where the field is first declared in the schema (JSON pointer). */
  pointer: string;
}

export class FieldIndex {
  private readonly byPath = new Map<string, FieldInfo>();

  constructor(schema: JsonSchema, sensitive: readonly string[] = []) {
    const sensitiveSet = new Set(sensitive);
    for (const decl of fieldDeclarations(schema)) {
      const own =
        typeof decl.schema.$ref === 'string'
          ? { ...(resolveLocalRef(schema, decl.schema.$ref) ?? {}), ...decl.schema }
          : decl.schema;
      const existing = this.byPath.get(decl.path);
      const info = existing ?? {
        path: decl.path,
        segments: decl.path.split('.'),
        types: [],
        itemTypes: [],
        inArray: decl.inArray,
        arrayAncestors: [],
        container: false,
        sensitive: sensitiveSet.has(decl.path),
        pointer: decl.pointer,
      };
      mergeDeclaration(info, own, schema);
      if (!existing) this.byPath.set(decl.path, info);
    }
    for (const info of this.byPath.values()) {
      const prefixes = info.segments.slice(0, -1).map((_, i) => info.segments.slice(0, i + 1).join('.'));
      info.arrayAncestors = prefixes.filter((p) => this.byPath.get(p)?.types.includes('array'));
    }
  }

  get(path: string): FieldInfo | undefined {
    return this.byPath.get(path);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  all(): FieldInfo[] {
    return [...this.byPath.values()];
  }

  /** The field a data JSON pointer points into (`/lines/0/amount` → `lines.amount`). */
  fieldOfPointer(pointer: string): FieldInfo | undefined {
    return this.byPath.get(fieldPathOfPointer(pointer));
  }

  /** Fields holding a decimal string (money, percentage), including those in arrays. */
  decimalFields(): FieldInfo[] {
    return this.all().filter((f) => f.format !== undefined && DECIMAL_FORMATS.has(f.format));
  }

  /** Leaf fields outside arrays, plus arrays themselves (the columns of a flat table). */
  columns(): FieldInfo[] {
    return this.all().filter((f) => !f.inArray && (!f.container || f.types.includes('array')));
  }
}

/** Data JSON pointer → field path: unescaped segments, array indexes dropped. */
export function fieldPathOfPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .filter((s) => !/^[0-9]+$/.test(s))
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function mergeDeclaration(info: FieldInfo, schema: JsonSchema, root: JsonSchema): void {
  for (const t of typesOf(schema)) if (!info.types.includes(t)) info.types.push(t);
  if (info.format === undefined && typeof schema.format === 'string') info.format = schema.format;
  if (info.default === undefined && schema.default !== undefined) info.default = schema.default;
  const options = optionsOf(schema);
  if (options && !info.options) info.options = options;
  if (isSchemaObject(schema.properties)) info.container = true;
  let items = schema.items;
  if (isSchemaObject(items) && typeof items.$ref === 'string')
    items = { ...(resolveLocalRef(root, items.$ref) ?? {}), ...items };
  if (isSchemaObject(items)) {
    for (const t of typesOf(items)) if (!info.itemTypes.includes(t)) info.itemTypes.push(t);
    if (info.itemFormat === undefined && typeof items.format === 'string') info.itemFormat = items.format;
    if (isSchemaObject(items.properties)) info.container = true;
    const itemOptions = optionsOf(items);
    if (itemOptions && !info.options) info.options = itemOptions;
  }
}

function typesOf(schema: JsonSchema): JsonType[] {
  const t = schema.type;
  if (typeof t === 'string') return [t as JsonType];
  if (Array.isArray(t)) return t as JsonType[];
  if (isSchemaObject(schema.properties)) return ['object'];
  if (schema.items !== undefined) return ['array'];
  if (typeof schema.format === 'string') return ['string'];
  return [];
}

function optionsOf(schema: JsonSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list) && list.length > 0 && list.every((s) => isSchemaObject(s) && 'const' in s))
      return list.map((s) => (s as JsonSchema).const);
  }
  return undefined;
}
