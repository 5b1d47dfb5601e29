// /api/reports (the report builder's part): the sources a person may build on, a preview of a
// draft (run for its maker, with their row rules), saving a report (a new version on each save,
// shared with roles), its versions, deleting it, and the report as a module's reports/<name>.json.
// Building needs the grant 'reports' create; changing a saved report, being its owner (or admin).
import type { FastifyPluginAsync } from 'fastify';
import type { ReportDraft } from '#engine/services/reports/saved-reports.ts';
import { errors, list, localizedText, object, reportDefinition } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId } from '../modules/schemas.ts';
import { reportResult } from './shapes.ts';

type Id = { Params: { id: string } };
const params = object({ id: qualifiedId }, ['id']);

/** A builder's definition: the report schema without id and module. */
const {
  id: _id,
  module: _module,
  ...draftProperties
} = reportDefinition.properties as Record<string, unknown>;
const draft = {
  ...reportDefinition,
  properties: draftProperties,
  required: ['name', 'source', 'measures'],
} as Record<string, unknown>;

const roleIds = {
  type: 'array',
  maxItems: 50,
  items: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
};

const savedReply = { ...anyObject, required: ['id', 'name', 'source', 'measures', 'saved'] };

const sourceField = object(
  {
    path: { type: 'string' },
    label: localizedText,
    type: { type: 'string', enum: ['string', 'number', 'date'] },
    link: object({ form: { type: 'string' }, key: { type: 'string' } }, ['form', 'key']),
  },
  ['path', 'label', 'type'],
);
const sourceEntry = object(
  {
    kind: { type: 'string', enum: ['form', 'collection', 'dataset'] },
    id: { type: 'string' },
    name: localizedText,
    unwind: { type: 'string' },
    fields: { type: 'array', items: sourceField },
  },
  ['kind', 'id', 'name', 'fields'],
);

export const reportBuilderRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['reports'];
  const reports = app.services.reports;

  app.get(
    '/sources',
    {
      schema: {
        tags,
        summary:
          'What the report builder may read: my readable forms, the registered ledgers and the datasets of reports I may run, with fields',
        response: { 200: list(sourceEntry), ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await reports.sourceCatalogue(request.principal!) }),
  );

  app.post<{ Body: { definition: ReportDraft; params?: Record<string, unknown> } }>(
    '/preview',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Run a report that is not saved (the builder’s preview); only the rows I may read count',
        body: object({ definition: draft, params: anyObject }, ['definition']),
        response: { 200: reportResult, ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) =>
      reports.runDraft(request.principal!, request.body.definition, request.body.params ?? {}),
  );

  app.post<{ Body: { name: string; definition: ReportDraft; roles?: string[] } }>(
    '/saved',
    {
      schema: {
        tags,
        summary: 'Save a new report (version 1), shared with roles; its id is saved-<name>',
        body: object(
          {
            name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
            definition: draft,
            roles: roleIds,
          },
          ['name', 'definition'],
        ),
        response: { 201: savedReply, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const { name, definition, roles } = request.body;
      reply.code(201);
      return reports.saved.create(request.principal!, name, definition, roles ?? []);
    },
  );

  app.put<Id & { Body: { version: number; definition: ReportDraft; roles?: string[] } }>(
    '/saved/:id',
    {
      schema: {
        tags,
        summary: 'Save a new version of a report over the version I edited (409 when someone saved since)',
        params,
        body: object({ version: { type: 'integer', minimum: 1 }, definition: draft, roles: roleIds }, [
          'version',
          'definition',
        ]),
        response: { 200: savedReply, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const { version, definition, roles } = request.body;
      return reports.saved.update(request.principal!, request.params.id, version, definition, roles ?? []);
    },
  );

  app.delete<Id>(
    '/saved/:id',
    {
      schema: {
        tags,
        summary: 'Delete a report made in the builder (its versions stay in the history)',
        params,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await reports.saved.remove(request.principal!, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<Id>(
    '/:id/versions',
    {
      schema: {
        tags,
        summary: 'The saved versions of a report made in the builder, newest first',
        params,
        response: {
          200: list(
            object(
              {
                report: { type: 'string' },
                version: { type: 'integer' },
                roles: { type: 'array', items: { type: 'string' } },
                savedAt: { type: 'string' },
                savedBy: { type: 'string' },
              },
              ['report', 'version', 'roles', 'savedAt', 'savedBy'],
            ),
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      await reports.get(request.principal!, request.params.id);
      return { items: await reports.saved.history(request.params.id) };
    },
  );

  app.get<Id>(
    '/:id/module-file',
    {
      schema: {
        tags,
        summary: "The report as a module's reports/<name>.json (readers: the roles it is shared with)",
        params,
        response: {
          200: object({ file: { type: 'string' }, content: anyObject }, ['file', 'content']),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => reports.saved.moduleFile(await reports.get(request.principal!, request.params.id)),
  );
};
