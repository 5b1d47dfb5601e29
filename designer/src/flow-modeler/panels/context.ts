// What the modeler's panels know besides the diagram: the published forms, the request form's
// fields (for conditions and simulation), the roles.
import { fromDefinition } from '#designer/form-designer/model/from-definition.ts';
import { flatten } from '#designer/form-designer/model/ops.ts';
import type { FormDefinition, LocalizedText } from '#designer/form-designer/model/types.ts';
import type { Locale } from '#designer/i18n/define.ts';
import type { ValueType } from '../model/conditions.ts';
import type { ModelerLike } from './common.tsx';

export interface FieldOption {
  /** Variable path, e.g. amount, trip.city. */
  path: string;
  label: string;
  type: ValueType;
  options?: { value: string; label: string }[];
}

export interface PanelContext {
  modeler: ModelerLike;
  processId: string;
  deployed: boolean;
  forms: { id: string; name: LocalizedText }[];
  /** The request form's fields (empty until a request form is chosen). */
  fields: FieldOption[];
  /** The request form itself (null: none chosen, or not read yet): the simulator computes its fields. */
  requestForm: FormDefinition | null;
  roles: { id: string; name: LocalizedText }[];
}

/** The fields of a form a condition can test, as flow variables (decimals are numbers in flows). */
export function fieldOptions(definition: FormDefinition, locale: Locale): FieldOption[] {
  const form = fromDefinition(definition);
  const text = (t: LocalizedText): string => t[locale] || t.en;
  const out: FieldOption[] = [];
  for (const { field, path, parent } of flatten(form.fields)) {
    if (parent?.kind === 'table') continue;
    const label = text(field.label) || path;
    switch (field.kind) {
      case 'number':
      case 'money':
        out.push({ path, label, type: 'number' });
        break;
      case 'checkbox':
        out.push({ path, label, type: 'boolean' });
        break;
      case 'date':
        out.push({ path, label, type: 'date' });
        break;
      case 'select':
        out.push({
          path,
          label,
          type: 'string',
          options: (field.options ?? []).map((o) => ({ value: o.value, label: text(o.label) || o.value })),
        });
        break;
      case 'text':
      case 'longText':
      case 'user':
      case 'department':
        out.push({ path, label, type: 'string' });
        break;
      default:
        break;
    }
  }
  return out;
}
