// /api/catalogue/entries: the catalogue entries analysts publish from the designer (a form and its
// flow as a request employees can start), managed by analysts and admins (resource `catalogue`).
// They have a module manifest entry's shape (schemas/module-manifest.schema.json, customEntry);
// /api/catalogue lists, prechecks and submits them like the modules' own
// (services/modules/custom-entries.ts).
import type { FastifyPluginAsync } from 'fastify';
import type { CustomEntryInput, CustomEntryPatch } from '#engine/services/modules/custom-entries.ts';
import {
  CUSTOM_MODULE,
  CUSTOM_MODULE_NAME,
  type StoredCustomEntry,
} from '#engine/services/modules/custom-entries.ts';
import {
  customEntry,
  errors,
  list,
  localizedText,
  nullable,
  object,
  prop,
  props,
} from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { moduleId, qualifiedId, rev, timestamp } from '../modules/schemas.ts';

type Id = { Params: { id: string } };
const params = object({ id: qualifiedId }, ['id']);

const entryView = object(
  {
    ...props(customEntry),
    rev,
    moduleName: { ...localizedText, description: 'The name of the module (or group) it is filed under' },
    listed: {
      type: 'boolean',
      description:
        "Whether the catalogue offers it now: the 'custom' group always, a module's only while it is enabled",
    },
    createdAt: timestamp,
    createdBy: { type: 'string' },
    updatedAt: timestamp,
    updatedBy: { type: 'string' },
  },
  [
    ...(customEntry.required as string[]),
    'rev',
    'moduleName',
    'listed',
    'createdAt',
    'createdBy',
    'updatedAt',
    'updatedBy',
  ],
);

const fields = {
  module: { ...prop(customEntry, 'module'), default: CUSTOM_MODULE },
  form: prop(customEntry, 'form'),
  flow: prop(customEntry, 'flow'),
  name: prop(customEntry, 'name'),
  description: prop(customEntry, 'description'),
  icon: prop(customEntry, 'icon'),
  startRoles: prop(customEntry, 'startRoles'),
};

export const catalogueEntryRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['catalogue'];
  const entries = app.services.customEntries;

  /** The entries with the name of their group and whether the catalogue offers them now. */
  const view = async (docs: StoredCustomEntry[]) => {
    const modules = new Map((await app.services.modules.list()).map((m) => [m.id, m]));
    return docs.map((doc) => {
      const module = modules.get(doc.module);
      const custom = doc.module === CUSTOM_MODULE;
      return {
        ...doc,
        moduleName: custom ? CUSTOM_MODULE_NAME : (module?.name ?? { en: doc.module, 'zh-CN': doc.module }),
        listed: custom || module?.enabled === true,
      };
    });
  };
  const one = async (doc: StoredCustomEntry) => (await view([doc]))[0]!;

  app.get<{ Querystring: { module?: string } }>(
    '',
    {
      config: { access: { resource: 'catalogue', action: 'read' } },
      schema: {
        tags,
        summary: 'The catalogue entries published from the designer (not those of module files)',
        querystring: object({ module: moduleId }),
        response: { 200: list(entryView), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      items: await view(await entries.list(request.query.module ? { module: request.query.module } : {})),
    }),
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'catalogue', action: 'read' } },
      schema: {
        tags,
        summary: 'One catalogue entry published from the designer',
        params,
        response: { 200: entryView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => one(await entries.get(request.params.id)),
  );

  app.post<{ Body: CustomEntryInput }>(
    '',
    {
      config: { access: { resource: 'catalogue', action: 'create' } },
      schema: {
        tags,
        summary:
          "Publish a form and its flow as a request employees can start (module 'custom' unless filed under an installed module); the start roles (employee when none) get to create and read their own records of the form",
        body: object({ id: prop(customEntry, 'id'), ...fields }, ['id', 'form', 'name']),
        response: { 201: entryView, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await one(await entries.create(request.body, request.actor))),
  );

  app.patch<Id & { Body: CustomEntryPatch }>(
    '/:id',
    {
      config: { access: { resource: 'catalogue', action: 'update' } },
      schema: {
        tags,
        summary:
          'Change a published entry (null removes the flow, description or icon); checked as on create',
        params,
        body: {
          ...object({
            rev,
            module: prop(customEntry, 'module'),
            form: fields.form,
            flow: nullable(fields.flow),
            name: fields.name,
            description: nullable(fields.description),
            icon: nullable(fields.icon),
            startRoles: fields.startRoles,
          }),
          minProperties: 1,
        },
        response: { 200: entryView, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => one(await entries.update(request.params.id, request.body, request.actor)),
  );

  app.delete<Id>(
    '/:id',
    {
      config: { access: { resource: 'catalogue', action: 'delete' } },
      schema: {
        tags,
        summary:
          'Take an entry out of the catalogue (requests already started run on; the grants it gave are taken back)',
        params,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await entries.delete(request.params.id, request.actor);
      return reply.code(204).send();
    },
  );
};
