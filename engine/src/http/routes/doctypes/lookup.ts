// /api/lookup/code?value=…: the records holding a scanned (or typed) code in any code field
// (format barcode or qrcode) of any document type I may read — row rules applied, as in a list.
// One match: the web app opens it; several: it lists them; none: it says so.
import type { FastifyPluginAsync } from 'fastify';
import { errors, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { codeMatch } from './schemas.ts';

export const lookupRoutes: FastifyPluginAsync = async (app) => {
  const { codes } = app.services;

  app.get<{ Querystring: { value: string } }>(
    '/code',
    {
      schema: {
        tags: ['records'],
        summary:
          'Find the records that hold a code (barcode, QR code) across the document types you may read',
        querystring: object({ value: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' } }, [
          'value',
        ]),
        response: {
          200: object({ items: { type: 'array', items: codeMatch }, truncated: { type: 'boolean' } }, [
            'items',
            'truncated',
          ]),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => codes.find(request.principal!, request.query.value),
  );
};
