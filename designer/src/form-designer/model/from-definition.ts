// A FormDefinition → the designer's model. It recognises what to-definition.ts writes and the
// usual hand-written shapes (enum or oneOf-of-const choices, arrays of objects, nested objects);
// keywords it does not model stay in the fields' `extra` bags, and a field it cannot classify
// becomes a `custom` field kept verbatim — so loading and saving never loses anything.
import { parseCondition, type Branch } from './conditions.ts';
import { parseDuration, readRule } from './rules.ts';
import { WIDGET_OF } from './to-definition.ts';
import {
  emptyText,
  newUid,
  TEXT_FORMATS,
  type Condition,
  type DesignField,
  type DesignForm,
  type FieldKind,
  type FormDefinition,
  type JsonObject,
  type LocalizedText,
  type OptionItem,
  type SubTexts,
  type TextFormat,
} from './types.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asText = (v: unknown): string | undefined =>
  typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;

interface Context {
  def: FormDefinition;
  computed: Map<string, string>;
  sensitive: Set<string>;
}

/** Keys of a field's schema the model covers, per kind (the rest goes to `extra`). */
const MANAGED: Record<Exclude<FieldKind, 'custom'>, string[]> = {
  text: ['type', 'minLength', 'maxLength', 'pattern', 'format', 'default'],
  longText: ['type', 'minLength', 'maxLength', 'pattern', 'default'],
  number: ['type', 'minimum', 'maximum', 'default'],
  money: ['type', 'format', 'minimumAmount', 'maximumAmount', 'default'],
  date: ['type', 'format', 'default'],
  dateRange: ['type', 'dateRange', 'properties', 'required', 'additionalProperties'],
  duration: ['type', 'default'],
  select: ['type', 'enum', 'oneOf', 'default'],
  multiSelect: ['type', 'items', 'uniqueItems', 'minItems', 'maxItems', 'default'],
  checkbox: ['type', 'default'],
  user: ['type', 'default'],
  department: ['type', 'default'],
  file: ['type', 'format', 'default'],
  table: ['type', 'items', 'minItems', 'maxItems'],
  section: ['type', 'properties', 'required', 'allOf'],
};

const LEVEL_KEYS = new Set(['type', 'properties', 'required', 'allOf']);

function optionValues(schema: JsonObject): { value: string; title?: string }[] | null {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string'))
    return (schema.enum as string[]).map((value) => ({ value }));
  if (
    Array.isArray(schema.oneOf) &&
    schema.oneOf.length > 0 &&
    schema.oneOf.every((o) => isObject(o) && typeof o.const === 'string')
  )
    return (schema.oneOf as JsonObject[]).map((o) => ({
      value: o.const as string,
      ...(typeof o.title === 'string' ? { title: o.title } : {}),
    }));
  return null;
}

/** The kind of a field from its schema and uiSchema. */
export function classify(schema: JsonObject, ui: JsonObject): FieldKind {
  const type = schema.type;
  const widget = ui['ui:widget'];
  if (typeof schema.$ref === 'string') return 'custom';
  if (type === 'string') {
    if (schema.format === 'money') return 'money';
    if (schema.format === 'date') return 'date';
    if (schema.format === 'file-ref') return 'file';
    if (optionValues(schema)) return 'select';
    if (widget === WIDGET_OF.user) return 'user';
    if (widget === WIDGET_OF.department) return 'department';
    if (widget === 'textarea') return 'longText';
    if (schema.format === undefined || TEXT_FORMATS.includes(schema.format as TextFormat)) return 'text';
    return 'custom';
  }
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'checkbox';
  if (type === 'array' && isObject(schema.items)) {
    const items = schema.items;
    if (items.type === 'string' && optionValues(items))
      return Object.keys(items).every((k) => ['type', 'enum', 'oneOf'].includes(k))
        ? 'multiSelect'
        : 'custom';
    if (items.type === 'object' && isObject(items.properties)) {
      const unknown = Object.keys(items).filter((k) => !LEVEL_KEYS.has(k));
      return unknown.length ? 'custom' : 'table';
    }
    return 'custom';
  }
  if (type === 'object' && isObject(schema.properties)) return isDateRange(schema) ? 'dateRange' : 'section';
  return 'custom';
}

