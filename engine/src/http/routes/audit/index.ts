// /api/audit: search the audit log (newest first, cursor pagination) and verify its sealed hash
// chain against the anchors kept outside the store (GET), and against anchors the caller brings
// from elsewhere — a backup's manifest, an anchor e-mail (POST).
import type { FastifyPluginAsync } from 'fastify';
import { badRequest } from '#engine/core/errors.ts';
import type { AuditAnchor } from '#engine/core/audit/anchors.ts';
import type { AuditQuery } from '#engine/services/audit/audit-log.ts';
import { auditEntry, errors, object, page, pageQuery } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { chainReport, verifyBody } from './report-schema.ts';

const searchQuery = object({
  actor: { type: 'string', minLength: 1, maxLength: 128, description: 'User id of the actor.' },
  action: {
    type: 'string',
    minLength: 1,
    maxLength: 128,
    description: 'Exact action, or a prefix ending in * (auth.*).',
  },
  resource: { type: 'string', minLength: 1, maxLength: 200 },
  resourceId: { type: 'string', minLength: 1, maxLength: 200 },
  outcome: { enum: ['success', 'failure', 'denied'] },
  from: { type: 'string', format: 'date-time', description: 'Inclusive.' },
  to: { type: 'string', format: 'date-time', description: 'Exclusive.' },
  ...pageQuery,
});

/** RFC 3339 allows a leap second (23:59:60) that JavaScript dates cannot hold: a 400, not a crash. */
function utc(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw badRequest('INVALID_TIME', 'This time cannot be used.', '该时间无法使用。', [
      { path: `/query/${name}`, message: 'not a usable time', messageZh: '时间无效' },
    ]);
  return time.toISOString();
}

export const auditRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['audit'];

  app.get<{ Querystring: AuditQuery & { limit: number; cursor?: string } }>(
    '',
    {
      config: { access: { resource: 'audit', action: 'read' } },
      schema: {
        tags,
        summary: 'Search the audit log by user, time, resource and action',
        querystring: searchQuery,
        response: { 200: page(auditEntry), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, from, to, ...rest } = request.query;
      // Stored times are ISO strings in UTC: normalise the bounds so they compare as strings.
      const query: AuditQuery = {
        ...rest,
        ...(from ? { from: utc(from, 'from') } : {}),
        ...(to ? { to: utc(to, 'to') } : {}),
      };
      return app.services.audit.search(query, { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  const verifySummary =
    'Verify the audit chain: which kind of tampering (edited, rewritten, deleted, truncated) and where';
  app.get(
    '/verify',
    {
      config: { access: { resource: 'audit', action: 'admin' } },
      schema: {
        tags,
        summary: verifySummary,
        description: "Checks every entry's seal and link, and compares the chain with the anchor file.",
        response: { 200: chainReport, ...errors(401, 403) },
      },
    },
    async () => app.services.audit.verify(),
  );

  app.post<{ Body: { anchors: AuditAnchor[] } }>(
    '/verify',
    {
      // Reading, not writing: nothing for the write safety net to record.
      config: { access: { resource: 'audit', action: 'admin' }, audited: false },
      schema: {
        tags,
        summary: `${verifySummary}, also against anchors kept elsewhere`,
        body: verifyBody,
        response: { 200: chainReport, ...errors(400, 401, 403, 415) },
      },
    },
    async (request) => app.services.audit.verify({ extra: request.body.anchors }),
  );
};
