// Camunda's job endpoints over the external-job service (services/jobs), which already speaks
// their semantics (long polling, locks, retries with back-off, BPMN errors):
//   POST /v2/jobs/activation            activate jobs of a type (long polling up to requestTimeout)
//   POST /v2/jobs/{jobKey}/completion   complete with variables
//   POST /v2/jobs/{jobKey}/failure      fail: retries left and back-off (none left: an incident)
//   POST /v2/jobs/{jobKey}/error        throw a BPMN error (an error boundary event catches it)
// Each command is audited under the calling account; an activation only when it handed out jobs
// (a worker polls all day).
import type { FastifyPluginAsync } from 'fastify';
import { closingSignal, untilHangUp } from '#engine/http/long-poll.ts';
import type {
  ActivateRequest,
  CompleteRequest,
  FailRequest,
  ThrowErrorRequest,
} from '#engine/core/jobs/jobs.ts';
import { object, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { TENANT } from './shapes.ts';

const variables: JsonSchema = { type: 'object', additionalProperties: true, maxProperties: 500 };
const keyParams = object({ jobKey: { type: 'string', pattern: '^[0-9]{1,25}$' } }, ['jobKey']);
type KeyParams = { Params: { jobKey: string } };

const activationBody = object(
  {
    type: { type: 'string', minLength: 1, maxLength: 200 },
    worker: { type: 'string', maxLength: 200 },
    timeout: { type: 'integer', minimum: 1 },
    maxJobsToActivate: { type: 'integer', minimum: 1 },
    fetchVariable: { type: 'array', items: { type: 'string' }, maxItems: 200 },
    requestTimeout: { type: 'integer' },
    tenantIds: { type: 'array', items: { type: 'string', const: TENANT }, maxItems: 1 },
    tenantFilter: { type: 'string', enum: ['PROVIDED', 'ASSIGNED'] },
  },
  ['type', 'timeout', 'maxJobsToActivate'],
);

export const jobRoutesV2: FastifyPluginAsync = async (app) => {
  const tags = ['camunda'];
  const { jobs } = app.services;
  const closing = closingSignal(app);

  app.post<{ Body: ActivateRequest }>(
    '/jobs/activation',
    {
      config: { access: { resource: 'jobs', action: 'read' }, audited: false },
      schema: { tags, summary: 'Camunda: activate jobs of a type (long polling)', body: activationBody },
    },
    async (request, reply) => {
      return untilHangUp(reply, closing, async (signal) => {
        const { type, worker, timeout, maxJobsToActivate, fetchVariable, requestTimeout } = request.body;
        const activated = await jobs.activate(
          {
            type,
            timeout,
            maxJobsToActivate,
            ...(worker !== undefined ? { worker } : {}),
            ...(fetchVariable ? { fetchVariable } : {}),
            ...(requestTimeout !== undefined ? { requestTimeout } : {}),
          },
          signal,
        );
        if (activated.length)
          await request.audit({
            action: 'job.activate',
            resource: 'jobs',
            resourceId: type,
            details: { worker: worker ?? '', jobKeys: activated.map((j) => j.jobKey) },
          });
        return {
          jobs: activated.map(({ processInstanceId: _id, ...job }) => ({
            ...job,
            userTask: null,
            tags: [],
            rootProcessInstanceKey: job.processInstanceKey,
          })),
        };
      });
    },
  );

  app.post<KeyParams & { Body: CompleteRequest & { result?: unknown } }>(
    '/jobs/:jobKey/completion',
    {
      config: { access: { resource: 'jobs', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Camunda: complete a job with variables',
        response: { 204: { type: 'null' } },
        params: keyParams,
        body: object({
          variables: { ...variables, type: ['object', 'null'] },
          result: { type: ['object', 'null'] },
        }),
      },
    },
    async (request, reply) => {
      const { variables: vars } = request.body ?? {};
      await jobs.complete(request.params.jobKey, vars ? { variables: vars } : {});
      await request.audit({ action: 'job.complete', resource: 'jobs', resourceId: request.params.jobKey });
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: FailRequest }>(
    '/jobs/:jobKey/failure',
    {
      config: { access: { resource: 'jobs', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Camunda: fail a job (retries left: offered again after retryBackOff ms; none: an incident)',
        response: { 204: { type: 'null' } },
        params: keyParams,
        body: object({
          retries: { type: 'integer', minimum: 0 },
          errorMessage: { type: 'string', maxLength: 4000 },
          retryBackOff: { type: 'integer', minimum: 0 },
          variables,
        }),
      },
    },
    async (request, reply) => {
      await jobs.fail(request.params.jobKey, request.body ?? {});
      await request.audit({
        action: 'job.fail',
        resource: 'jobs',
        resourceId: request.params.jobKey,
        details: { retries: request.body?.retries ?? 0, errorMessage: request.body?.errorMessage ?? '' },
      });
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: ThrowErrorRequest }>(
    '/jobs/:jobKey/error',
    {
      config: { access: { resource: 'jobs', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Camunda: throw a BPMN error from a job (an error boundary event catches it)',
        response: { 204: { type: 'null' } },
        params: keyParams,
        body: object(
          {
            errorCode: { type: 'string', minLength: 1, maxLength: 200 },
            errorMessage: { type: 'string', maxLength: 4000 },
            variables: { ...variables, type: ['object', 'null'] },
          },
          ['errorCode'],
        ),
      },
    },
    async (request, reply) => {
      const { errorCode, errorMessage, variables: vars } = request.body;
      await jobs.throwError(request.params.jobKey, {
        errorCode,
        ...(errorMessage !== undefined ? { errorMessage } : {}),
        ...(vars ? { variables: vars } : {}),
      });
      await request.audit({
        action: 'job.error',
        resource: 'jobs',
        resourceId: request.params.jobKey,
        details: { errorCode },
      });
      return reply.code(204).send();
    },
  );
};
