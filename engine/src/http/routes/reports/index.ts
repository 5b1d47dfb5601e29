// /api/reports: the reports I may run (grant report:<id> read, module enabled; or shared with me
// from the builder), a definition, a run (parameters in the body; rows restricted by my row rules
// on every source), the rows behind a figure (drill-down), an XLSX export, and an alert check
// (admins; the scheduled automations do it otherwise). The builder's routes: builder.ts.
import type { FastifyPluginAsync } from 'fastify';
import { errors, list, localizedText, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId } from '../modules/schemas.ts';
import { reportBuilderRoutes } from './builder.ts';
import { reportScheduleRoutes } from './schedule-routes.ts';
import { reportResult } from './shapes.ts';

type Id = { Params: { id: string } };
const params = object({ id: qualifiedId }, ['id']);

export { reportResult };

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
  await app.register(reportBuilderRoutes);
  await app.register(reportScheduleRoutes);

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

  app.post<
    Id & { Body: { params?: Record<string, unknown>; group?: Record<string, unknown>; measure?: string } }
  >(
    '/:id/drill',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'The source rows behind a figure: the group cell (column → key as the rows show it) and the measure clicked; only rows I may read',
        params,
        body: object({
          params: anyObject,
          group: { type: 'object', maxProperties: 10, additionalProperties: true },
          measure: { type: 'string', maxLength: 64 },
        }),
        response: {
          200: object(
            {
              report: { type: 'string' },
              total: { type: 'integer' },
              rows: {
                type: 'array',
                items: object(
                  {
                    id: { type: 'string' },
                    title: { type: 'string' },
                    link: { type: 'string' },
                    values: anyObject,
                  },
                  ['values'],
                ),
              },
            },
            ['report', 'total', 'rows'],
          ),
          ...errors(400, 401, 403, 404, 415, 422),
        },
      },
    },
    async (request) => {
      const { params: values, group, measure } = request.body ?? {};
      return reports.drill(request.principal!, request.params.id, values ?? {}, {
        group: group ?? {},
        ...(measure ? { measure } : {}),
      });
    },
  );

  app.post<Id & { Body: { params?: Record<string, unknown>; locale?: 'en' | 'zh-CN' } }>(
    '/:id/export',
    {
      schema: {
        tags,
        summary: 'The report as an XLSX workbook (my rows only), headers in the language asked',
        params,
        body: object({ params: anyObject, locale: { type: 'string', enum: ['en', 'zh-CN'] } }),
        response: {
          200: { description: 'The workbook', type: 'string', format: 'binary' },
          ...errors(400, 401, 403, 404, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { params: values, locale } = request.body ?? {};
      const file = await reports.exportXlsx(
        request.principal!,
        request.params.id,
        values ?? {},
        locale ?? request.principal!.locale ?? 'en',
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-export-rows', String(file.rows))
        .send(file.body);
    },
  );
};
