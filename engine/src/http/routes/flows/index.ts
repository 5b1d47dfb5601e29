// /api/flows: BPMN process definitions for analysts and admins.
//   POST   /api/flows                         deploy BPMN XML (application/xml, or JSON {xml}) as the
//                                            next version; every problem at once → 422 with one
//                                            detail per problem (element id and name, en + zh-CN)
//   POST   /api/flows/validate                the problems only, nothing deployed
//   POST   /api/flows/convert                 a Camunda 7 model converted (dry run): XML + report
//                                            (a Camunda 7 file deploys converted, with the report)
//   GET    /api/flows                         the latest version of every process
//   GET    /api/flows/{processId}             the latest version with its XML
//   GET    /api/flows/{processId}/versions    every version with its instance counts
//   GET    /api/flows/{processId}/versions/{version}   one version with its XML
//   GET|PUT /api/flows/{processId}/approval-settings   auto-approve rules, fallback, proxies
// access: resource `flows` — read, create (deploy), update (settings).
import type { FastifyPluginAsync } from 'fastify';
import type { ApprovalSettingsInput } from '#engine/core/approvals/settings.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import type { BpmnProblem } from '#engine/core/flows/problems.ts';
import { flowErrors } from '#engine/core/flows/errors.ts';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import {
  definitionProblems,
  definitionSummary,
  deployJsonBody,
  processId,
  settingsBody,
  settingsReply,
} from '../approvals/schemas.ts';

const pidParams = object({ processId }, ['processId']);
const versionParams = object({ processId, version: { type: 'integer', minimum: 1 } }, [
  'processId',
  'version',
]);
const withXml = {
  ...definitionSummary,
  properties: { ...(definitionSummary.properties as object), xml: { type: 'string' } },
};
const problemItem = object(
  {
    code: { type: 'string' },
    elementId: { type: 'string' },
    elementName: { type: 'string' },
    message: { type: 'string' },
    messageZh: { type: 'string' },
  },
  ['code', 'message', 'messageZh'],
);

type Body = string | { xml: string; forms?: unknown[] } | undefined;

/** The Camunda forms sent with a deployment (JSON bodies only). */
const formsOf = (body: Body): { forms?: unknown[] } =>
  body && typeof body === 'object' && Array.isArray(body.forms) ? { forms: body.forms } : {};

/** The BPMN XML of a request: the body itself (XML), or its `xml` field (JSON). */
function xmlOf(body: Body): string {
  const xml = typeof body === 'string' ? body : body && typeof body === 'object' ? body.xml : undefined;
  if (typeof xml !== 'string' || xml.trim() === '') throw flowErrors.xmlMissing();
  return xml;
}

