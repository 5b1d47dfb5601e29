// /api/jobs: jobs for external workers — service tasks whose type is no platform action — in the
// request and reply shapes of Camunda 8's /v2 job endpoints.
//   POST /api/jobs/activate            activate jobs of a type for a lock timeout (long polling)
//   POST /api/jobs/{jobKey}/complete   complete with variables
//   POST /api/jobs/{jobKey}/fail       fail: retries left and back-off (none left: an incident)
//   POST /api/jobs/{jobKey}/error      throw a BPMN error (an error boundary event catches it)
// access: resource `jobs` — read (activate), update (complete, fail, error): administrators and
// the built-in role `job-worker`.
import type { FastifyPluginAsync } from 'fastify';
import { closingSignal, untilHangUp } from '#engine/http/long-poll.ts';
import type {
  ActivateRequest,
  CompleteRequest,
  FailRequest,
  ThrowErrorRequest,
} from '#engine/core/jobs/jobs.ts';
import { errors, object, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const variables: JsonSchema = { type: 'object', additionalProperties: true, maxProperties: 500 };
const ms = (description: string): JsonSchema => ({ type: 'integer', description });
const keyParams = object({ jobKey: { type: 'string', pattern: '^[0-9]{1,25}$' } }, ['jobKey']);
type KeyParams = { Params: { jobKey: string } };

const activatedJob = {
  type: 'object',
  additionalProperties: true,
  properties: {
    jobKey: { type: 'string' },
    type: { type: 'string' },
    processInstanceKey: { type: 'string' },
    processInstanceId: { type: 'string' },
    processDefinitionId: { type: 'string' },
    processDefinitionVersion: { type: 'integer' },
    processDefinitionKey: { type: 'string' },
    elementId: { type: 'string' },
    elementInstanceKey: { type: 'string' },
    customHeaders: { type: 'object', additionalProperties: true },
    worker: { type: 'string' },
    retries: { type: 'integer' },
    deadline: { type: 'integer' },
    variables: { type: 'object', additionalProperties: true },
    tenantId: { type: 'string' },
    kind: { type: 'string' },
    listenerEventType: { type: 'string' },
  },
  required: ['jobKey', 'type', 'processInstanceKey', 'elementId', 'retries', 'deadline', 'variables'],
};

export const jobRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['jobs'];
  const { jobs } = app.services;
  const closing = closingSignal(app);

  app.post<{ Body: ActivateRequest }>(
    '/activate',
    {
      config: { access: { resource: 'jobs', action: 'read' }, audited: false },
      schema: {
        tags,
        summary:
          'Activate jobs of a type (a service task type that is no platform action): locked for `timeout` ms; waits up to `requestTimeout` ms for one to appear',
        body: object(
          {
            type: { type: 'string', minLength: 1, maxLength: 200 },
            worker: { type: 'string', maxLength: 200 },
            timeout: ms('How long the jobs stay locked for this worker'),
            maxJobsToActivate: { type: 'integer', minimum: 1 },
            fetchVariable: { type: 'array', items: { type: 'string' }, maxItems: 200 },
            requestTimeout: ms('Long polling: 0 the default (10 s), < 0 answer at once; at most 60 s'),
            tenantIds: { type: 'array', items: { type: 'string' } },
          },
          ['type', 'timeout', 'maxJobsToActivate'],
        ),
        response: {
          200: object({ jobs: { type: 'array', items: activatedJob } }, ['jobs']),
          ...errors(400, 401, 403, 415),
        },
      },
    },
    async (request, reply) => {
      // A worker that hangs up before the answer stops its long poll.
      return untilHangUp(reply, closing, async (signal) => {
        return { jobs: await jobs.activate(request.body, signal) };
      });
    },
  );

  app.post<KeyParams & { Body: CompleteRequest }>(
    '/:jobKey/complete',
    {
      config: { access: { resource: 'jobs', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Complete a job; its variables become the task’s result',
        params: keyParams,
        body: object({ variables, result: { type: 'object', additionalProperties: true } }),
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      await jobs.complete(request.params.jobKey, request.body ?? {});
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: FailRequest }>(
    '/:jobKey/fail',
    {
      config: { access: { resource: 'jobs', action: 'update' }, audited: false },
      schema: {
        tags,
        summary:
          'Fail a job: with retries left it is offered again after `retryBackOff` ms; with none (the default) its instance stops on an incident',
        params: keyParams,
        body: object({
          retries: { type: 'integer', minimum: 0 },
          errorMessage: { type: 'string', maxLength: 4000 },
          retryBackOff: { type: 'integer', minimum: 0 },
          variables,
        }),
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      await jobs.fail(request.params.jobKey, request.body ?? {});
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: ThrowErrorRequest }>(
    '/:jobKey/error',
    {
      config: { access: { resource: 'jobs', action: 'update' }, audited: false },
      schema: {
        tags,
        summary:
          'Throw a BPMN error from a job: an error boundary event with its code catches it (with the variables); uncaught, an incident',
        params: keyParams,
        body: object(
          {
            errorCode: { type: 'string', minLength: 1, maxLength: 200 },
            errorMessage: { type: 'string', maxLength: 4000 },
            variables,
          },
          ['errorCode'],
        ),
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      await jobs.throwError(request.params.jobKey, request.body);
      return reply.code(204).send();
    },
  );
};
