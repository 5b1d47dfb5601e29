// /api/doctypes: the document types a signed-in person may read (the web app's "Records" section,
// grouped by module) and, per type, how its screens show it — fields with labels in both languages
// and kinds, the list's columns and sort, the board and the calendar (declared in views.json or
// made from the schema), its code fields, and what the person may do with its records.
//   GET /api/doctypes          the list
//   GET /api/doctypes/{form}   one, with its views (404 when it is not theirs to read)
import type { FastifyPluginAsync } from 'fastify';
import { doctypeErrors } from '#engine/core/doctypes/errors.ts';
import { errors, list, object, stableId } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { doctypeDetail, doctypeSummary } from './schemas.ts';

export const doctypeRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['records'];
  const { doctypes } = app.services;

  app.get(
    '',
    {
      schema: {
        tags,
        summary:
          'The document types you may read, by module (enabled modules and forms made in the designer)',
        response: { 200: list(doctypeSummary), ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await doctypes.list(request.principal!) }),
  );

  app.get<{ Params: { form: string } }>(
    '/:form',
    {
      schema: {
        tags,
        summary:
          'One document type with its screens: fields, list columns and sort, board (kanban) and calendar, code fields, and your rights on its records',
        params: object({ form: stableId }, ['form']),
        response: { 200: doctypeDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const detail = await doctypes.get(request.principal!, request.params.form);
      if (!detail) throw doctypeErrors.notFound(request.params.form);
      return detail;
    },
  );
};