/** The designer's date range: `dateRange` on exactly a start and an end date. */
function isDateRange(schema: JsonObject): boolean {
  const props = schema.properties as JsonObject;
  const isDate = (s: unknown): boolean =>
    isObject(s) && s.type === 'string' && s.format === 'date' && Object.keys(s).length === 2;
  return (
    schema.dateRange === true &&
    Object.keys(props).sort().join(',') === 'end,start' &&
    isDate(props.start) &&
    isDate(props.end) &&
    (schema.additionalProperties === undefined || schema.additionalProperties === false)
  );
}

function text(t: LocalizedText | undefined): LocalizedText {
  return t ? { en: t.en ?? '', 'zh-CN': t['zh-CN'] ?? '' } : emptyText();
}

function readField(
  key: string,
  schema: JsonObject,
  ui: JsonObject,
  path: string,
  ctx: Context,
  required: boolean,
  visibleWhen: Condition | undefined,
): DesignField {
  let kind = classify(schema, ui);
  const computedHere = ctx.computed.get(path);
  const duration = computedHere !== undefined ? parseDuration(computedHere) : null;
  // An integer computed as days between two dates is a duration the pickers edit.
  if (kind === 'number' && schema.type === 'integer' && duration) kind = 'duration';
  const field: DesignField = {
    uid: newUid(),
    key,
    kind,
    label: text(ctx.def.labels?.[path]),
    required,
  };
  if (ctx.def.help?.[path]) field.help = text(ctx.def.help[path]);
  if (ctx.sensitive.has(path)) field.sensitive = true;
  if (visibleWhen) field.visibleWhen = visibleWhen;
  if (kind === 'custom') return customField(field, schema, ui, path, ctx);
  if (kind === 'duration' && duration) {
    field.duration = duration;
    ctx.computed.delete(path);
  } else if (computedHere !== undefined) {
    field.computed = computedHere;
    ctx.computed.delete(path);
  }
  if (kind === 'dateRange')
    field.rangeLabels = {
      start: text(ctx.def.labels?.[`${path}.start`]),
      end: text(ctx.def.labels?.[`${path}.end`]),
    };
  const extra: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) if (!MANAGED[kind].includes(k)) extra[k] = structuredClone(v);
  if (Object.keys(extra).length) field.extra = extra;
  if (schema.default !== undefined) field.default = structuredClone(schema.default);

  const bounds = (min: string, max: string): void => {
    const lo = asText(schema[min]);
    const hi = asText(schema[max]);
    if (lo !== undefined) field.min = lo;
    if (hi !== undefined) field.max = hi;
  };
  const optionsFrom = (s: JsonObject): void => {
    const labels = ctx.def.optionLabels?.[path] ?? {};
    field.options = (optionValues(s) ?? []).map((o): OptionItem => ({
      value: o.value,
      label: labels[o.value]
        ? text(labels[o.value])
        : { en: o.title ?? o.value, 'zh-CN': o.title ?? o.value },
    }));
  };
  switch (kind) {
    case 'text':
    case 'longText':
      bounds('minLength', 'maxLength');
      if (typeof schema.pattern === 'string') field.pattern = schema.pattern;
      if (kind === 'text' && typeof schema.format === 'string') field.format = schema.format as TextFormat;
      break;
    case 'number':
      bounds('minimum', 'maximum');
      if (schema.type === 'integer') field.integer = true;
      break;
    case 'money':
      bounds('minimumAmount', 'maximumAmount');
      break;
    case 'select':
      optionsFrom(schema);
      break;
    case 'multiSelect': {
      optionsFrom(schema.items as JsonObject);
      bounds('minItems', 'maxItems');
      break;
    }
    case 'table': {
      bounds('minItems', 'maxItems');
      const items = schema.items as JsonObject;
      const itemsUi = isObject(ui.items) ? ui.items : {};
      const before = new Map(ctx.computed);
      const { fields, extra: levelExtra } = readLevel(items, itemsUi, path, ctx);
      // Item-level keywords of its own (a hand-written rule across columns): keep it verbatim.
      if (levelExtra) {
        ctx.computed = before;
        return customField(field, schema, ui, path, ctx);
      }
      field.children = fields;
      break;
    }
    case 'section': {
      const { fields, extra: levelExtra } = readLevel(schema, ui, path, ctx);
      field.children = fields;
      if (levelExtra) field.extra = { ...(field.extra ?? {}), ...levelExtra };
      break;
    }
    default:
      break;
  }
  const uiExtra = uiLeftovers(kind, ui, field);
  if (Object.keys(uiExtra).length) field.uiExtra = uiExtra;
  return field;
}

