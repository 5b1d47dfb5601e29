// /api/forms: form definitions for analysts (draft → publish → versions → deprecate) and, for
// everyone who may fill a form in, its rendering in their language.
//   access: resource `forms` — `read` to look, `update` to save, publish and deprecate.
import type { FastifyPluginAsync } from 'fastify';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { formErrors } from '#engine/core/forms/errors.ts';
import {
  errors,
  formDefinition,
  formSummary,
  formVersionInfo,
  list,
  locale,
  object,
  stableId,
  type JsonSchema,
} from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { formReader } from './reader.ts';
import { validatorRoutes } from './validators.ts';

const formParams = object({ id: stableId }, ['id']);
const versionParams = object(
  { id: stableId, version: { anyOf: [{ type: 'integer', minimum: 1 }, { const: 'current' }] } },
  ['id', 'version'],
);
const problem = object(
  { path: { type: 'string' }, message: { type: 'string' }, messageZh: { type: 'string' } },
  ['path', 'message'],
);
const publishResult = object(
  { version: formVersionInfo, definition: formDefinition, created: { type: 'boolean' } },
  ['version', 'definition', 'created'],
);
const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

type Id = { Params: { id: string } };

export const formRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['forms'];
  const { forms } = app.services;
  const validators = validatorRoutes(app);

  app.get<{ Querystring: { module?: string } }>(
    '',
    {
      config: { access: { resource: 'forms', action: 'read' } },
      schema: {
        tags,
        summary: 'Forms with their status and versions',
        querystring: object({ module: stableId }),
        response: { 200: list(formSummary), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      items: await forms.list(
        request.actorFor('forms', 'read'),
        request.query.module ? { module: request.query.module } : {},
      ),
    }),
  );

  app.post<{ Body: FormDefinition }>(
    '',
    {
      config: { access: { resource: 'forms', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Create a form (its first draft; it may be incomplete until published)',
        body: formDefinition,
        response: { 201: formSummary, ...errors(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await forms.saveDraft(request.actorFor('forms', 'update'), request.body)),
  );

  app.post<{ Body: { definition: FormDefinition } }>(
    '/check',
    {
      config: { access: { resource: 'forms', action: 'read' } },
      schema: {
        tags,
        summary: 'The problems that would stop a definition from being published (nothing is saved)',
        body: object({ definition: anyObject }, ['definition']),
        response: {
          200: object({ problems: { type: 'array', items: problem } }, ['problems']),
          ...errors(400, 401, 403, 415),
        },
      },
    },
    async (request) => ({ problems: forms.check(request.body.definition) }),
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'forms', action: 'read' } },
      schema: {
        tags,
        summary: 'The working draft of a form and its summary',
        params: formParams,
        response: {
          200: object({ definition: formDefinition, summary: formSummary }, ['definition', 'summary']),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => forms.getDraft(request.actorFor('forms', 'read'), request.params.id),
  );

  app.put<Id & { Body: { rev: number; definition: FormDefinition } }>(
    '/:id',
    {
      config: { access: { resource: 'forms', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Save the draft (rev: the draft revision it is based on; 409 when stale)',
        params: formParams,
        body: object({ rev: { type: 'integer', minimum: 1 }, definition: formDefinition }, [
          'rev',
          'definition',
        ]),
        response: { 200: formSummary, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      if (request.body.definition.id !== request.params.id) throw formErrors.idMismatch(request.params.id);
      return forms.saveDraft(request.actorFor('forms', 'update'), request.body.definition, request.body.rev);
    },
  );

  app.post<Id & { Body: { rev?: number } }>(
    '/:id/publish',
    {
      config: { access: { resource: 'forms', action: 'update' }, audited: false },
      schema: {
        tags,
        summary:
          'Publish the draft as the next immutable version (422 with every problem located in the definition; publishing unchanged content returns the current version)',
        params: formParams,
        body: object({ rev: { type: 'integer', minimum: 1 } }),
        response: { 200: publishResult, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) =>
      forms.publish(request.actorFor('forms', 'update'), request.params.id, request.body?.rev),
  );

  app.post<Id & { Body: { version?: number } }>(
    '/:id/deprecate',
    {
      config: { access: { resource: 'forms', action: 'update' }, audited: false },
      schema: {
        tags,
        summary:
          'Deprecate one version, or (without version) the whole form: no new records; existing ones stay valid',
        params: formParams,
        body: object({ version: { type: 'integer', minimum: 1 } }),
        response: { 200: formSummary, ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request) =>
      forms.deprecate(request.actorFor('forms', 'update'), request.params.id, request.body?.version),
  );

  app.get<Id>(
    '/:id/versions',
    {
      config: { access: { resource: 'forms', action: 'read' } },
      schema: {
        tags,
        summary: 'Published versions, newest first',
        params: formParams,
        response: { 200: list(formVersionInfo), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await forms.listVersions(request.actorFor('forms', 'read'), request.params.id),
    }),
  );

  app.get<{ Params: { id: string; version: number | 'current' } }>(
    '/:id/versions/:version',
    {
      config: { access: { resource: 'forms', action: 'read' } },
      schema: {
        tags,
        summary: 'One published version (or `current`: the one new records use)',
        params: versionParams,
        response: { 200: formDefinition, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      forms.getVersion(request.actorFor('forms', 'read'), request.params.id, request.params.version),
  );

  app.get<Id & { Querystring: { locale?: 'en' | 'zh-CN'; version?: number } }>(
    '/:id/render',
    {
      schema: {
        tags,
        summary:
          'A version as rjsf renders it in one language (labels, help, option names), with the definition (computed fields, sensitive fields); for anyone who may create or read its records',
        params: formParams,
        querystring: object({ locale, version: { type: 'integer', minimum: 1 } }),
        response: {
          200: object(
            {
              version: { type: 'integer' },
              definition: formDefinition,
              schema: anyObject,
              uiSchema: anyObject,
            },
            ['version', 'definition', 'schema', 'uiSchema'],
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const actor = formReader(request, id);
      const version = request.query.version ?? 'current';
      const definition = await forms.getVersion(actor, id, version);
      const loc = request.query.locale ?? request.principal?.locale ?? 'en';
      const rendered = await forms.localized(actor, id, definition.version as number, loc);
      // The page asks for the version's validators next: have them compiled by then.
      validators.warm(request, id, rendered.version, loc, rendered.schema);
      return { version: rendered.version, definition, schema: rendered.schema, uiSchema: rendered.uiSchema };
    },
  );
};
