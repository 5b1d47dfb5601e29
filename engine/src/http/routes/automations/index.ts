// /api/automations: the automations of the installed modules, each one's run log, a run's
// detail (a record-set run's progress, and what it did with each record), and "run now" for
// scheduled ones (admins).
import type { FastifyPluginAsync } from 'fastify';
import { errors, list, localizedText, object, page, pageQuery } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId, timestamp } from '../modules/schemas.ts';

type Id = { Params: { id: string } };
type RunP = { Params: { id: string; runId: string } };
const params = object({ id: qualifiedId }, ['id']);
const runParams = object({ id: qualifiedId, runId: { type: 'string', minLength: 1, maxLength: 300 } }, [
  'id',
  'runId',
]);
const count = { type: 'integer', minimum: 0 };

const automation = object(
  {
    id: { type: 'string' },
    module: { type: 'string' },
    name: localizedText,
    description: localizedText,
    enabled: { type: 'boolean' },
    trigger: anyObject,
    conditions: { type: 'array', items: { type: 'string' } },
    actions: { type: 'array', items: anyObject },
    retries: { type: 'integer' },
  },
  ['id', 'module', 'name', 'trigger', 'actions'],
);

const run = object(
  {
    id: { type: 'string' },
    automation: { type: 'string' },
    module: { type: 'string' },
    trigger: { type: 'string' },
    status: { type: 'string', enum: ['running', 'succeeded', 'skipped', 'failed'] },
    attempts: { type: 'integer' },
    startedAt: timestamp,
    endedAt: timestamp,
    event: anyObject,
    steps: { type: 'array', items: anyObject },
    error: { type: 'string' },
    period: { type: 'string' },
    progress: object(
      { total: count, processed: count, succeeded: count, skipped: count, failed: count, batches: count },
      ['total', 'processed', 'succeeded', 'skipped', 'failed', 'batches'],
    ),
  },
  ['id', 'automation', 'status', 'attempts', 'startedAt', 'steps'],
);

const runRecord = object(
  {
    id: { type: 'string' },
    run: { type: 'string' },
    automation: { type: 'string' },
    recordId: { type: 'string' },
    status: { type: 'string', enum: ['succeeded', 'skipped', 'failed'] },
    error: { type: 'string' },
    at: timestamp,
  },
  ['id', 'run', 'automation', 'recordId', 'status', 'at'],
);

const strip = <T extends { rev?: number; triggerKey?: string }>(doc: T) => {
  const { rev: _rev, triggerKey: _key, ...rest } = doc;
  return rest;
};

export const automationRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['automations'];
  const automations = app.services.automations;

  app.get<{ Querystring: { module?: string } }>(
    '',
    {
      config: { access: { resource: 'automations', action: 'read' } },
      schema: {
        tags,
        summary: 'Automations of the installed modules',
        querystring: object({ module: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } }),
        response: { 200: list(automation), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      items: (await automations.list(request.query.module ? { module: request.query.module } : {})).map(
        strip,
      ),
    }),
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'automations', action: 'read' } },
      schema: {
        tags,
        summary: 'One automation',
        params,
        response: { 200: automation, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => strip(await automations.get(request.params.id)),
  );

  app.get<Id & { Querystring: { limit?: number; cursor?: string } }>(
    '/:id/runs',
    {
      config: { access: { resource: 'automations', action: 'read' } },
      schema: {
        tags,
        summary: 'The run log of an automation, newest first',
        params,
        querystring: object(pageQuery),
        response: { 200: page(run), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const result = await automations.listRuns(request.params.id, request.query);
      return { items: result.items.map(strip), nextCursor: result.nextCursor };
    },
  );

  app.get<RunP>(
    '/:id/runs/:runId',
    {
      config: { access: { resource: 'automations', action: 'read' } },
      schema: {
        tags,
        summary: 'One run: its steps, or the progress of a record-set run',
        params: runParams,
        response: { 200: run, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => strip(await automations.getRun(request.params.id, request.params.runId)),
  );

  app.get<
    RunP & { Querystring: { status?: 'succeeded' | 'skipped' | 'failed'; limit?: number; cursor?: string } }
  >(
    '/:id/runs/:runId/records',
    {
      config: { access: { resource: 'automations', action: 'read' } },
      schema: {
        tags,
        summary: 'What a record-set run did with each record (succeeded, skipped, failed), by record id',
        params: runParams,
        querystring: object({
          ...pageQuery,
          status: { type: 'string', enum: ['succeeded', 'skipped', 'failed'] },
        }),
        response: { 200: page(runRecord), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id, runId } = request.params;
      const result = await automations.runRecords(id, runId, request.query);
      return { items: result.items.map(strip), nextCursor: result.nextCursor };
    },
  );

  app.post<Id>(
    '/:id/run',
    {
      config: { access: { resource: 'automations', action: 'admin' } },
      schema: {
        tags,
        summary:
          'Run a scheduled automation now (a record-set automation starts or continues the run of the current period on the queue and answers with it at once)',
        params,
        body: object({}),
        response: { 200: run, ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request) => {
      const result = strip(await automations.runNow(request.params.id));
      await request.audit({
        action: 'automation.run',
        resource: 'automations',
        resourceId: request.params.id,
        details: { run: result.id, status: result.status },
      });
      return result;
    },
  );
};
