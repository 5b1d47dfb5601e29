// JSON Schemas of the API's requests and replies, built from the platform schemas in schemas/
// (the same files the TypeScript types are generated from), with their $refs inlined so that each
// route schema stands alone in the OpenAPI document.
import apiErrorSchema from '#schemas/api-error.schema.json' with { type: 'json' };
import auditSchema from '#schemas/audit.schema.json' with { type: 'json' };
import calendarSchema from '#schemas/calendar.schema.json' with { type: 'json' };
import commonSchema from '#schemas/common.schema.json' with { type: 'json' };
import formDefinitionSchema from '#schemas/form-definition.schema.json' with { type: 'json' };
import moduleManifestSchema from '#schemas/module-manifest.schema.json' with { type: 'json' };
import orgSchema from '#schemas/org.schema.json' with { type: 'json' };
import permissionSchema from '#schemas/permission.schema.json' with { type: 'json' };
import printFormatSchema from '#schemas/print-format.schema.json' with { type: 'json' };
import recordSchema from '#schemas/record.schema.json' with { type: 'json' };
import reportSchema from '#schemas/report.schema.json' with { type: 'json' };

export type JsonSchema = Record<string, unknown>;

const FILES: Record<string, JsonSchema> = {
  'api-error.schema.json': apiErrorSchema,
  'audit.schema.json': auditSchema,
  'calendar.schema.json': calendarSchema,
  'common.schema.json': commonSchema,
  'form-definition.schema.json': formDefinitionSchema,
  'module-manifest.schema.json': moduleManifestSchema,
  'org.schema.json': orgSchema,
  'permission.schema.json': permissionSchema,
  'print-format.schema.json': printFormatSchema,
  'record.schema.json': recordSchema,
  'report.schema.json': reportSchema,
};

function pointer(root: JsonSchema, fragment: string): JsonSchema {
  let cur: unknown = root;
  for (const part of fragment.split('/').filter(Boolean)) cur = (cur as JsonSchema)[part];
  if (!cur) throw new Error(`unresolved schema pointer #${fragment}`);
  return cur as JsonSchema;
}

/** A copy of `schema` (of file `file`) with every $ref replaced by what it points at. */
function inline(schema: unknown, file: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, file));
  if (!schema || typeof schema !== 'object') return schema;
  const { $ref, $schema: _s, $id: _i, $defs: _d, ...rest } = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(rest))
    out[k] = k === 'properties' ? inlineEach(v, file) : inline(v, file);
  if (typeof $ref !== 'string') return out;
  const [target = '', fragment = ''] = $ref.split('#');
  const targetFile = target || file;
  const root = FILES[targetFile];
  if (!root) throw new Error(`unknown schema file ${targetFile}`);
  return { ...(inline(pointer(root, fragment), targetFile) as JsonSchema), ...out };
}

function inlineEach(properties: unknown, file: string): JsonSchema {
  return Object.fromEntries(Object.entries(properties as JsonSchema).map(([k, v]) => [k, inline(v, file)]));
}

const def = (file: string, path: string): JsonSchema =>
  inline({ $ref: `${file}#${path}` }, file) as JsonSchema;

export const localizedText = def('common.schema.json', '/$defs/localizedText');
export const locale = def('common.schema.json', '/$defs/locale');
export const stableId = def('common.schema.json', '/$defs/id');
export const refId = def('org.schema.json', '/$defs/refId');
export const user = def('org.schema.json', '/$defs/user');
export const department = def('org.schema.json', '/$defs/department');
export const role = def('org.schema.json', '/$defs/role');
export const permission = def('permission.schema.json', '');
export const auditEntry = def('audit.schema.json', '');
export const errorReply = def('api-error.schema.json', '');
export const reportDefinition = def('report.schema.json', '');
export const formDefinition = def('form-definition.schema.json', '');
export const formSummary = def('form-definition.schema.json', '/$defs/formSummary');
export const publicForm = def('form-definition.schema.json', '/$defs/publicForm');
export const formVersionInfo = def('form-definition.schema.json', '/$defs/formVersionInfo');
export const recordEnvelope = def('record.schema.json', '');
export const recordHistoryEntry = def('record.schema.json', '/$defs/recordHistoryEntry');
export const importReport = def('record.schema.json', '/$defs/importReport');
export const customEntry = def('module-manifest.schema.json', '/$defs/customEntry');
export const entryTap = def('module-manifest.schema.json', '/$defs/entryTap');
export const businessCalendar = def('calendar.schema.json', '');
export const calendarAssignment = def('calendar.schema.json', '/$defs/calendarAssignment');
export const linkOption = def('record.schema.json', '/$defs/linkOption');
export const linkedDocuments = def('record.schema.json', '/$defs/linkedDocuments');
export const timelineEvent = def('record.schema.json', '/$defs/timelineEvent');
export const documentPosting = def('record.schema.json', '/$defs/documentPosting');
export const printDocument = def('print-format.schema.json', '/$defs/printDocument');
export const kanbanView = def('common.schema.json', '/$defs/kanbanView');
export const calendarView = def('common.schema.json', '/$defs/calendarView');

export const props = (schema: JsonSchema): Record<string, JsonSchema> =>
  schema.properties as Record<string, JsonSchema>;

/** One property's schema (throws at start-up if the platform schema lacks it). */
export function prop(schema: JsonSchema, name: string): JsonSchema {
  const found = props(schema)[name];
  if (!found) throw new Error(`schema has no property ${name}`);
  return found;
}

/** A stored document's reply schema: the document schema plus the store's revision. */
export function stored(schema: JsonSchema): JsonSchema {
  return {
    ...schema,
    properties: { ...props(schema), rev: { type: 'integer', minimum: 1 } },
    required: [...((schema.required as string[]) ?? []), 'rev'],
  };
}

/** An object schema with exactly these properties (unknown fields are an error). */
export function object(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** `schema` or null (JSON merge-patch style: null removes an optional field). */
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

export const idParams = object({ id: refId }, ['id']);

/** Cursor pagination: `limit` (1-200, default 50) and the previous page's `nextCursor`. */
export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', minLength: 1, maxLength: 2048 },
};

export const page = (item: JsonSchema): JsonSchema =>
  object({ items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } }, [
    'items',
    'nextCursor',
  ]);

export const list = (item: JsonSchema): JsonSchema =>
  object({ items: { type: 'array', items: item } }, ['items']);

/** The error replies a route may give, for the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, JsonSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorReply]));
}
