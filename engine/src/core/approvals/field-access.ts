// Per-step field permissions (pure), as DingTalk's 字段权限 per node: for each approval step — and
// for the requester, the step named `requester` — which of the request form's fields are editable,
// read-only or hidden. Analysts keep them with the flow's approval settings (editable without a
// redeploy); a module may declare them on its catalogue entry, which is what a flow without
// settings of its own uses.
//
// Defaults: the requester edits every field the form itself does not show read-only (computed
// fields, `ui:readonly`); an approver reads every field and edits none. A declared permission
// overrides the default for that field and step. Fields are the form's top-level properties (a
// table of line items is one field).
import { approvalErrors } from './errors.ts';

export type FieldAccess = 'editable' | 'readonly' | 'hidden';
export const FIELD_ACCESS: readonly FieldAccess[] = ['editable', 'readonly', 'hidden'];

/** The step whose permissions apply to the requester (the new request form, resubmitting, their view). */
export const REQUESTER_STEP = 'requester';

/** Step id (a user task's id, or `requester`) → field name → access. */
export type FieldPermissions = Record<string, Record<string, FieldAccess>>;

/** What a form says about its own fields: their names and which it shows read-only anyway. */
export interface FormFields {
  /** Top-level field names, in the form's order. */
  names: readonly string[];
  /** Fields the form shows read-only (`ui:readonly`, computed): the requester does not type them. */
  readOnly: ReadonlySet<string>;
  /** Fields the server computes: nobody types them, whatever a step says. */
  computed: ReadonlySet<string>;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STEP_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks permissions given by an analyst or a module: steps and fields are names, every value one
 * of editable, readonly, hidden. `known` (when given) are the steps and fields that exist.
 */
export function normalizeFieldPermissions(
  input: unknown,
  known?: { steps?: ReadonlySet<string>; fields?: ReadonlySet<string> },
  at = '/fieldPermissions',
): FieldPermissions {
  if (!isObject(input))
    throw approvalErrors.settingsInvalid(at, 'must be an object of steps', '必须是按步骤分组的对象');
  const out: FieldPermissions = {};
  for (const [step, fields] of Object.entries(input)) {
    const stepAt = `${at}/${step}`;
    if (!STEP_ID.test(step) || (known?.steps && step !== REQUESTER_STEP && !known.steps.has(step)))
      throw approvalErrors.settingsInvalid(
        stepAt,
        `"${step}" is not an approval step of this flow (nor "${REQUESTER_STEP}")`,
        `“${step}”不是此流程的审批步骤（也不是“${REQUESTER_STEP}”）`,
      );
    if (!isObject(fields))
      throw approvalErrors.settingsInvalid(stepAt, 'must be an object of fields', '必须是按字段列出的对象');
    const entry: Record<string, FieldAccess> = {};
    for (const [field, access] of Object.entries(fields)) {
      const fieldAt = `${stepAt}/${field}`;
      if (!FIELD_NAME.test(field) || (known?.fields && !known.fields.has(field)))
        throw approvalErrors.settingsInvalid(
          fieldAt,
          `"${field}" is not a field of the request form`,
          `“${field}”不是申请表单的字段`,
        );
      if (!FIELD_ACCESS.includes(access as FieldAccess))
        throw approvalErrors.settingsInvalid(
          fieldAt,
          `must be editable, readonly or hidden, not ${JSON.stringify(access)}`,
          `必须是 editable、readonly 或 hidden，而不是 ${JSON.stringify(access)}`,
        );
      entry[field] = access as FieldAccess;
    }
    if (Object.keys(entry).length) out[step] = entry;
  }
  return out;
}

/** Every field's access at one step: the default for the step, then what is declared. */
export function stepAccess(
  permissions: FieldPermissions | undefined,
  step: string,
  form: FormFields,
): Record<string, FieldAccess> {
  const declared = permissions?.[step] ?? {};
  const out: Record<string, FieldAccess> = {};
  for (const name of form.names) {
    const fallback: FieldAccess =
      step === REQUESTER_STEP && !form.readOnly.has(name) ? 'editable' : 'readonly';
    const given = declared[name];
    // A computed field stays read-only: nobody can type what the server computes.
    out[name] = given === 'editable' && form.computed.has(name) ? 'readonly' : (given ?? fallback);
  }
  return out;
}

/**
 * What someone who takes part in several steps may see: a field is visible when any of their steps
 * shows it, editable when any lets them edit it (used for a request page, never for writing).
 */
export function mergeAccess(list: ReadonlyArray<Record<string, FieldAccess>>): Record<string, FieldAccess> {
  const rank: Record<FieldAccess, number> = { hidden: 0, readonly: 1, editable: 2 };
  const out: Record<string, FieldAccess> = {};
  for (const access of list)
    for (const [name, a] of Object.entries(access))
      if (out[name] === undefined || rank[a] > rank[out[name]!]) out[name] = a;
  return out;
}

export const hiddenFields = (access: Record<string, FieldAccess>): string[] =>
  Object.entries(access)
    .filter(([, a]) => a === 'hidden')
    .map(([name]) => name);

export const editableFields = (access: Record<string, FieldAccess>): string[] =>
  Object.entries(access)
    .filter(([, a]) => a === 'editable')
    .map(([name]) => name);

/** `data` without the fields hidden at this step (a copy; nested values are shared). */
export function withoutHidden<T extends Record<string, unknown>>(
  data: T,
  access: Record<string, FieldAccess>,
): T {
  const out: Record<string, unknown> = { ...data };
  for (const name of hiddenFields(access)) delete out[name];
  return out as T;
}

/** The fields of `data` the step may not write, as JSON pointers under `at` (in `data`'s order). */
export function notWritable(
  data: Record<string, unknown>,
  access: Record<string, FieldAccess>,
  at = '/data',
): string[] {
  return Object.keys(data)
    .filter((name) => access[name] !== 'editable')
    .map((name) => `${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/** A form definition's fields as permissions see them: top-level names, and those it shows read-only. */
export function formFieldsOf(definition: {
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  computed?: ReadonlyArray<{ field: string }>;
}): FormFields {
  const props = (definition.schema as { properties?: Record<string, unknown> }).properties ?? {};
  const ui = definition.uiSchema ?? {};
  const order = Array.isArray(ui['ui:order']) ? (ui['ui:order'] as string[]) : [];
  const names = [
    ...order.filter((n) => Object.hasOwn(props, n)),
    ...Object.keys(props).filter((n) => !order.includes(n)),
  ];
  const computed = new Set<string>();
  for (const { field } of definition.computed ?? []) if (!field.includes('.')) computed.add(field);
  const readOnly = new Set(computed);
  for (const name of names) {
    const node = ui[name];
    if (isObject(node) && node['ui:readonly'] === true) readOnly.add(name);
  }
  return { names, readOnly, computed };
}
