// /api/drafts: my unfinished requests, saved as I type (one per catalogue entry; only mine).
//   GET    /api/drafts          my drafts: entry and when saved, newest first
//   GET    /api/drafts/{entry}  one draft's data
//   PUT    /api/drafts/{entry}  save it (not validated: a draft is unfinished; fields the form
//                               marks sensitive are left out — services/drafts)
//   DELETE /api/drafts/{entry}  drop it (after submitting, or "start over")
// Saving needs an entry of the catalogue I may start; reading and deleting my own always work (an
// entry whose module was disabled since still lets me see what I had typed).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { moduleErrors } from '#engine/core/modules/errors.ts';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId, timestamp } from '../modules/schemas.ts';

const params = object({ entry: qualifiedId }, ['entry']);
const draftView = object({ key: { type: 'string' }, data: anyObject, savedAt: timestamp }, [
  'key',
  'data',
  'savedAt',
]);
const draftSummary = object({ key: { type: 'string' }, savedAt: timestamp }, ['key', 'savedAt']);

type Entry = { Params: { entry: string } };

export const draftRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['drafts'];
  const { drafts, requests, forms } = app.services;
  const me = (request: FastifyRequest): string => request.principal!.userId;

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'My drafts (the catalogue entry and when it was saved), newest first',
        response: { 200: list(draftSummary), ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await drafts.list(me(request)) }),
  );

  app.get<Entry>(
    '/:entry',
    {
      schema: {
        tags,
        summary: 'My draft of a request',
        params,
        response: { 200: draftView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const draft = await drafts.get(me(request), request.params.entry);
      if (!draft) throw moduleErrors.draftNotFound(request.params.entry);
      return draft;
    },
  );

  app.put<Entry & { Body: { data: Record<string, unknown> } }>(
    '/:entry',
    {
      // Not audited: private scratch, saved every few seconds while typing; submitting is audited.
      config: { audited: false },
      schema: {
        tags,
        summary: 'Save my draft of a request (unvalidated; sensitive fields are not kept)',
        params,
        body: object({ data: { ...anyObject, maxProperties: 500 } }, ['data']),
        response: { 200: draftView, ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request) => {
      const { entry } = request.params;
      const found = (await requests.catalogue(request.principal!)).find((e) => e.id === entry);
      if (!found) throw moduleErrors.entryNotFound(entry);
      const form = await forms.current(found.form);
      const sensitive = form.fields
        .all()
        .filter((f) => f.sensitive)
        .map((f) => f.path);
      return drafts.save(me(request), entry, request.body.data, { sensitive });
    },
  );

  app.delete<Entry>(
    '/:entry',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Drop my draft of a request',
        params,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      await drafts.remove(me(request), request.params.entry);
      return reply.code(204).send();
    },
  );
};
