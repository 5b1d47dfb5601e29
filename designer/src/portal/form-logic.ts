// The pure side of the portal's request forms (no DOM, no React): the uiSchema the portal renders
// with, what a submission leaves out, and what a reader may see (forAccess: the server compiles
// the request page's validators for the very schema it makes). form-runtime.tsx renders with them;
// tests/designer/portal-forms.test.ts checks them against the server's own code.
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { hiddenFieldsRemoved } from '#engine/core/forms/hidden-fields.ts';
import type { FieldAccess } from './approval-views.ts';

type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The uiSchema with the portal's widgets: every `format: file-ref` field becomes an upload and
 * every link field a link picker (a module's form need not say so), and computed fields are
 * read-only (the server computes them).
 */
export function withPortalWidgets(
  schema: RJSFSchema,
  uiSchema: UiSchema,
  definition?: FormDefinition,
): UiSchema {
  const ui = structuredClone(uiSchema) as Json;
  const walk = (node: unknown, target: Json, path: string): void => {
    if (!isObject(node)) return;
    if (node.format === 'file-ref' && target['ui:widget'] === undefined) target['ui:widget'] = 'fileUpload';
    const link = node['x-link'];
    if (node.format === 'link' && isObject(link) && definition && target['ui:widget'] === undefined) {
      target['ui:widget'] = 'linkPicker';
      target['ui:options'] = {
        ...(isObject(target['ui:options']) ? target['ui:options'] : {}),
        linkForm: definition.id,
        linkField: path,
        linkTarget: link.form,
      };
    }
    if (isObject(node.properties))
      for (const [name, child] of Object.entries(node.properties)) {
        const sub = isObject(target[name]) ? (target[name] as Json) : (target[name] = {});
        walk(child, sub as Json, path ? `${path}.${name}` : name);
      }
    if (isObject(node.items)) {
      const sub = isObject(target.items) ? target.items : (target.items = {});
      walk(node.items, sub as Json, path);
    }
  };
  walk(schema, ui, '');
  for (const { field } of definition?.computed ?? []) {
    let target = ui;
    for (const segment of field.split('.')) {
      const next = isObject(target[segment]) ? (target[segment] as Json) : (target[segment] = {});
      target = isObject(next.items) ? (next.items as Json) : next;
    }
    target['ui:readonly'] = true;
  }
  return ui as UiSchema;
}

/**
 * The data without the fields the form shows read-only (computed values, fields someone else fills
 * in later, such as a claim's payment status): the requester does not supply them — the server
 * computes them or applies their defaults, and may refuse them from this user.
 */
export function withoutReadOnly(uiSchema: UiSchema, data: Json): Json {
  const strip = (ui: unknown, value: unknown): unknown => {
    if (!isObject(ui)) return value;
    if (Array.isArray(value)) return isObject(ui.items) ? value.map((v) => strip(ui.items, v)) : value;
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      const child = ui[key];
      if (isObject(child) && child['ui:readonly'] === true) continue;
      out[key] = strip(child, v);
    }
    return out;
  };
  return strip(uiSchema, data) as Json;
}

/**
 * The schema and uiSchema as one reader may see them: hidden fields left out, and (when `editing`)
 * each listed field read-only or editable as its access says, over the form's own ui:readonly (the
 * payment fields are read-only on the form, editable at finance's step). Fields not listed keep
 * what the form says. Used for a step's view of a request and for the requester's new request.
 */
export function forAccess(
  schema: RJSFSchema,
  uiSchema: UiSchema,
  access: Record<string, FieldAccess>,
  editing: boolean,
): { schema: RJSFSchema; uiSchema: UiSchema; hidden: Set<string> } {
  const hidden = new Set(
    Object.entries(access)
      .filter(([, a]) => a === 'hidden')
      .map(([f]) => f),
  );
  const shaped = hiddenFieldsRemoved(schema as Json, hidden) as RJSFSchema;
  const properties = shaped.properties as Json;
  const ui: UiSchema = { ...uiSchema };
  for (const f of hidden) delete ui[f];
  if (Array.isArray(ui['ui:order']))
    ui['ui:order'] = (ui['ui:order'] as string[]).filter((f) => !hidden.has(f));
  if (editing)
    for (const [field, a] of Object.entries(access))
      if (a !== 'hidden' && field in properties)
        ui[field] = { ...(ui[field] as UiSchema | undefined), 'ui:readonly': a === 'readonly' };
  return { schema: shaped, uiSchema: ui, hidden };
}

/** The data without the fields its reader may not see (they are not theirs to send). */
export function withoutHidden(hidden: ReadonlySet<string>, data: Json): Json {
  return Object.fromEntries(Object.entries(data).filter(([f]) => !hidden.has(f)));
}
