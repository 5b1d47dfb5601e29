// Shared pools of records (services/records/record-pool.ts):
//   POST /records/:form/:id/claim   take a record out of its form's pool: you become its owner
// Needs `update` on record:<form> and the record within your row rules (the pool's records are,
// for whoever may claim them); refusals are 409s with stable codes (POOL_CLAIM_LIMIT, …).
import type { FastifyPluginAsync } from 'fastify';
import { errors, object, recordEnvelope, stableId, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const recordId: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };

export const poolRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Params: { form: string; id: string } }>(
    '/:form/:id/claim',
    {
      config: { audited: false },
      schema: {
        tags: ['records'],
        summary:
          "Claim a record from its form's pool: you become its owner (your department its department) and it leaves the pool; refused above the pool's limit of records you hold",
        params: object({ form: stableId, id: recordId }, ['form', 'id']),
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) =>
      app.services.pools.claim(
        request.actorFor(`record:${request.params.form}`, 'update'),
        request.params.form,
        request.params.id,
      ),
  );
};
