// Where a problem the server reports belongs: its JSON pointer points into the FormDefinition
// (/labels/lines.amount, /schema/properties/lines/items/properties/amount/minimum,
// /schema/allOf/0/then/properties/reason, /sensitiveFields/1 …). The designer shows it at that
// field, and at the property of the field when it can tell which one.
import type { FormDefinition } from './types.ts';

export type FieldProp =
  | 'key'
  | 'label'
  | 'help'
  | 'options'
  | 'min'
  | 'max'
  | 'pattern'
  | 'format'
  | 'default'
  | 'sensitive'
  | 'computed'
  | 'visibleWhen'
  | 'required';

export interface ProblemPlace {
  /** The field path, when the problem is about a field. */
  field?: string;
  prop?: FieldProp;
  /** A form-level setting (name, description, titleField, id, module). */
  form?: string;
}

export function parsePointer(pointer: string): string[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const KEYWORD_PROP: Record<string, FieldProp> = {
  minLength: 'min',
  maxLength: 'max',
  minimum: 'min',
  maximum: 'max',
  exclusiveMinimum: 'min',
  exclusiveMaximum: 'max',
  minimumAmount: 'min',
  maximumAmount: 'max',
  minItems: 'min',
  maxItems: 'max',
  pattern: 'pattern',
  format: 'format',
  enum: 'options',
  oneOf: 'options',
  default: 'default',
};

/** The field a pointer into the schema names, following properties / items / then / else. */
function schemaPlace(segments: string[], def: FormDefinition): ProblemPlace {
  const names: string[] = [];
  let prop: FieldProp | undefined;
  let node: unknown = def.schema;
  let i = 0;
  while (i < segments.length) {
    const seg = segments[i]!;
    const next = segments[i + 1];
    const here = node as Record<string, unknown> | undefined;
    if (seg === 'properties' && next !== undefined) {
      names.push(next);
      node = (here?.properties as Record<string, unknown> | undefined)?.[next];
      i += 2;
      continue;
    }
    if (seg === 'items' || seg === 'then' || seg === 'else') {
      node = here?.[seg];
      i += 1;
      continue;
    }
    if (seg === 'allOf' && next !== undefined) {
      node = (here?.allOf as unknown[] | undefined)?.[Number(next)];
      i += 2;
      continue;
    }
    if (seg === 'if') return names.length ? { field: names.join('.'), prop: 'visibleWhen' } : {};
    if (seg === 'required' && next !== undefined) {
      const key = (here?.required as unknown[] | undefined)?.[Number(next)];
      if (typeof key === 'string') names.push(key);
      prop = 'required';
      break;
    }
    prop = KEYWORD_PROP[seg];
    break;
  }
  if (!names.length) return {};
  return { field: names.join('.'), ...(prop ? { prop } : {}) };
}

export function problemPlace(pointer: string, def: FormDefinition): ProblemPlace {
  const segments = parsePointer(pointer);
  const [head, second] = segments;
  switch (head) {
    case undefined:
      return {};
    case 'labels':
      return second ? { field: second, prop: 'label' } : {};
    case 'help':
      return second ? { field: second, prop: 'help' } : {};
    case 'optionLabels':
      return second ? { field: second, prop: 'options' } : {};
    case 'sensitiveFields': {
      const path = second !== undefined ? def.sensitiveFields?.[Number(second)] : undefined;
      return path ? { field: path, prop: 'sensitive' } : {};
    }
    case 'computed': {
      const path = second !== undefined ? def.computed?.[Number(second)]?.field : undefined;
      return path ? { field: path, prop: 'computed' } : {};
    }
    case 'schema':
      return schemaPlace(segments.slice(1), def);
    case 'uiSchema': {
      const names = segments.slice(1).filter((s) => s !== 'items' && !s.startsWith('ui:'));
      return names.length ? { field: names.join('.') } : {};
    }
    default:
      return { form: head };
  }
}
