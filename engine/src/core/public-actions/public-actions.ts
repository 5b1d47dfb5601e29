// Public actions (pure): a document type's small forms for someone outside the company — a
// customer rating a resolved ticket — opened by a link instead of a sign-in. What the definition
// may declare, what the page is shown (the action's own texts and its fields, nothing of the
// record) and which submitted values are acceptable before the record's own checks run.
import type { FormDefinition, LocalizedText, PublicAction } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import type { FieldIndex, JsonType } from '../forms/field-index.ts';

export const DEFAULT_EXPIRY_DAYS = 14;

/** One field as the public page draws it. */
export interface PublicField {
  name: string;
  label: LocalizedText;
  help?: LocalizedText;
  type: JsonType;
  required: boolean;
  options?: Array<{ value: unknown; label: LocalizedText }>;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

/** What the page of a public link shows: the action's texts and fields, nothing of the record. */
export interface PublicForm {
  action: string;
  title: LocalizedText;
  description?: LocalizedText;
  thanks?: LocalizedText;
  fields: PublicField[];
}

export function publicActionOf(
  def: Pick<FormDefinition, 'publicActions'>,
  id: string,
): PublicAction | undefined {
  return (def.publicActions ?? []).find((a) => a.id === id);
}

/**
 * Problems of a definition's `publicActions`: unique ids; each field a top-level single value that
 * is neither sensitive nor computed (a stranger fills it in); required ones among the fields.
 */
export function publicActionProblems(
  def: Pick<FormDefinition, 'publicActions' | 'computed'>,
  fields: FieldIndex,
  problem: (at: string, en: string, zh: string) => ErrorDetail,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const computed = new Set((def.computed ?? []).map((c) => c.field));
  const seen = new Set<string>();
  (def.publicActions ?? []).forEach((action, i) => {
    if (seen.has(action.id))
      out.push(
        problem(`/publicActions/${i}/id`, `"${action.id}" is declared twice`, `“${action.id}”重复声明`),
      );
    seen.add(action.id);
    if (action.fields.length === 0)
      out.push(problem(`/publicActions/${i}/fields`, 'Name at least one field', '请至少指定一个字段'));
    action.fields.forEach((name, j) => {
      const f = fields.get(name);
      const at = `/publicActions/${i}/fields/${j}`;
      if (!f) out.push(problem(at, `There is no field "${name}"`, `没有字段“${name}”`));
      else if (f.inArray || f.container || f.sensitive || f.segments.length !== 1 || computed.has(name))
        out.push(
          problem(
            at,
            `"${name}" must be a top-level single value, neither sensitive nor computed`,
            `“${name}”必须是顶层的单个值，且不能是敏感字段或计算字段`,
          ),
        );
    });
    (action.required ?? []).forEach((name, j) => {
      if (!action.fields.includes(name))
        out.push(
          problem(
            `/publicActions/${i}/required/${j}`,
            `"${name}" is not one of the action's fields`,
            `“${name}”不是此操作的字段`,
          ),
        );
    });
  });
  return out;
}

/** The page of an action: its texts, and its fields with the form's labels, help and options. */
export function publicFormOf(
  def: Pick<FormDefinition, 'schema' | 'labels' | 'help' | 'optionLabels'>,
  fields: FieldIndex,
  action: PublicAction,
): PublicForm {
  const properties =
    (def.schema as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
  const required = new Set(action.required ?? []);
  return {
    action: action.id,
    title: action.title,
    ...(action.description ? { description: action.description } : {}),
    ...(action.thanks ? { thanks: action.thanks } : {}),
    fields: action.fields.map((name) => {
      const info = fields.get(name);
      const schema = properties[name] ?? {};
      const labels = def.optionLabels?.[name] ?? {};
      const type = info?.types.find((t) => t !== 'null') ?? 'string';
      const field: PublicField = {
        name,
        label: def.labels?.[name] ?? { en: name, 'zh-CN': name },
        type,
        required: required.has(name),
      };
      if (def.help?.[name]) field.help = def.help[name];
      if (info?.options)
        field.options = info.options.map((value) => ({
          value,
          label: labels[String(value)] ?? { en: String(value), 'zh-CN': String(value) },
        }));
      for (const key of ['minimum', 'maximum', 'maxLength'] as const)
        if (typeof schema[key] === 'number') field[key] = schema[key];
      return field;
    }),
  };
}

/**
 * Problems of submitted values before the record's own validation: only the action's fields,
 * the required ones filled. Paths are `/values/<field>`.
 */
export function publicValueProblems(action: PublicAction, values: Record<string, unknown>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const name of Object.keys(values))
    if (!action.fields.includes(name))
      out.push({ path: `/values/${name}`, message: 'is not asked for', messageZh: '不是此表单的字段' });
  for (const name of action.required ?? [])
    if (values[name] === undefined || values[name] === null || values[name] === '')
      out.push({ path: `/values/${name}`, message: 'is required', messageZh: '必填' });
  return out;
}
