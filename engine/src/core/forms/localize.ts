// A form as rjsf renders it in one language (pure, browser-safe): the schema with every field's
// `title` (label) and `description` (help) in that language, and a uiSchema whose choice fields
// carry `ui:enumNames` from the definition's option labels. The stored schema stays
// language-neutral; labels live in the definition so both languages are always complete.
import type { FormDefinition, LocalizedText } from '#schemas/generated/index.ts';
import { FieldIndex } from './field-index.ts';
import { fieldDeclarations, isSchemaObject, type JsonSchema } from './schema-walk.ts';

export type FormLocale = 'en' | 'zh-CN';

export function localizeForm(
  definition: Pick<
    FormDefinition,
    'schema' | 'uiSchema' | 'labels' | 'help' | 'optionLabels' | 'name' | 'description'
  >,
  locale: FormLocale,
): { schema: JsonSchema; uiSchema: JsonSchema } {
  const schema = structuredClone(definition.schema) as JsonSchema;
  const uiSchema = structuredClone(definition.uiSchema ?? {}) as JsonSchema;
  const text = (t: LocalizedText | undefined): string | undefined => t?.[locale];
  schema.title = text(definition.name) ?? schema.title;
  const description = text(definition.description);
  if (description) schema.description = description;
  for (const decl of fieldDeclarations(schema)) {
    const target = at(schema, decl.pointer);
    if (!target) continue;
    const label = text(definition.labels?.[decl.path]);
    const help = text(definition.help?.[decl.path]);
    if (label) target.title = label;
    if (help) target.description = help;
  }
  const fields = new FieldIndex(schema);
  for (const [path, options] of Object.entries(definition.optionLabels ?? {})) {
    const field = fields.get(path);
    if (!field) continue;
    const names = Object.fromEntries(Object.entries(options).map(([value, t]) => [value, t[locale]]));
    const ui = uiAt(uiSchema, fields, path);
    ui['ui:enumNames'] = names;
    if (field.types.includes('array')) uiChild(ui, 'items')['ui:enumNames'] = names;
    // Choices written as oneOf/anyOf of consts take their labels from `title`.
    for (const decl of fieldDeclarations(schema).filter((d) => d.path === path)) {
      const node = at(schema, decl.pointer);
      for (const alt of [node, isSchemaObject(node?.items) ? node.items : undefined])
        for (const key of ['oneOf', 'anyOf'] as const) {
          const list = alt?.[key];
          if (Array.isArray(list))
            for (const option of list)
              if (isSchemaObject(option) && 'const' in option && names[String(option.const)] !== undefined)
                option.title = names[String(option.const)];
        }
    }
  }
  return { schema, uiSchema };
}

function at(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let cur: unknown = schema;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isSchemaObject(cur)) cur = cur[seg];
    else return undefined;
  }
  return isSchemaObject(cur) ? cur : undefined;
}

function uiChild(ui: JsonSchema, key: string): JsonSchema {
  if (!isSchemaObject(ui[key])) ui[key] = {};
  return ui[key] as JsonSchema;
}

/** The uiSchema node of a field path (array items nest under `items`), created as needed. */
function uiAt(uiSchema: JsonSchema, fields: FieldIndex, path: string): JsonSchema {
  const segments = path.split('.');
  let node = uiSchema;
  segments.forEach((seg, i) => {
    node = uiChild(node, seg);
    const prefix = segments.slice(0, i + 1).join('.');
    if (i < segments.length - 1 && fields.get(prefix)?.types.includes('array')) node = uiChild(node, 'items');
  });
  return node;
}
