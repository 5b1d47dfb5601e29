// The designer's model → the platform's FormDefinition: a language-neutral JSON Schema (2020-12),
// an rjsf uiSchema (order, widgets), and labels / help / option labels keyed by field path, which
// the server and the preview turn into titles in the reader's language (core/forms/localize.ts).
import { conditionKey, conditionSchema } from './conditions.ts';
import { durationExpression, writeRules } from './rules.ts';
import {
  rangeLabelsOf,
  type DesignField,
  type DesignForm,
  type FieldKind,
  type FormDefinition,
  type JsonObject,
  type LocalizedText,
} from './types.ts';

/** rjsf widgets by field kind (the custom ones are registered by Forma's rjsf theme). */
export const WIDGET_OF: Partial<Record<FieldKind, string>> = {
  longText: 'textarea',
  multiSelect: 'checkboxes',
  user: 'userPicker',
  department: 'departmentPicker',
  file: 'fileUpload',
};

const num = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};

const whole = (text: string | undefined): number | undefined => {
  const n = num(text);
  return n === undefined ? undefined : Math.max(0, Math.trunc(n));
};

const amount = (text: string | undefined): string | undefined =>
  text !== undefined && /^-?[0-9]+(\.[0-9]+)?$/.test(text.trim()) ? text.trim() : undefined;