function customField(
  field: DesignField,
  schema: JsonObject,
  ui: JsonObject,
  path: string,
  ctx: Context,
): DesignField {
  const out: DesignField = { ...field, kind: 'custom' };
  delete out.children;
  delete out.extra;
  delete out.min;
  delete out.max;
  delete out.default;
  const under = <T>(map: Record<string, T> | undefined): Record<string, T> | undefined => {
    const entries = Object.entries(map ?? {}).filter(([p]) => p.startsWith(`${path}.`));
    return entries.length ? Object.fromEntries(entries.map(([p, v]) => [p, structuredClone(v)])) : undefined;
  };
  const texts: SubTexts = {};
  const labels = under(ctx.def.labels);
  const help = under(ctx.def.help);
  const optionLabels = under(ctx.def.optionLabels);
  if (labels) texts.labels = labels;
  if (help) texts.help = help;
  if (optionLabels) texts.optionLabels = optionLabels;
  out.raw = {
    schema: structuredClone(schema),
    ...(Object.keys(ui).length ? { ui: structuredClone(ui) } : {}),
    ...(Object.keys(texts).length ? { texts } : {}),
  };
  return out;
}

/** The uiSchema entries of a field the model does not produce itself. */
function uiLeftovers(kind: FieldKind, ui: JsonObject, field: DesignField): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(ui)) {
    if (k === 'ui:widget' && WIDGET_OF[kind] === v) continue;
    if (k === 'ui:readonly' && (field.computed !== undefined || kind === 'duration')) continue;
    if (k === 'ui:order' && kind === 'dateRange') continue;
    if ((kind === 'section' || kind === 'table') && !k.startsWith('ui:') && k !== 'items') continue;
    if (kind === 'section' && k === 'ui:order') continue;
    if (kind === 'table' && k === 'items') {
      const rest = isObject(v)
        ? Object.fromEntries(Object.entries(v).filter(([ik]) => ik.startsWith('ui:') && ik !== 'ui:order'))
        : {};
      if (Object.keys(rest).length) out.items = rest;
      continue;
    }
    if (kind === 'table' && k === 'ui:options' && isObject(v)) {
      const rest = Object.fromEntries(Object.entries(v).filter(([ok]) => ok !== 'orderable'));
      if (Object.keys(rest).length) out[k] = rest;
      continue;
    }
    out[k] = structuredClone(v);
  }
  return out;
}

/** A conditional branch the designer writes: only properties and required. */
function branchFields(branch: unknown): { properties: JsonObject; required: string[] } | null {
  if (!isObject(branch)) return null;
  if (Object.keys(branch).some((k) => k !== 'properties' && k !== 'required')) return null;
  if (!isObject(branch.properties)) return null;
  const required = branch.required ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) return null;
  return { properties: branch.properties, required: required as string[] };
}

