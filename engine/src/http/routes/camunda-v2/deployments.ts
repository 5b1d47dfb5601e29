// POST /v2/deployments — Camunda's deployment: multipart/form-data with one or more `resources`
// files (`.bpmn` / `.xml` models, `.form` Camunda forms) and an optional `tenantId`. Each model
// deploys through the flow service exactly as POST /api/flows does (every problem at once, Camunda
// forms converted, a Camunda 7 file converted); the forms sent beside the models go with the
// first. Decision tables (`.dmn`) are not served here and are refused by name.
import type { FastifyPluginAsync } from 'fastify';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import { AppError } from '#engine/core/errors.ts';
import type { DefinitionSummary } from '#engine/services/flows/definitions.ts';
import '#engine/http/types.ts';
import { TENANT } from './shapes.ts';

interface Resource {
  name: string;
  content: string;
}

const MAX_RESOURCES = 50;

export const deploymentRoutes: FastifyPluginAsync = async (app) => {
  const { flows } = app.services;

  app.post(
    '/deployments',
    {
      config: { access: { resource: 'flows', action: 'create' }, audited: false },
      schema: {
        tags: ['camunda'],
        summary:
          'Camunda: deploy BPMN models (and the Camunda forms beside them) sent as multipart/form-data `resources`',
        consumes: ['multipart/form-data'],
      },
    },
    async (request) => {
      if (!request.isMultipart())
        throw camundaErrors.deploymentInvalid(
          'send multipart/form-data with the files as `resources`',
          '请以 multipart/form-data 发送，文件字段名为 `resources`',
        );
      const models: Resource[] = [];
      const forms: Resource[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (part.fieldname === 'tenantId' && part.value !== TENANT && part.value !== '')
              throw camundaErrors.requestInvalid(
                '/tenantId',
                `must be ${TENANT}: Forma has one tenant`,
                `必须为 ${TENANT}：Forma 只有一个租户`,
              );
            continue;
          }
          if (part.fieldname !== 'resources')
            throw camundaErrors.deploymentInvalid(
              `unexpected file field "${part.fieldname}"`,
              `意外的文件字段“${part.fieldname}”`,
            );
          const name = part.filename || 'resource';
          const content = (await part.toBuffer()).toString('utf8');
          if (/\.form$/i.test(name)) forms.push({ name, content });
          else if (/\.(bpmn|xml)$/i.test(name)) models.push({ name, content });
          else
            throw camundaErrors.deploymentInvalid(
              `"${name}" is neither a BPMN model (.bpmn) nor a Camunda form (.form); decision tables are not served`,
              `“${name}”既不是 BPMN 模型（.bpmn）也不是 Camunda 表单（.form）；不支持决策表`,
            );
          if (models.length + forms.length > MAX_RESOURCES)
            throw camundaErrors.deploymentInvalid(
              `at most ${MAX_RESOURCES} resources`,
              `最多 ${MAX_RESOURCES} 个资源`,
            );
        }
      } catch (e) {
        // A body that is not the multipart it says (a bad boundary, cut short) is the sender's
        // error, not ours: busboy reports it as a plain error.
        if (e instanceof AppError || ((e as { statusCode?: number }).statusCode ?? 500) < 500) throw e;
        throw camundaErrors.deploymentInvalid(
          `the multipart body could not be read (${(e as Error).message})`,
          `无法读取 multipart 请求体（${(e as Error).message}）`,
        );
      }
      if (models.length === 0)
        throw camundaErrors.deploymentInvalid('no BPMN model among the resources', '资源中没有 BPMN 模型');
      const formJson = forms.map((f) => {
        try {
          return JSON.parse(f.content) as unknown;
        } catch {
          throw camundaErrors.deploymentInvalid(`"${f.name}" is not JSON`, `“${f.name}”不是 JSON`);
        }
      });
      const by = request.principal!.userId;
      const processes: Array<DefinitionSummary & { resourceName: string }> = [];
      let deploymentKey: string | undefined;
      for (const [i, model] of models.entries()) {
        const result = await flows.deploy(model.content, {
          by,
          ...(i === 0 && formJson.length ? { forms: formJson } : {}),
        });
        deploymentKey ??= result.deploymentKey;
        for (const d of result.deployed) {
          processes.push({ ...d, resourceName: model.name });
          await request.audit({
            action: d.duplicate ? 'flow.deploy-unchanged' : 'flow.deploy',
            resource: 'flows',
            resourceId: d.key,
            details: {
              processId: d.processId,
              version: d.version,
              via: 'camunda-v2',
              resourceName: model.name,
            },
          });
        }
      }
      return {
        deploymentKey: deploymentKey ?? processes[0]!.definitionKey!,
        tenantId: TENANT,
        deployments: processes.map((p) => ({
          processDefinition: {
            processDefinitionId: p.processId,
            processDefinitionVersion: p.version,
            resourceName: p.resourceName,
            tenantId: TENANT,
            processDefinitionKey: p.definitionKey!,
          },
          decisionDefinition: null,
          decisionRequirements: null,
          form: null,
          resource: null,
        })),
      };
    },
  );
};
