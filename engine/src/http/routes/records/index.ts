// /api/records/:form: records of a form — create, read, list (filters on any field, sort, cursor
// pages, full text), update with a revision check, soft delete and restore, history, import (JSON
// with the file in base64, or the file as the raw body: import-upload.ts) and export. Access is
// decided per form: resource `record:<form>` with the action at hand; its row rules and field
// restrictions apply inside the services (services/records).
//
// Queries: `where` is JSON — record path → value or { eq, ne, gt, gte, lt, lte, in, nin, exists,
// contains } (e.g. {"data.total":{"gte":"1000"},"status":"submitted"}); `sort` is a comma list of
// record paths, `-` for descending (e.g. -data.total,createdAt); `q` searches the title.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest } from '#engine/core/errors.ts';
import type { RecordQuery } from '#engine/core/forms/record-query.ts';
import type { Action } from '#engine/core/permissions/resolve.ts';
import {
  errors,
  importReport,
  list,
  object,
  page,
  recordEnvelope,
  recordHistoryEntry,
  stableId,
  type JsonSchema,
} from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { importUploadRoute } from './import-upload.ts';

const recordId: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };
const formParams = object({ form: stableId }, ['form']);
const recordParams = object({ form: stableId, id: recordId }, ['form', 'id']);
const anyObject: JsonSchema = { type: 'object', additionalProperties: true };
const deleted = { type: 'string', enum: ['exclude', 'only', 'include'] };
const queryText = {
  where: {
    type: 'string',
    minLength: 2,
    maxLength: 8192,
    description: 'JSON: record path → value or condition',
  },
  q: { type: 'string', minLength: 1, maxLength: 200, description: 'Full-text search on the title' },
  deleted,
};
const listQuery = object({
  ...queryText,
  sort: { type: 'string', minLength: 1, maxLength: 500, description: 'e.g. -data.total,createdAt' },
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', minLength: 1, maxLength: 4096 },
});
const sortBody = {
  type: 'array',
  maxItems: 5,
  items: object(
    { field: { type: 'string', minLength: 1, maxLength: 200 }, direction: { enum: ['asc', 'desc'] } },
    ['field'],
  ),
};
const queryBody = object({
  where: anyObject,
  q: { type: 'string', minLength: 1, maxLength: 200 },
  sort: sortBody,
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', minLength: 1, maxLength: 4096 },
  deleted,
});
const exportQuery = object({ where: anyObject, q: queryText.q, sort: sortBody, deleted });
const importBody = object(
  {
    fileName: { type: 'string', minLength: 1, maxLength: 200 },
    content: { type: 'string', contentEncoding: 'base64', description: 'The file, base64-encoded' },
    format: {
      type: 'string',
      enum: ['csv', 'xlsx', 'eml', 'mbox'],
      description: 'Default: from the file name (.xlsx, .eml, .mbox; else CSV)',
    },
    mode: { type: 'string', enum: ['dry-run', 'commit'], default: 'dry-run' },
    policy: { type: 'string', enum: ['all-or-nothing', 'valid-rows-only'], default: 'all-or-nothing' },
    importId: { ...recordId, description: 'Your id for the import, to poll its progress' },
    automations: {
      type: 'boolean',
      default: true,
      description:
        'Run the automations of created records for every imported row, once each, as if each were entered by hand (default). false: a bulk load (migrating old data) that must not send notifications or start work',
    },
  },
  ['fileName', 'content'],
);

interface ImportBody {
  fileName: string;
  content: string;
  format?: 'csv' | 'xlsx' | 'eml' | 'mbox';
  mode: 'dry-run' | 'commit';
  policy: 'all-or-nothing' | 'valid-rows-only';
  importId?: string;
  automations: boolean;
}

/** Import files are larger than other requests (a 10 000-row sheet is a few MB, base64 +33%). */
export const IMPORT_BODY_LIMIT = 48 * 1024 * 1024;

