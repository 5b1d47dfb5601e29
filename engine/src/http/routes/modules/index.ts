// /api/modules: the admin's view of business modules — list with version, status and problems,
// install, enable, disable, configure (settings checked against the module's settings schema),
// upgrade, and reload (re-scan the modules folder: a new or changed module without a redeploy).
import type { FastifyPluginAsync } from 'fastify';
import type { ModuleView } from '#engine/services/modules/module-service.ts';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, moduleId, moduleProblem, moduleView, rev } from './schemas.ts';

type Id = { Params: { id: string } };
const params = object({ id: moduleId }, ['id']);

/** The reply view: the installed manifest's entries instead of the whole manifest. */
function reply(m: ModuleView) {
  const { manifest, grants: _grants, installedHash: _hash, ...rest } = m;
  return { ...rest, ...(manifest?.entries ? { entries: manifest.entries } : {}) };
}

export const moduleRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['modules'];
  const modules = app.services.modules;

  app.get(
    '',
    {
      config: { access: { resource: 'modules', action: 'read' } },
      schema: {
        tags,
        summary: 'Every module: version, status, problems',
        response: { 200: list(moduleView), ...errors(401, 403) },
      },
    },
    async () => ({ items: (await modules.list()).map(reply) }),
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'modules', action: 'read' } },
      schema: {
        tags,
        summary: 'One module',
        params,
        response: { 200: moduleView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => reply(await modules.get(request.params.id)),
  );

  app.post(
    '/reload',
    {
      config: { access: { resource: 'modules', action: 'admin' } },
      schema: {
        tags,
        summary: 'Re-scan the modules folder (new or changed modules, problems with file and path)',
        body: object({}),
        response: {
          200: list(
            object(
              {
                id: { type: 'string' },
                version: { type: 'string' },
                problems: { type: 'array', items: moduleProblem },
              },
              ['id', 'problems'],
            ),
          ),
          ...errors(400, 401, 403, 415),
        },
      },
    },
    async (request) => {
      const items = await modules.scan();
      await request.audit({
        action: 'module.reload',
        resource: 'modules',
        details: { modules: items.map((m) => m.id) },
      });
      return { items };
    },
  );

  app.post<Id & { Body: { enable?: boolean; demo?: boolean } }>(
    '/:id/install',
    {
      config: { access: { resource: 'modules', action: 'admin' } },
      schema: {
        tags,
        summary:
          'Install a module: publish its forms, deploy its flows, add its roles, grants, automations, reports and reference data',
        params,
        body: object({
          enable: { type: 'boolean', default: false },
          demo: { type: 'boolean', default: false },
        }),
        response: { 200: moduleView, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) =>
      reply(
        await modules.install(request.params.id, request.actor, {
          enable: request.body?.enable ?? false,
          demo: request.body?.demo ?? false,
        }),
      ),
  );

  for (const [verb, summary] of [
    ['enable', 'Enable an installed module (its dependencies must be enabled)'],
    [
      'disable',
      'Disable a module: its requests, reports and automations stop; its data and running flows stay',
    ],
    [
      'upgrade',
      'Apply the newer version on disk: new form and flow versions (running instances finish on theirs)',
    ],
  ] as const)
    app.post<Id>(
      `/:id/${verb}`,
      {
        config: { access: { resource: 'modules', action: 'admin' } },
        schema: {
          tags,
          summary,
          params,
          body: object({}),
          response: { 200: moduleView, ...errors(400, 401, 403, 404, 409, 415, 422) },
        },
      },
      async (request) => reply(await modules[verb](request.params.id, request.actor)),
    );

  app.put<Id & { Body: { settings: Record<string, unknown>; rev?: number } }>(
    '/:id/settings',
    {
      config: { access: { resource: 'modules', action: 'admin' } },
      schema: {
        tags,
        summary: "Change a module's settings (checked against its settings schema)",
        params,
        body: object({ settings: anyObject, rev }, ['settings']),
        response: { 200: moduleView, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) =>
      reply(
        await modules.configure(request.params.id, request.body.settings, request.actor, request.body.rev),
      ),
  );
};
