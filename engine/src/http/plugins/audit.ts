// Decorates each request with `request.audit(…)` (into `app.services.audit`), and adds a safety
// net: a successful write (POST, PUT, PATCH, DELETE) whose handler recorded nothing is recorded
// generically (`http.post` on the route), so no write escapes the log even if a route forgets.
// It is written before the reply leaves (onSend, not onResponse): a client that reads the log
// right after its write finds the entry, and a crash cannot fall between the two.
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import { recordAudit } from '#engine/services/audit/record-audit.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const auditPlugin = fp(
  async (app) => {
    const { audit } = app.services;
    app.decorateRequest('audit', async function (entry) {
      await recordAudit(audit, this.actor, entry);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (!WRITES.has(request.method) || reply.statusCode >= 400 || request.is404) return payload;
      if (request.actor?.audited || request.routeOptions.config.audited === false) return payload;
      try {
        await recordAudit(audit, request.actor ?? { principal: null, requestId: request.id }, {
          action: `http.${request.method.toLowerCase()}`,
          resource: request.routeOptions.url ?? request.url,
          details: { url: request.url.split('?')[0], status: reply.statusCode },
        });
      } catch (err) {
        request.log.error({ err }, 'audit safety net failed');
      }
      return payload;
    });
  },
  { name: 'forma-audit', fastify: '5.x', dependencies: ['forma-services'] },
);
