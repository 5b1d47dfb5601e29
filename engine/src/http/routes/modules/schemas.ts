// Reply and body schemas shared by the module-related routes (modules, catalogue, reports,
// dashboards, notifications, automations, ledger). Texts in both languages use the platform's
// localizedText; definitions that modules supply (settings schemas, report definitions) are
// passed through as objects.
import { entryTap, localizedText, object, type JsonSchema } from '#engine/http/schemas.ts';

export const anyObject: JsonSchema = { type: 'object', additionalProperties: true };
export const moduleId: JsonSchema = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' };
export const qualifiedId: JsonSchema = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,127}$' };
export const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
export const rev: JsonSchema = { type: 'integer', minimum: 1 };

export const moduleProblem = object(
  {
    module: { type: 'string' },
    file: { type: 'string' },
    path: { type: 'string' },
    code: { type: 'string' },
    message: { type: 'string' },
    messageZh: { type: 'string' },
  },
  ['module', 'file', 'path', 'code', 'message', 'messageZh'],
);

export const moduleView = object(
  {
    id: moduleId,
    rev,
    name: localizedText,
    description: localizedText,
    icon: { type: 'string' },
    status: { type: 'string', enum: ['available', 'broken', 'enabled', 'disabled'] },
    availableVersion: { type: 'string' },
    installedVersion: { type: 'string' },
    installed: { type: 'boolean' },
    enabled: { type: 'boolean' },
    upgradeAvailable: { type: 'boolean' },
    installedAt: timestamp,
    changedAt: timestamp,
    problems: { type: 'array', items: moduleProblem },
    depends: {
      type: 'array',
      items: object({ id: { type: 'string' }, version: { type: 'string' } }, ['id']),
    },
    settings: anyObject,
    settingsSchema: anyObject,
    settingsLabels: {
      type: 'object',
      additionalProperties: object({ title: localizedText, description: localizedText }, ['title']),
    },
    entries: { type: 'array', items: anyObject },
    forms: { type: 'array', items: { type: 'string' } },
    processes: { type: 'array', items: { type: 'string' } },
  },
  [
    'id',
    'rev',
    'name',
    'description',
    'status',
    'installed',
    'enabled',
    'upgradeAvailable',
    'problems',
    'depends',
    'settings',
  ],
);

export const catalogueEntry = object(
  {
    id: qualifiedId,
    module: moduleId,
    moduleName: localizedText,
    form: { type: 'string' },
    flow: { type: 'string' },
    name: localizedText,
    description: localizedText,
    icon: { type: 'string' },
    startRoles: { type: 'array', items: { type: 'string' } },
    precheck: anyObject,
    tap: entryTap,
    fieldPermissions: object(
      {
        requester: {
          type: 'object',
          description:
            "The form's fields the person submitting may only read or not see (field → readonly | hidden | editable): the flow's approval settings, else the entry's own; absent: every field as the form shows it",
          additionalProperties: { type: 'string', enum: ['editable', 'readonly', 'hidden'] },
        },
      },
      [],
    ),
  },
  ['id', 'module', 'moduleName', 'form', 'name'],
);

export const warning = object(
  {
    code: { type: 'string' },
    message: { type: 'string' },
    messageZh: { type: 'string' },
    // A refusal: submitting while it holds is refused (REQUEST_REFUSED).
    refuse: { type: 'boolean' },
  },
  ['code', 'message', 'messageZh'],
);
