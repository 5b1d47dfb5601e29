// /api/dashboards: the dashboards I may see, and one with its cards run for me (a card whose
// report I may not run is left out; a card that fails shows its error, the others still show).
import type { FastifyPluginAsync } from 'fastify';
import { errors, list, localizedText, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId } from '../modules/schemas.ts';
import { reportResult } from '../reports/index.ts';

const dashboard = object(
  {
    id: { type: 'string' },
    module: { type: 'string' },
    name: localizedText,
    roles: { type: 'array', items: { type: 'string' } },
    cards: { type: 'array', items: anyObject },
  },
  ['id', 'module', 'name', 'cards'],
);

const card = object(
  {
    report: { type: 'string' },
    name: localizedText,
    title: localizedText,
    width: { type: 'integer' },
    chart: { ...anyObject, description: "How the card draws its report (else the report's chart)" },
    result: reportResult,
    error: object({ code: { type: 'string' }, message: { type: 'string' }, messageZh: { type: 'string' } }, [
      'code',
      'message',
      'messageZh',
    ]),
  },
  ['report', 'width'],
);

export const dashboardRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['dashboards'];

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'The dashboards I may see',
        response: { 200: list(dashboard), ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await app.services.reports.listDashboards(request.principal!) }),
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    {
      schema: {
        tags,
        summary: 'A dashboard with its report cards run',
        params: object({ id: qualifiedId }, ['id']),
        response: {
          200: object(
            {
              id: { type: 'string' },
              module: { type: 'string' },
              name: localizedText,
              cards: { type: 'array', items: card },
            },
            ['id', 'module', 'name', 'cards'],
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => app.services.reports.runDashboard(request.principal!, request.params.id),
  );
};
