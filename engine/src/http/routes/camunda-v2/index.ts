// Camunda's REST API (the part of the Orchestration Cluster API `/v2` that deploys models, starts
// instances, works jobs and user tasks, publishes and correlates messages, reads instances,
// incidents and variables, and — when enabled — pins the clock), served over Forma's own services
// so that Camunda's clients (@camunda8/orchestration-cluster-api, job workers written for
// Camunda) work against Forma unchanged. Mounted at /v2 by the app, beside /api; encapsulated:
// its authentication (auth.ts), its error shape (problem.ts) and its multipart parser stay inside.
// No engine logic lives here: each route maps Camunda's request onto a service (flows, jobs,
// messages, approvals) and the answer onto Camunda's reply shape (shapes.ts).
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import '#engine/http/types.ts';
import { authenticateV2 } from './auth.ts';
import { clusterRoutes } from './cluster.ts';
import { deploymentRoutes } from './deployments.ts';
import { incidentVariableRoutes } from './incidents-variables.ts';
import { jobRoutesV2 } from './jobs.ts';
import { messageRoutesV2 } from './messages.ts';
import { problemHandler, problemNotFound, problemSchema } from './problem.ts';
import { processInstanceRoutes } from './process-instances.ts';
import { userTaskRoutes } from './user-tasks.ts';

/** Largest resource a deployment may carry (a BPMN model or a form), in bytes. */
const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;
const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422];

export const camundaV2Routes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_RESOURCE_BYTES, files: 50, fields: 10, parts: 60 },
  });
  app.setErrorHandler(problemHandler);
  app.setNotFoundHandler(problemNotFound);
  app.addHook('onRequest', authenticateV2);
  // Every operation is documented with its success reply (as given, else a JSON object) and
  // Camunda's problem detail for the refusals.
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    const given = (route.schema?.response ?? {
      200: { type: 'object', additionalProperties: true },
    }) as object;
    const errs = Object.fromEntries(ERROR_STATUSES.map((s) => [s, problemSchema]));
    route.schema = { ...route.schema, tags: ['camunda'], response: { ...errs, ...given } };
  });

  await app.register(clusterRoutes);
  await app.register(deploymentRoutes);
  await app.register(processInstanceRoutes);
  await app.register(jobRoutesV2);
  await app.register(userTaskRoutes);
  await app.register(messageRoutesV2);
  await app.register(incidentVariableRoutes);
  // Anything else under /v2: Camunda's problem detail, not the web app's page.
  app.all('/*', { schema: { hide: true } }, async (request, reply) => problemNotFound(request, reply));
};
