// What changed between two versions of a form, field by field (matched by path), in the terms an
// analyst uses: added, removed, or changed — and which properties changed.
import { flatten } from './ops.ts';
import type { DesignField, DesignForm, LocalizedText } from './types.ts';

export const COMPARED = [
  'kind',
  'label',
  'help',
  'required',
  'min',
  'max',
  'pattern',
  'format',
  'integer',
  'options',
  'default',
  'sensitive',
  'computed',
  'visibleWhen',
  'raw',
  'position',
] as const;
export type ComparedProp = (typeof COMPARED)[number];

export interface FieldChange {
  path: string;
  label: LocalizedText;
  change: 'added' | 'removed' | 'changed';
  props: ComparedProp[];
  before?: DesignField;
  after?: DesignField;
}

export interface FormChanges {
  fields: FieldChange[];
  /** Form-level settings that changed. */
  form: ('name' | 'description' | 'titleField' | 'other')[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function compareForms(before: DesignForm, after: DesignForm): FormChanges {
  const old = new Map(flatten(before.fields).map((e, i) => [e.path, { ...e, i }]));
  const now = new Map(flatten(after.fields).map((e, i) => [e.path, { ...e, i }]));
  const fields: FieldChange[] = [];
  // Positions compare within the same container: the order of the keys that both versions have.
  const siblingsOrder = (form: DesignForm, parentPath: string): string[] =>
    flatten(form.fields)
      .filter((e) => e.path.slice(0, e.path.lastIndexOf('.') + 1) === parentPath)
      .map((e) => e.path);
  for (const [path, a] of now) {
    const b = old.get(path);
    if (!b) {
      fields.push({ path, label: a.field.label, change: 'added', props: [], after: a.field });
      continue;
    }
    const props = COMPARED.filter((p) => p !== 'position' && !same(b.field[p], a.field[p]));
    const parent = path.slice(0, path.lastIndexOf('.') + 1);
    const common = (list: string[]) => list.filter((p) => old.has(p) && now.has(p));
    const oldOrder = common(siblingsOrder(before, parent));
    const newOrder = common(siblingsOrder(after, parent));
    if (oldOrder.indexOf(path) !== newOrder.indexOf(path)) props.push('position');
    if (props.length)
      fields.push({ path, label: a.field.label, change: 'changed', props, before: b.field, after: a.field });
  }
  for (const [path, b] of old)
    if (!now.has(path))
      fields.push({ path, label: b.field.label, change: 'removed', props: [], before: b.field });
  const form: FormChanges['form'] = [];
  if (!same(before.name, after.name)) form.push('name');
  if (!same(before.description, after.description)) form.push('description');
  if (!same(before.titleField, after.titleField)) form.push('titleField');
  if (
    !same(before.rest, after.rest) ||
    !same(before.schemaExtra, after.schemaExtra) ||
    !same(before.uiExtra, after.uiExtra) ||
    !same(before.otherComputed, after.otherComputed)
  )
    form.push('other');
  return { fields, form };
}