function put(target: JsonObject, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/**
 * Stored texts must be complete in both languages (common.schema.json localizedText): a label
 * typed in one language only stays in the designer and the publish check asks for the other.
 */
const complete = (t: LocalizedText | undefined): t is LocalizedText =>
  !!t && !!t.en.trim() && !!t['zh-CN'].trim();

interface Texts {
  labels: Record<string, LocalizedText>;
  help: Record<string, LocalizedText>;
  optionLabels: Record<string, Record<string, LocalizedText>>;
  sensitive: string[];
  computed: { field: string; expression: string }[];
}

/** The JSON Schema of one field (without its conditions, which live on its level). */
function fieldSchema(field: DesignField, path: string, texts: Texts): JsonObject {
  if (field.kind === 'custom') return structuredClone(field.raw?.schema ?? {});
  const s: JsonObject = { ...structuredClone(field.extra ?? {}) };
  switch (field.kind) {
    case 'text':
    case 'longText':
      s.type = 'string';
      put(s, 'minLength', whole(field.min));
      put(s, 'maxLength', whole(field.max));
      if (field.pattern) s.pattern = field.pattern;
      if (field.kind === 'text' && field.format) s.format = field.format;
      break;
    case 'number':
      s.type = field.integer ? 'integer' : 'number';
      put(s, 'minimum', num(field.min));
      put(s, 'maximum', num(field.max));
      break;
    case 'money':
      s.type = 'string';
      s.format = 'money';
      put(s, 'minimumAmount', amount(field.min));
      put(s, 'maximumAmount', amount(field.max));
      break;
    case 'date':
      s.type = 'string';
      s.format = 'date';
      break;
    case 'dateRange':
      // The platform's `dateRange` keyword refuses an end before the start, at the end date.
      s.type = 'object';
      s.dateRange = true;
      s.properties = { start: { type: 'string', format: 'date' }, end: { type: 'string', format: 'date' } };
      if (field.required) s.required = ['start', 'end'];
      s.additionalProperties = false;
      break;
    case 'duration':
      s.type = 'integer';
      break;
    case 'select':
      s.type = 'string';
      s.enum = (field.options ?? []).map((o) => o.value);
      break;
    case 'multiSelect':
      s.type = 'array';
      s.items = { type: 'string', enum: (field.options ?? []).map((o) => o.value) };
      s.uniqueItems = true;
      put(s, 'minItems', whole(field.min));
      put(s, 'maxItems', whole(field.max));
      break;
    case 'checkbox':
      s.type = 'boolean';
      break;
    case 'user':
    case 'department':
      s.type = 'string';
      break;
    case 'file':
      s.type = 'string';
      s.format = 'file-ref';
      break;
    case 'table':
      s.type = 'array';
      s.items = { type: 'object', ...levelSchema(field.children ?? [], path, texts) };
      put(s, 'minItems', whole(field.min));
      put(s, 'maxItems', whole(field.max));
      break;
    case 'section': {
      s.type = 'object';
      const level = levelSchema(field.children ?? [], path, texts);
      const allOf = [...((level.allOf as unknown[]) ?? []), ...(Array.isArray(s.allOf) ? s.allOf : [])];
      Object.assign(s, level);
      if (allOf.length) s.allOf = allOf;
      else delete s.allOf;
      break;
    }
  }
  if (
    field.default !== undefined &&
    field.default !== '' &&
    field.kind !== 'section' &&
    field.kind !== 'table' &&
    field.kind !== 'dateRange' &&
    field.kind !== 'duration'
  )
    s.default = field.default;
  return s;
}

/** `properties`, `required` and the conditions (allOf of if/then/else) of one object level. */
function levelSchema(fields: DesignField[], base: string, texts: Texts): JsonObject {
  const properties: JsonObject = {};
  const required: string[] = [];
  const groups = new Map<
    string,
    { if: JsonObject; branch: 'then' | 'else'; props: JsonObject; required: string[] }
  >();
  const kindOf = new Map(fields.map((f) => [f.key, f.kind]));
  for (const field of fields) {
    const path = base ? `${base}.${field.key}` : field.key;
    collectTexts(field, path, texts);
    const schema = fieldSchema(field, path, texts);
    const cond = field.visibleWhen;
    const condKind = cond ? kindOf.get(cond.field) : undefined;
    if (cond && condKind && cond.field !== field.key) {
      const key = conditionKey(cond);
      let group = groups.get(key);
      if (!group) {
        const { if: test, branch } = conditionSchema(cond, condKind);
        group = { if: test, branch, props: {}, required: [] };
        groups.set(key, group);
      }
      group.props[field.key] = schema;
      if (field.required) group.required.push(field.key);
    } else {
      properties[field.key] = schema;
      if (field.required) required.push(field.key);
    }
  }
  const out: JsonObject = { properties };
  if (required.length) out.required = required;
  if (groups.size)
    out.allOf = [...groups.values()].map((g) => ({
      if: g.if,
      [g.branch]: { properties: g.props, ...(g.required.length ? { required: g.required } : {}) },
    }));
  return out;
}

function collectTexts(field: DesignField, path: string, texts: Texts): void {
  if (complete(field.label)) texts.labels[path] = { en: field.label.en, 'zh-CN': field.label['zh-CN'] };
  const sub = field.kind === 'custom' ? field.raw?.texts : undefined;
  if (sub) {
    Object.assign(texts.labels, structuredClone(sub.labels ?? {}));
    Object.assign(texts.help, structuredClone(sub.help ?? {}));
    Object.assign(texts.optionLabels, structuredClone(sub.optionLabels ?? {}));
  }
  if (complete(field.help)) texts.help[path] = { en: field.help.en, 'zh-CN': field.help['zh-CN'] };
  const options = (field.options ?? []).filter((o) => complete(o.label) && o.value.trim());
  if ((field.kind === 'select' || field.kind === 'multiSelect') && options.length)
    texts.optionLabels[path] = Object.fromEntries(
      options.map((o) => [o.value, { en: o.label.en, 'zh-CN': o.label['zh-CN'] }]),
    );
  if (field.kind === 'dateRange') {
    const parts = rangeLabelsOf(field);
    if (complete(parts.start)) texts.labels[`${path}.start`] = { ...parts.start };
    if (complete(parts.end)) texts.labels[`${path}.end`] = { ...parts.end };
  }
  if (field.sensitive) texts.sensitive.push(path);
  const computed = computedOf(field);
  if (computed) texts.computed.push({ field: path, expression: computed });
}

/** A field's computed expression: a duration's is generated from its dates. */
function computedOf(field: DesignField): string | undefined {
  if (field.kind === 'duration')
    return field.duration?.from && field.duration.to ? durationExpression(field.duration) : undefined;
  return field.computed?.trim() || undefined;
}

/** The uiSchema of one field. */
function fieldUi(field: DesignField): JsonObject {
  if (field.kind === 'custom') return structuredClone(field.raw?.ui ?? {});
  const ui: JsonObject = { ...structuredClone(field.uiExtra ?? {}) };
  const widget = WIDGET_OF[field.kind];
  if (widget) ui['ui:widget'] = widget;
  if (field.computed?.trim() || field.kind === 'duration') ui['ui:readonly'] = true;
  if (field.kind === 'dateRange') ui['ui:order'] = ['start', 'end'];
  if (field.kind === 'section') Object.assign(ui, levelUi(field.children ?? []));
  if (field.kind === 'table') {
    const items = { ...((ui.items as JsonObject | undefined) ?? {}), ...levelUi(field.children ?? []) };
    ui.items = items;
    ui['ui:options'] = { ...((ui['ui:options'] as JsonObject | undefined) ?? {}), orderable: false };
  }
  return ui;
}

function levelUi(fields: DesignField[]): JsonObject {
  const ui: JsonObject = { 'ui:order': [...fields.map((f) => f.key), '*'] };
  for (const field of fields) {
    const own = fieldUi(field);
    if (Object.keys(own).length) ui[field.key] = own;
  }
  return ui;
}

export function toDefinition(form: DesignForm): FormDefinition {
  const texts: Texts = { labels: {}, help: {}, optionLabels: {}, sensitive: [], computed: [] };
  const level = levelSchema(form.fields, '', texts);
  const extra = structuredClone(form.schemaExtra);
  const extraAllOf = Array.isArray(extra.allOf) ? (extra.allOf as unknown[]) : [];
  delete extra.allOf;
  const allOf = [...((level.allOf as unknown[] | undefined) ?? []), ...extraAllOf];
  const schema: JsonObject = {
    ...extra,
    type: 'object',
    properties: level.properties,
    ...(level.required ? { required: level.required } : {}),
    ...(allOf.length ? { allOf } : {}),
  };
  const uiSchema: JsonObject = { ...structuredClone(form.uiExtra), ...levelUi(form.fields) };
  const computed = [...texts.computed, ...form.otherComputed];
  const def: FormDefinition = {
    ...structuredClone(form.rest),
    id: form.id,
    module: form.module,
    name: { ...form.name },
    schema,
    uiSchema,
    labels: texts.labels,
  };
  if (form.description && complete(form.description)) def.description = { ...form.description };
  if (Object.keys(texts.help).length) def.help = texts.help;
  if (Object.keys(texts.optionLabels).length) def.optionLabels = texts.optionLabels;
  if (texts.sensitive.length) def.sensitiveFields = texts.sensitive;
  if (form.titleField) def.titleField = form.titleField;
  if (computed.length) def.computed = computed;
  const checks = [...writeRules(form)];
  if (checks.length) def.checks = checks;
  else delete def.checks;
  return def;
}
