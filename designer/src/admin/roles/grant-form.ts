// A role's grant as the permission grid edits it — lists as comma-separated text, the row rule as
// separate inputs — and back to the API's shape.
import type { Role } from '../directory.ts';

export type Grant = Role['permissions'][number];
export type Action = Grant['actions'][number];
export type RowType = NonNullable<Grant['rows']>['type'];

export const ACTIONS: Action[] = [
  'read',
  'create',
  'update',
  'delete',
  'approve',
  'export',
  'admin',
  'submit',
  'cancel',
];
export const ROW_TYPES: RowType[] = ['all', 'own', 'department', 'field', 'feel'];

/** Resources the platform checks (routes' config.access); modules add record:<form>. */
export const PLATFORM_RESOURCES = [
  '*',
  'record:*',
  'users',
  'departments',
  'roles',
  'org',
  'audit',
  'forms',
  'flows',
  'instances',
  'incidents',
  'modules',
  'automations',
  'reports',
  'ledger',
  'out-of-office',
  'backup',
  'queues',
];

/** "a, b，c d" → ['a', 'b', 'c', 'd'] (commas of either width, or spaces). */
export const list = (text: string): string[] =>
  text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export interface GrantForm {
  resource: string;
  actions: Action[];
  rowType: RowType;
  rowField: string;
  subDepartments: boolean;
  expression: string;
  hidden: string;
  masked: string;
  readOnly: string;
  /** Its row rule and field restrictions are unfolded. */
  open: boolean;
}

export function toForm(g: Grant): GrantForm {
  return {
    resource: g.resource,
    actions: [...g.actions],
    rowType: g.rows?.type ?? 'all',
    rowField: g.rows?.field ?? '',
    subDepartments: g.rows?.subDepartments ?? false,
    expression: g.rows?.expression ?? '',
    hidden: (g.fields?.hidden ?? []).join(', '),
    masked: (g.fields?.masked ?? []).join(', '),
    readOnly: (g.fields?.readOnly ?? []).join(', '),
    open: false,
  };
}

export function fromForm(f: GrantForm): Grant {
  const rows: Grant['rows'] =
    f.rowType === 'all'
      ? undefined
      : f.rowType === 'field'
        ? { type: 'field', field: f.rowField.trim() }
        : f.rowType === 'department'
          ? { type: 'department', ...(f.subDepartments ? { subDepartments: true } : {}) }
          : f.rowType === 'feel'
            ? { type: 'feel', expression: f.expression.trim() }
            : { type: f.rowType };
  const fields = {
    ...(list(f.hidden).length ? { hidden: list(f.hidden) } : {}),
    ...(list(f.masked).length ? { masked: list(f.masked) } : {}),
    ...(list(f.readOnly).length ? { readOnly: list(f.readOnly) } : {}),
  };
  return {
    resource: f.resource.trim(),
    actions: ACTIONS.filter((a) => f.actions.includes(a)),
    ...(rows ? { rows } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}
