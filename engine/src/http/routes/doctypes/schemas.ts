// Reply and body schemas of the document-type screens' routes: document types and their views,
// saved views, code lookups.
import { calendarView, kanbanView, localizedText, object, type JsonSchema } from '#engine/http/schemas.ts';

const text: JsonSchema = { type: 'string' };
const recordPath: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
const viewKinds: JsonSchema = { type: 'array', items: { enum: ['table', 'kanban', 'calendar'] } };

export const doctypeSummary = object(
  {
    form: text,
    module: text,
    moduleName: localizedText,
    name: localizedText,
    description: localizedText,
    views: viewKinds,
  },
  ['form', 'module', 'moduleName', 'name', 'views'],
);

const viewField = object(
  {
    path: text,
    label: localizedText,
    kind: {
      enum: [
        'text',
        'number',
        'money',
        'date',
        'datetime',
        'select',
        'boolean',
        'code',
        'user',
        'status',
        'other',
      ],
    },
    format: text,
    options: {
      type: 'array',
      items: object({ value: text, label: localizedText }, ['value', 'label']),
    },
    sortable: { type: 'boolean' },
    sensitive: { type: 'boolean' },
  },
  ['path', 'label', 'kind', 'sortable'],
);

const flag: JsonSchema = { type: 'boolean' };

export const doctypeDetail = object(
  {
    ...(doctypeSummary.properties as Record<string, JsonSchema>),
    titleField: text,
    version: { type: 'integer', minimum: 1 },
    fields: { type: 'array', items: viewField },
    list: object(
      {
        columns: { type: 'array', items: text },
        sort: object({ field: text, direction: { enum: ['asc', 'desc'] } }, ['field', 'direction']),
      },
      ['columns', 'sort'],
    ),
    kanban: { ...kanbanView, required: ['groupBy', 'cardFields'] },
    calendar: calendarView,
    codeFields: { type: 'array', items: text },
    declared: object({ list: flag, kanban: flag, calendar: flag }, ['list', 'kanban', 'calendar']),
    rights: object({ read: flag, create: flag, update: flag, delete: flag, export: flag }, [
      'read',
      'create',
      'update',
      'delete',
      'export',
    ]),
  },
  [...(doctypeSummary.required as string[]), 'version', 'fields', 'list', 'codeFields', 'declared', 'rights'],
);

const sortList: JsonSchema = {
  type: 'array',
  maxItems: 5,
  items: object({ field: recordPath, direction: { enum: ['asc', 'desc'] } }, ['field']),
};

/** What a saved view holds (the body of a create or replace). */
export const savedViewContent = {
  name: { type: 'string', minLength: 1, maxLength: 60, pattern: '\\S' },
  view: { enum: ['table', 'kanban', 'calendar'] },
  where: { type: 'object', additionalProperties: true, maxProperties: 50 },
  q: { type: 'string', minLength: 1, maxLength: 200 },
  sort: sortList,
  columns: { type: 'array', maxItems: 50, items: recordPath },
  groupBy: recordPath,
  calendarMode: { enum: ['month', 'week', 'day'] },
} satisfies Record<string, JsonSchema>;

export const savedView = object(
  {
    id: text,
    rev: { type: 'integer', minimum: 1 },
    form: text,
    ...savedViewContent,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  ['id', 'rev', 'form', 'name', 'view', 'createdAt', 'updatedAt'],
);

export const codeMatch = object(
  {
    form: text,
    formName: localizedText,
    module: text,
    id: text,
    title: text,
    status: text,
    field: text,
    fieldLabel: localizedText,
  },
  ['form', 'formName', 'module', 'id', 'field', 'fieldLabel'],
);
