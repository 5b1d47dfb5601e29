// /api/decisions: DMN decisions for analysts and admins (access: resource `flows`, as the flows
// that call them — read to list, evaluate and validate, create to deploy).
//   POST /api/decisions                         deploy a DMN file (application/xml, or JSON {xml})
//                                               as the next version of its decisions; every
//                                               problem at once → 422, each at its decision, rule
//                                               and cell (en + zh-CN)
//   POST /api/decisions/validate                the problems only, nothing deployed
//   GET  /api/decisions                         the latest version of every decision
//   GET  /api/decisions/{id}                    the latest version with its DMN XML
//   GET  /api/decisions/{id}/versions           every version
//   GET  /api/decisions/{id}/versions/{version} one version with its DMN XML
//   POST /api/decisions/{id}/evaluate           {variables, version?} → the result, what each
//                                               table saw and which rules matched
import type { FastifyPluginAsync } from 'fastify';
import { DecisionEvaluationError, decisionErrors } from '#engine/core/dmn/errors.ts';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import {
  decisionId,
  decisionSummary,
  decisionWithXml,
  deployedDrg,
  dmnProblemItem,
  evaluateBody,
  evaluationReply,
  problemsReply,
  xmlText,
} from './schemas.ts';

type Body = string | { xml: string } | undefined;

function xmlOf(body: Body): string {
  const xml = typeof body === 'string' ? body : body && typeof body === 'object' ? body.xml : undefined;
  if (typeof xml !== 'string' || xml.trim() === '') throw decisionErrors.xmlMissing();
  return xml;
}

const idParams = object({ decisionId }, ['decisionId']);
const versionParams = object({ decisionId, version: { type: 'integer', minimum: 1 } }, [
  'decisionId',
  'version',
]);

export const decisionRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['decisions'];
  const { decisions } = app.services;

  // DMN as Camunda Modeler and dmn-js save it: the body is the XML itself.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const deployBody = {
    content: {
      'application/json': { schema: object({ xml: xmlText }, ['xml']) },
      'application/xml': { schema: xmlText },
      'text/xml': { schema: xmlText },
    },
  };

  app.post<{ Body: Body }>(
    '',
    {
      config: { access: { resource: 'flows', action: 'create' }, audited: false },
      schema: {
        tags,
        summary: 'Deploy a DMN 1.3 file (Camunda Modeler 5, dmn-js) as the next version of its decisions',
        body: deployBody,
        response: {
          201: deployedDrg,
          200: deployedDrg,
          422: problemsReply,
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const deployed = await decisions.deploy(xmlOf(request.body), { by: request.principal!.userId });
      await request.audit({
        action: deployed.duplicate ? 'decision.deploy-unchanged' : 'decision.deploy',
        resource: 'flows',
        resourceId: `${deployed.drgId}@${deployed.version}`,
        details: {
          drgId: deployed.drgId,
          version: deployed.version,
          decisions: deployed.decisions.map((d) => d.key),
        },
      });
      return reply.code(deployed.duplicate ? 200 : 201).send(deployed);
    },
  );

  app.post<{ Body: Body }>(
    '/validate',
    {
      config: { access: { resource: 'flows', action: 'read' }, audited: false },
      schema: {
        tags,
        summary: 'Every problem that would stop a DMN file from deploying, at its decision, rule and cell',
        body: deployBody,
        response: {
          200: object({ ok: { type: 'boolean' }, problems: { type: 'array', items: dmnProblemItem } }, [
            'ok',
            'problems',
          ]),
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request) => {
      const problems = await decisions.validate(xmlOf(request.body));
      return { ok: problems.length === 0, problems };
    },
  );

  app.get(
    '',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'The latest version of every deployed decision, with its number of versions',
        response: { 200: list(decisionSummary), ...errors(401, 403) },
      },
    },
    async () => ({ items: await decisions.list() }),
  );

  app.get<{ Params: { decisionId: string } }>(
    '/:decisionId',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'The latest version of a decision with the DMN XML of its file',
        params: idParams,
        response: { 200: decisionWithXml, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => decisions.get(request.params.decisionId),
  );

  app.get<{ Params: { decisionId: string } }>(
    '/:decisionId/versions',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'Every version of a decision',
        params: idParams,
        response: { 200: list(decisionSummary), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await decisions.versions(request.params.decisionId) }),
  );

  app.get<{ Params: { decisionId: string; version: number } }>(
    '/:decisionId/versions/:version',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'One version of a decision with the DMN XML of its file',
        params: versionParams,
        response: { 200: decisionWithXml, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => decisions.get(request.params.decisionId, request.params.version),
  );

  app.post<{
    Params: { decisionId: string };
    Body: { variables?: Record<string, unknown>; version?: number };
  }>(
    '/:decisionId/evaluate',
    {
      config: { access: { resource: 'flows', action: 'read' }, audited: false },
      schema: {
        tags,
        summary:
          'Evaluate a decision with sample variables: its result, the input values each table saw and the rules that matched',
        params: idParams,
        body: evaluateBody,
        response: { 200: evaluationReply, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { variables = {}, version } = request.body ?? {};
      try {
        return await decisions.evaluate(
          request.params.decisionId,
          variables,
          version === undefined ? { type: 'latest' } : { type: 'version', version },
        );
      } catch (e) {
        if (e instanceof DecisionEvaluationError) throw decisionErrors.evaluationFailed(e);
        throw e;
      }
    },
  );
};
