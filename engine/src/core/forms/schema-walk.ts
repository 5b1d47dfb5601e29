// Walking a form's JSON Schema (pure). Field paths are property names joined by '.', with array
// items transparent: `lines.amount` is the `amount` of every item of `lines`. A field may be
// declared in several places (root `properties`, a `then` branch, a `dependentSchemas` entry, a
// `$defs` entry reached through `$ref`); the walk visits them all.

export type JsonSchema = Record<string, unknown>;

export function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return segments.reduce<string>((p, s) => `${p}/${pointerSegment(String(s))}`, base);
}

/** Keywords whose value is a map of subschemas, a list of them, or one subschema. */
export const SCHEMA_MAPS = ['properties', '$defs', 'dependentSchemas'] as const;
export const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
export const SCHEMA_SINGLES = [
  'not',
  'if',
  'then',
  'else',
  'items',
  'contains',
  'additionalProperties',
] as const;

/** Every subschema of `schema` (itself included) with its JSON pointer, depth first. */
export function* subschemas(schema: unknown, pointer = ''): Generator<[JsonSchema, string]> {
  if (!isSchemaObject(schema)) return;
  yield [schema, pointer];
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isSchemaObject(map))
      for (const [name, sub] of Object.entries(map)) yield* subschemas(sub, joinPointer(pointer, key, name));
  }
  for (const key of SCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list))
      for (const [i, sub] of list.entries()) yield* subschemas(sub, joinPointer(pointer, key, i));
  }
  for (const key of SCHEMA_SINGLES) yield* subschemas(schema[key], joinPointer(pointer, key));
}

/** Resolves a local `$ref` ("#/$defs/line"); null when it is not local or points nowhere. */
export function resolveLocalRef(root: JsonSchema, ref: string): JsonSchema | null {
  if (!ref.startsWith('#')) return null;
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return null;
  let cur: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchemaObject(cur) || !(seg in cur)) return null;
    cur = cur[seg];
  }
  return isSchemaObject(cur) ? cur : null;
}

export interface FieldDeclaration {
  /** Field path, e.g. `lines.amount`. */
  path: string;
  /** The property's schema at this declaration. */
  schema: JsonSchema;
  /** JSON pointer of the declaration inside the form schema. */
  pointer: string;
  /** True when some ancestor of the field is an array (the field repeats per item). */
  inArray: boolean;
}

/**
 * Every declaration of a field reachable from the root object: properties of objects, of array
 * items, and of the same-level branches (`then`, `else`, `allOf`/`anyOf`/`oneOf`,
 * `dependentSchemas`). `if` only tests fields declared elsewhere, so it declares nothing.
 */
export function fieldDeclarations(
  root: JsonSchema,
  /** Called for every subschema describing an object level, with that level's field path. */
  onLevel?: (node: JsonSchema, base: string, pointer: string) => void,
): FieldDeclaration[] {
  const out: FieldDeclaration[] = [];
  const visiting = new Set<JsonSchema>();
  const visitLevel = (node: unknown, base: string, pointer: string, inArray: boolean): void => {
    if (!isSchemaObject(node) || visiting.has(node)) return;
    visiting.add(node);
    onLevel?.(node, base, pointer);
    if (typeof node.$ref === 'string') {
      const target = resolveLocalRef(root, node.$ref);
      if (target) visitLevel(target, base, refPointer(node.$ref), inArray);
    }
    const props = node.properties;
    if (isSchemaObject(props)) {
      for (const [name, sub] of Object.entries(props)) {
        if (!isSchemaObject(sub)) continue;
        const path = base ? `${base}.${name}` : name;
        const at = joinPointer(pointer, 'properties', name);
        out.push({ path, schema: sub, pointer: at, inArray });
        visitField(sub, path, at, inArray);
      }
    }
    for (const key of ['then', 'else'] as const)
      visitLevel(node[key], base, joinPointer(pointer, key), inArray);
    for (const key of SCHEMA_LISTS) {
      const list = node[key];
      if (Array.isArray(list))
        list.forEach((sub, i) => visitLevel(sub, base, joinPointer(pointer, key, i), inArray));
    }
    if (isSchemaObject(node.dependentSchemas))
      for (const [name, sub] of Object.entries(node.dependentSchemas))
        visitLevel(sub, base, joinPointer(pointer, 'dependentSchemas', name), inArray);
    visiting.delete(node);
  };
  // A field's own schema: an object declares sub-fields, an array's items declare item fields.
  const visitField = (node: JsonSchema, path: string, pointer: string, inArray: boolean): void => {
    const target = typeof node.$ref === 'string' ? resolveLocalRef(root, node.$ref) : null;
    const effective = target ?? node;
    const effectivePointer = target ? refPointer(node.$ref as string) : pointer;
    visitLevel(effective, path, effectivePointer, inArray);
    if (isSchemaObject(effective.items))
      visitLevel(effective.items, path, joinPointer(effectivePointer, 'items'), true);
  };
  visitLevel(root, '', '', false);
  return out;
}

function refPointer(ref: string): string {
  return ref.startsWith('#') ? ref.slice(1) : '';
}
