// /api/reports (schedules of builder-made reports): the owner reads, sets and removes when a report
// is e-mailed and to whom (users and roles that may read it); a recipient downloads the workbook a
// delivery kept for its period.
import type { FastifyPluginAsync } from 'fastify';
import type { ReportSchedule } from '#engine/services/reports/report-schedules.ts';
import { errors, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { qualifiedId } from '../modules/schemas.ts';

type Id = { Params: { id: string } };
const params = object({ id: qualifiedId }, ['id']);

const names = {
  type: 'array',
  maxItems: 50,
  items: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
};

const schedule = object(
  {
    every: { type: 'string', enum: ['day', 'week', 'month'] },
    at: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
    weekday: { type: 'integer', minimum: 1, maximum: 7 },
    monthDay: { type: 'integer', minimum: 1, maximum: 28 },
    timeZone: { type: 'string', maxLength: 64 },
    recipients: object({ users: names, roles: names }),
  },
  ['every', 'at', 'recipients'],
);

export const reportScheduleRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['reports'];
  const schedules = app.services.reports.schedules;

  app.get<Id>(
    '/saved/:id/schedule',
    {
      schema: {
        tags,
        summary: 'When my report is e-mailed and to whom (null: not scheduled)',
        params,
        response: {
          200: object({ schedule: { ...schedule, nullable: true } }, ['schedule']),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ schedule: await schedules.get(request.principal!, request.params.id) }),
  );

  app.put<Id & { Body: ReportSchedule }>(
    '/saved/:id/schedule',
    {
      schema: {
        tags,
        summary:
          'E-mail my report daily, weekly or monthly at a time to users and roles that may read it (once per period)',
        params,
        body: schedule,
        response: { 200: object({ schedule }, ['schedule']), ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => ({
      schedule: await schedules.set(request.principal!, request.params.id, request.body),
    }),
  );

  app.delete<Id>(
    '/saved/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Stop e-mailing my report',
        params,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await schedules.remove(request.principal!, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get<Id & { Params: { period: string }; Querystring: { locale?: 'en' | 'zh-CN' } }>(
    '/:id/deliveries/:period/xlsx',
    {
      schema: {
        tags,
        summary: 'The workbook a scheduled delivery of a report kept for its period (readers of the report)',
        params: object({ id: qualifiedId, period: { type: 'string', pattern: '^[0-9W-]{7,11}$' } }, [
          'id',
          'period',
        ]),
        querystring: object({ locale: { type: 'string', enum: ['en', 'zh-CN'] } }),
        response: {
          200: { description: 'The workbook', type: 'string', format: 'binary' },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const file = await schedules.workbook(
        request.principal!,
        request.params.id,
        request.params.period,
        request.query.locale ?? request.principal!.locale ?? 'en',
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );
};