export const flowRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['flows'];
  const { flows, approvals, jobs } = app.services;

  // BPMN as Camunda Modeler saves it: the body is the XML itself.
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const deployBody = {
    content: {
      'application/json': { schema: deployJsonBody },
      'application/xml': { schema: { type: 'string', minLength: 1, maxLength: 2_000_000 } },
      'text/xml': { schema: { type: 'string', minLength: 1, maxLength: 2_000_000 } },
    },
  };

  /**
   * The settings with the field permissions the flow's steps follow now (its own, else its catalogue
   * entry's) and where they come from: an editor starts from these, not from the defaults.
   */
  const withFieldAccess = async <T extends object>(processId: string, settings: T) => {
    const { permissions, source } = await approvals.fields.of(processId);
    return { ...settings, fieldAccess: { source, permissions } };
  };

  /** Every problem at once: the engine's, with the approval task headers it checks (platform). */
  const problemsOf = (xml: string, body?: Body): Promise<BpmnProblem[]> => flows.validate(xml, formsOf(body));

  app.post<{ Body: Body }>(
    '',
    {
      config: { access: { resource: 'flows', action: 'create' }, audited: false },
      schema: {
        tags,
        summary: 'Deploy BPMN 2.0 XML (Camunda Modeler 5, zeebe) as the next version of its process',
        body: deployBody,
        response: {
          201: definitionSummary,
          200: definitionSummary,
          422: definitionProblems,
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const xml = xmlOf(request.body);
      const problems = await problemsOf(xml, request.body);
      if (problems.length) throw flowErrors.invalidDefinition(problems);
      const deployed = await flows.deploy(xml, { by: request.principal!.userId, ...formsOf(request.body) });
      for (const d of deployed.deployed)
        await request.audit({
          action: d.duplicate ? 'flow.deploy-unchanged' : 'flow.deploy',
          resource: 'flows',
          resourceId: d.key,
          details: { processId: d.processId, version: d.version },
        });
      // Job types no worker asks for are warned about, not refused: the worker may come later.
      const models = await Promise.all(deployed.deployed.map((d) => flows.definitions.model(d.key)));
      const warnings = await jobs.deployWarnings(models);
      const fresh = deployed.deployed.some((d) => !d.duplicate);
      // Camunda forms became Forma forms; what did not convert is a warning too.
      const forms = deployed.forms.map(({ definition: _d, ...f }) => f);
      return reply.code(fresh ? 201 : 200).send({ ...deployed, forms, warnings });
    },
  );

  app.post<{ Body: Body }>(
    '/convert',
    {
      config: { access: { resource: 'flows', action: 'read' }, audited: false },
      schema: {
        tags,
        summary:
          'Convert a Camunda 7 model to Camunda 8 without deploying it: the converted XML, what was changed, what could not be converted, and the problems left',
        body: deployBody,
        response: {
          200: object(
            {
              xml: { type: 'string' },
              report: {
                type: 'object',
                additionalProperties: true,
                properties: {
                  camunda7: { type: 'boolean' },
                  changes: { type: 'array', items: { type: 'object', additionalProperties: true } },
                  unconverted: { type: 'array', items: { type: 'object', additionalProperties: true } },
                },
              },
              problems: { type: 'array', items: problemItem },
            },
            ['xml', 'report', 'problems'],
          ),
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request) => flows.convert(xmlOf(request.body)),
  );

  app.post<{ Body: Body }>(
    '/validate',
    {
      config: { access: { resource: 'flows', action: 'read' }, audited: false },
      schema: {
        tags,
        summary: 'Every problem that would stop a BPMN definition from deploying (nothing is deployed)',
        body: deployBody,
        response: {
          200: object({ ok: { type: 'boolean' }, problems: { type: 'array', items: problemItem } }, [
            'ok',
            'problems',
          ]),
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request) => {
      const problems = await problemsOf(xmlOf(request.body), request.body);
      return { ok: problems.length === 0, problems };
    },
  );

  app.get(
    '',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'The latest version of every deployed process, with its number of versions',
        response: { 200: list(definitionSummary), ...errors(401, 403) },
      },
    },
    async () => ({ items: await flows.listDefinitions() }),
  );

  app.get<{ Params: { processId: string } }>(
    '/:processId',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'The latest version of a process with its XML',
        params: pidParams,
        response: { 200: withXml, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { model: _model, ...def } = await flows.getDefinition(request.params.processId);
      return def;
    },
  );

  app.get<{ Params: { processId: string } }>(
    '/:processId/versions',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'Every version of a process with its instance counts (active, completed, cancelled)',
        params: pidParams,
        response: { 200: list(definitionSummary), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await flows.listVersions(request.params.processId) }),
  );

  app.get<{ Params: { processId: string; version: number } }>(
    '/:processId/versions/:version',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: 'One version of a process with its XML',
        params: versionParams,
        response: { 200: withXml, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { model: _model, ...def } = await flows.getDefinition(
        request.params.processId,
        request.params.version,
      );
      return def;
    },
  );

  app.get<{ Params: { processId: string } }>(
    '/:processId/approval-settings',
    {
      config: { access: { resource: 'flows', action: 'read' } },
      schema: {
        tags,
        summary: "A flow's approval rules: auto-approve, the no-approver fallback, out-of-office proxies",
        params: pidParams,
        response: { 200: settingsReply, ...errors(400, 401, 403) },
      },
    },
    async (request) =>
      withFieldAccess(request.params.processId, await approvals.settings.get(request.params.processId)),
  );

  app.put<{ Params: { processId: string }; Body: ApprovalSettingsInput }>(
    '/:processId/approval-settings',
    {
      config: { access: { resource: 'flows', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: "Set a flow's approval rules (applies to tasks created from now on)",
        params: pidParams,
        body: settingsBody,
        response: { 200: settingsReply, ...errors(400, 401, 403, 415) },
      },
    },
    async (request) => {
      const { processId: pid } = request.params;
      // Settings may be prepared before the first deployment; a fallback user must exist.
      const fb = request.body.noAssigneeFallback;
      if (fb?.type === 'assign' && fb.user) {
        const org = await app.services.identity.org.snapshot();
        if (org.user(fb.user)?.active !== true)
          throw approvalErrors.userUnknown('noAssigneeFallback/user', fb.user);
      }
      // Field permissions name the flow's steps and its request form's fields: checked against both.
      const fp = request.body.fieldPermissions;
      const body = fp
        ? { ...request.body, fieldPermissions: await approvals.fields.check(pid, fp) }
        : request.body;
      return withFieldAccess(pid, await approvals.settings.set(pid, body, request.actor));
    },
  );
};
