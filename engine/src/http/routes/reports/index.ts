// /api/reports: the reports I may run (grant report:<id> read, module enabled), a definition, a
// run (parameters in the body; rows restricted by my row rules on every source), and an alert
// check (admins; the scheduled automations do it otherwise).
import type { FastifyPluginAsync } from 'fastify';
import { errors, list, localizedText, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId } from '../modules/schemas.ts';

type Id = { Params: { id: string } };
const params = object({ id: qualifiedId }, ['id']);

export const reportResult = object(
  {
    report: { type: 'string' },
    columns: {
      type: 'array',
      items: object(
        {
          name: { type: 'string' },
          kind: { type: 'string', enum: ['group', 'measure'] },
          label: localizedText,
        },
        ['name', 'kind'],
      ),
    },
    rows: { type: 'array', items: anyObject },
    totals: anyObject,
    rowCount: { type: 'integer' },
    chart: anyObject,
    generatedAt: { type: 'string', format: 'date-time' },
  },
  ['report', 'columns', 'rows', 'totals', 'rowCount', 'generatedAt'],
);

const reportSummary = object(
  {
    id: { type: 'string' },
    module: { type: 'string' },
    name: localizedText,
    description: localizedText,
    parameters: { type: 'array', items: anyObject },
    chart: anyObject,
  },
  ['id', 'module', 'name'],
);

export const reportRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['reports'];
  const reports = app.services.reports;

  app.get<{ Querystring: { module?: string } }>(
    '',
    {
      schema: {
        tags,
        summary: 'The reports I may run',
        querystring: object({ module: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } }),
        response: { 200: list(reportSummary), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      items: await reports.list(
        request.principal!,
        request.query.module ? { module: request.query.module } : {},
      ),
    }),
  );

  app.get<Id>(
    '/:id',
    {
      schema: {
        tags,
        summary: 'A report definition (source, filters, grouping, measures, chart, alerts)',
        params,
        response: {
          200: { ...anyObject, required: ['id', 'name', 'source', 'measures'] },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => reports.get(request.principal!, request.params.id),
  );

  app.post<Id & { Body: { params?: Record<string, unknown> } }>(
    '/:id/run',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Run a report (parameters by name); only the rows I may read count',
        params,
        body: object({ params: anyObject }),
        response: { 200: reportResult, ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => reports.run(request.principal!, request.params.id, request.body?.params ?? {}),
  );

  app.post<Id>(
    '/:id/check-alerts',
    {
      config: { access: { resource: 'reports', action: 'admin' } },
      schema: {
        tags,
        summary: "Check a report's threshold alerts now (each crossing notifies its role once)",
        params,
        body: object({}),
        response: {
          200: object(
            { fired: { type: 'array', items: object({ alert: { type: 'string' }, value: {} }, ['alert']) } },
            ['fired'],
          ),
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request) => ({ fired: await reports.checkAlerts(request.params.id) }),
  );
};