type FormP = { Params: { form: string } };
type RecordP = { Params: { form: string; id: string } };
type ListQ = {
  where?: string;
  q?: string;
  sort?: string;
  limit: number;
  cursor?: string;
  deleted?: RecordQuery['deleted'];
};

function parseWhere(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('INVALID_QUERY', 'where must be a JSON object', 'where 须为 JSON 对象', [
      { path: '/query/where', message: 'not a JSON object', messageZh: '不是 JSON 对象' },
    ]);
  return parsed as Record<string, unknown>;
}

function parseSort(text: string | undefined): RecordQuery['sort'] {
  if (!text) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) =>
      s.startsWith('-')
        ? { field: s.slice(1), direction: 'desc' as const }
        : { field: s, direction: 'asc' as const },
    );
}

/** Query-string problems point into /query, like every validation error of the API. */
async function inQuery<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_QUERY')
      throw new AppError(
        e.status,
        e.code,
        e.message,
        e.messageZh,
        e.details.map((d) => ({ ...d, path: `/query${d.path}` })),
      );
    throw e;
  }
}

export const recordRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['records'];
  const { records, importer, exporter } = app.services;
  const on = (request: FastifyRequest<FormP>, action: Action) =>
    request.actorFor(`record:${request.params.form}`, action);

  app.get<FormP & { Querystring: ListQ }>(
    '/:form',
    {
      schema: {
        tags,
        summary: 'List records you may read (filters, sort, cursor pages, full-text search on the title)',
        params: formParams,
        querystring: listQuery,
        response: { 200: page(recordEnvelope), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { where, q, sort, limit, cursor, deleted: del } = request.query;
      const query: RecordQuery = {
        limit,
        ...(where ? { where: parseWhere(where) } : {}),
        ...(q ? { q } : {}),
        ...(sort ? { sort: parseSort(sort) } : {}),
        ...(cursor ? { cursor } : {}),
        ...(del ? { deleted: del } : {}),
      };
      return inQuery(records.list(on(request, 'read'), request.params.form, query));
    },
  );

  app.post<FormP & { Body: RecordQuery }>(
    '/:form/query',
    {
      schema: {
        tags,
        summary: 'The same list with the query as a JSON body (for long filters)',
        params: formParams,
        body: queryBody,
        response: { 200: page(recordEnvelope), ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request) => records.list(on(request, 'read'), request.params.form, request.body),
  );

  app.get<FormP & { Querystring: Omit<ListQ, 'sort' | 'limit' | 'cursor'> }>(
    '/:form/count',
    {
      schema: {
        tags,
        summary: 'How many records you may read match',
        params: formParams,
        querystring: object(queryText),
        response: {
          200: object({ count: { type: 'integer', minimum: 0 } }, ['count']),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { where, q, deleted: del } = request.query;
      const count = await inQuery(
        records.count(on(request, 'read'), request.params.form, {
          ...(where ? { where: parseWhere(where) } : {}),
          ...(q ? { q } : {}),
          ...(del ? { deleted: del } : {}),
        }),
      );
      return { count };
    },
  );

  app.post<FormP & { Body: { data: Record<string, unknown>; id?: string } }>(
    '/:form',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Submit a record: validated against the form’s current version (422 with every problem, localized, at its JSON pointer); computed fields are filled in',
        params: formParams,
        body: object({ data: anyObject, id: recordId }, ['data']),
        response: { 201: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { data, id } = request.body;
      const created = await records.create(
        on(request, 'create'),
        request.params.form,
        data,
        id ? { id } : {},
      );
      return reply.code(201).send(created);
    },
  );

  app.get<RecordP>(
    '/:form/:id',
    {
      schema: {
        tags,
        summary: 'One record (404 when it is outside your rows)',
        params: recordParams,
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => records.get(on(request, 'read'), request.params.form, request.params.id),
  );

  app.patch<
    RecordP & {
      Body: {
        rev: number;
        data?: Record<string, unknown>;
        patch?: Record<string, unknown>;
        upgrade?: boolean;
      };
    }
  >(
    '/:form/:id',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Change a record: `data` replaces it, `patch` changes top-level fields (null removes one); `rev` must be current (409 otherwise); `upgrade` moves it to the current form version',
        params: recordParams,
        body: object(
          {
            rev: { type: 'integer', minimum: 1 },
            data: anyObject,
            patch: anyObject,
            upgrade: { type: 'boolean' },
          },
          ['rev'],
        ),
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) =>
      records.update(on(request, 'update'), request.params.form, request.params.id, request.body),
  );

  app.delete<RecordP & { Querystring: { rev: number } }>(
    '/:form/:id',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Delete a record (soft: it can be restored); `rev` must be current',
        params: recordParams,
        querystring: object({ rev: { type: 'integer', minimum: 1 } }, ['rev']),
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      records.delete(on(request, 'delete'), request.params.form, request.params.id, request.query.rev),
  );

  app.post<RecordP & { Body: { rev: number } }>(
    '/:form/:id/restore',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Restore a deleted record',
        params: recordParams,
        body: object({ rev: { type: 'integer', minimum: 1 } }, ['rev']),
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) =>
      records.restore(on(request, 'delete'), request.params.form, request.params.id, request.body.rev),
  );

  app.get<RecordP>(
    '/:form/:id/history',
    {
      schema: {
        tags,
        summary: 'Every change of a record: who, when, which fields, before and after (as you may see them)',
        params: recordParams,
        response: { 200: list(recordHistoryEntry), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await records.history(on(request, 'read'), request.params.form, request.params.id),
    }),
  );

  app.post<FormP & { Body: ImportBody }>(
    '/:form/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Import records from a CSV (UTF-8 or GB18030) or XLSX file, sent base64-encoded. mode=dry-run reports every problem by row and column; mode=commit writes all rows or none (policy=all-or-nothing) or the valid ones (valid-rows-only). Poll GET …/imports/{importId} for progress while it runs',
        params: formParams,
        body: importBody,
        response: { 200: importReport, ...errors(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      const { fileName, content, format, mode, policy, importId, automations } = request.body;
      const bytes = Buffer.from(content, 'base64');
      return importer.run(
        on(request, 'create'),
        request.params.form,
        { fileName, content: bytes, ...(format ? { format } : {}) },
        { mode, policy, automations, ...(importId ? { id: importId } : {}) },
      );
    },
  );

  // The same import with the file as the raw body (no base64).
  importUploadRoute(app, on);

  app.get<FormP & { Params: { importId: string } }>(
    '/:form/imports/:importId',
    {
      schema: {
        tags,
        summary: 'An import’s report (its progress while it runs)',
        params: object({ form: stableId, importId: recordId }, ['form', 'importId']),
        response: { 200: importReport, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => importer.get(on(request, 'create'), request.params.importId),
  );

  app.post<
    FormP & {
      Body: {
        format: 'csv' | 'xlsx';
        locale?: 'en' | 'zh-CN';
        query?: Omit<RecordQuery, 'limit' | 'cursor'>;
        columns?: string[];
      };
    }
  >(
    '/:form/export',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Export the records you may export as CSV or XLSX (row rules and masks apply); every export is audited and counts towards the abnormal-export alert',
        params: formParams,
        body: object(
          {
            format: { type: 'string', enum: ['csv', 'xlsx'] },
            locale: { type: 'string', enum: ['en', 'zh-CN'] },
            query: exportQuery,
            columns: {
              type: 'array',
              maxItems: 200,
              items: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
          ['format'],
        ),
        response: {
          200: { description: 'The file', type: 'string', format: 'binary' },
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request, reply: FastifyReply) => {
      const { format, locale, query, columns } = request.body;
      const file = await exporter.export(on(request, 'export'), request.params.form, {
        format,
        ...(locale ? { locale } : {}),
        ...(query ? { query } : {}),
        ...(columns ? { columns } : {}),
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-export-rows', String(file.rows))
        .send(file.body);
    },
  );
};