/** The fields of one object level and, if any, its keywords the model does not cover. */
function readLevel(
  node: JsonObject,
  ui: JsonObject,
  base: string,
  ctx: Context,
): { fields: DesignField[]; extra?: JsonObject; otherAllOf: unknown[] } {
  const properties = isObject(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const uiOf = (key: string): JsonObject => (isObject(ui[key]) ? (ui[key] as JsonObject) : {});
  const pathOf = (key: string): string => (base ? `${base}.${key}` : key);
  const byKey = new Map<string, DesignField>();
  for (const [key, schema] of Object.entries(properties)) {
    if (!isObject(schema)) continue;
    byKey.set(key, readField(key, schema, uiOf(key), pathOf(key), ctx, required.has(key), undefined));
  }
  const kindOf = (key: string): FieldKind | undefined => byKey.get(key)?.kind;
  const otherAllOf: unknown[] = [];
  const allOf = Array.isArray(node.allOf) ? node.allOf : [];
  for (const entry of allOf) {
    const parsed = isObject(entry) ? readConditional(entry, kindOf) : null;
    if (!parsed || [...Object.keys(parsed.branch.properties)].some((k) => byKey.has(k))) {
      otherAllOf.push(structuredClone(entry));
      continue;
    }
    const req = new Set(parsed.branch.required);
    for (const [key, schema] of Object.entries(parsed.branch.properties)) {
      if (!isObject(schema)) continue;
      byKey.set(key, readField(key, schema, uiOf(key), pathOf(key), ctx, req.has(key), parsed.condition));
    }
  }
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as string[]) : [];
  const ordered = [
    ...order.filter((k) => byKey.has(k)).map((k) => byKey.get(k)!),
    ...[...byKey.values()].filter((f) => !order.includes(f.key)),
  ];
  const extra: JsonObject = {};
  for (const [k, v] of Object.entries(node)) if (!LEVEL_KEYS.has(k)) extra[k] = structuredClone(v);
  if (otherAllOf.length) extra.allOf = otherAllOf;
  return { fields: ordered, ...(Object.keys(extra).length ? { extra } : {}), otherAllOf };
}

function readConditional(
  entry: JsonObject,
  kindOf: (key: string) => FieldKind | undefined,
): { condition: Condition; branch: { properties: JsonObject; required: string[] } } | null {
  const keys = Object.keys(entry).sort();
  let which: Branch;
  if (keys.join(',') === 'if,then') which = 'then';
  else if (keys.join(',') === 'else,if') which = 'else';
  else return null;
  const branch = branchFields(entry[which]);
  if (!branch) return null;
  const condition = parseCondition(entry.if, which, kindOf);
  return condition ? { condition, branch } : null;
}

const DEFINITION_KEYS = new Set([
  'id',
  'module',
  'version',
  'status',
  'name',
  'description',
  'schema',
  'uiSchema',
  'labels',
  'help',
  'optionLabels',
  'sensitiveFields',
  'titleField',
  'computed',
  'checks',
]);

export function fromDefinition(def: FormDefinition): DesignForm {
  const ctx: Context = {
    def,
    computed: new Map((def.computed ?? []).map((c) => [c.field, c.expression])),
    sensitive: new Set(def.sensitiveFields ?? []),
  };
  const schema = isObject(def.schema) ? def.schema : {};
  const ui = isObject(def.uiSchema) ? def.uiSchema : {};
  const { fields, extra } = readLevel(schema, ui, '', ctx);
  const uiExtra: JsonObject = {};
  for (const [k, v] of Object.entries(ui))
    if (k.startsWith('ui:') && k !== 'ui:order') uiExtra[k] = structuredClone(v);
  const rest: Partial<FormDefinition> = {};
  for (const [k, v] of Object.entries(def))
    if (!DEFINITION_KEYS.has(k)) (rest as JsonObject)[k] = structuredClone(v);
  const form: DesignForm = {
    id: def.id,
    module: def.module,
    name: text(def.name),
    fields,
    rest,
    schemaExtra: extra ?? {},
    uiExtra,
    otherComputed: [...ctx.computed].map(([field, expression]) => ({ field, expression })),
    rules: (def.checks ?? []).map(readRule),
  };
  if (def.description) form.description = text(def.description);
  if (def.titleField) form.titleField = def.titleField;
  return form;
}

/** A new, empty form. */
export function newForm(id: string, module: string, name: LocalizedText): DesignForm {
  return {
    id,
    module,
    name,
    fields: [],
    rest: {},
    schemaExtra: {},
    uiExtra: {},
    otherComputed: [],
    rules: [],
  };
}
