// /api/deployments: several BPMN and DMN files deployed together, as a Camunda project is — the
// processes and the decisions they call (bindingType="deployment" binds a business rule task to
// the decision version of the same deployment). Access: resource `flows`, create.
//   POST /api/deployments   {files: [{name: "x.bpmn" | "y.dmn", content: "<xml…>"}]}
//                           → 201 {decisions, processes}; 422 DEPLOYMENT_INVALID with every
//                           problem of every file (nothing is deployed then)
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import type { DeploymentFile } from '#engine/services/decisions/deployments.ts';
import { deploymentBody, deploymentReply, problemsReply } from './schemas.ts';

export const deploymentRoutes: FastifyPluginAsync = async (app) => {
  const { deployments } = app.services;
  app.post<{ Body: { files: DeploymentFile[] } }>(
    '',
    {
      config: { access: { resource: 'flows', action: 'create' }, audited: false },
      schema: {
        tags: ['decisions'],
        summary: 'Deploy BPMN and DMN files together: decisions first, then the processes that call them',
        body: deploymentBody,
        response: {
          201: deploymentReply,
          200: deploymentReply,
          422: problemsReply,
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const deployed = await deployments.deploy(request.body.files, { by: request.principal!.userId });
      await request.audit({
        action: 'deployment.create',
        resource: 'flows',
        resourceId: request.body.files.map((f) => f.name).join(','),
        details: {
          decisions: deployed.decisions.flatMap((d) => d.decisions.map((x) => x.key)),
          processes: deployed.processes.map((p) => p.key),
        },
      });
      const fresh =
        deployed.decisions.some((d) => !d.duplicate) || deployed.processes.some((p) => !p.duplicate);
      return reply.code(fresh ? 201 : 200).send(deployed);
    },
  );
};
