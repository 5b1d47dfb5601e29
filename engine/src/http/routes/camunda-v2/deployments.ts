// POST /v2/deployments — Camunda's deployment: multipart/form-data with one or more `resources`
// files (`.bpmn` / `.xml` models, `.dmn` decision tables, `.form` Camunda forms) and an optional
// `tenantId`. The files deploy together as POST /api/deployments deploys them (every problem of
// every file at once and nothing deployed then; decisions first, a business rule task bound to
// the decision of its deployment; Camunda forms and Camunda 7 files converted as POST /api/flows
// does); the forms sent beside the models go with the first. The reply lists each process, each
// decision and each decision requirements graph (a DMN file) as Camunda does.
import type { FastifyPluginAsync } from 'fastify';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import { AppError } from '#engine/core/errors.ts';
import { numericKeyOf } from '#engine/core/flows/keys.ts';
import type { DeploymentFile } from '#engine/services/decisions/deployments.ts';
import '#engine/http/types.ts';
import { TENANT } from './shapes.ts';

interface Resource {
  name: string;
  content: string;
}

const MAX_RESOURCES = 50;

export const deploymentRoutes: FastifyPluginAsync = async (app) => {
  const { deployments } = app.services;

  app.post(
    '/deployments',
    {
      config: { access: { resource: 'flows', action: 'create' }, audited: false },
      schema: {
        tags: ['camunda'],
        summary:
          'Camunda: deploy BPMN models, DMN decision tables and Camunda forms sent as multipart/form-data `resources`',
        consumes: ['multipart/form-data'],
      },
    },
    async (request) => {
      if (!request.isMultipart())
        throw camundaErrors.deploymentInvalid(
          'send multipart/form-data with the files as `resources`',
          '请以 multipart/form-data 发送，文件字段名为 `resources`',
        );
      const models: DeploymentFile[] = [];
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
          else if (/\.(bpmn|xml)$/i.test(name)) models.push({ name, content, kind: 'bpmn' });
          else if (/\.dmn$/i.test(name)) models.push({ name, content, kind: 'dmn' });
          else
            throw camundaErrors.deploymentInvalid(
              `"${name}" is neither a BPMN model (.bpmn), a decision table (.dmn) nor a Camunda form (.form)`,
              `“${name}”既不是 BPMN 模型（.bpmn）、决策表（.dmn），也不是 Camunda 表单（.form）`,
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
        throw camundaErrors.deploymentInvalid(
          'no BPMN model or decision table among the resources',
          '资源中没有 BPMN 模型或决策表',
        );
      const formJson = forms.map((f) => {
        try {
          return JSON.parse(f.content) as unknown;
        } catch {
          throw camundaErrors.deploymentInvalid(`"${f.name}" is not JSON`, `“${f.name}”不是 JSON`);
        }
      });
      const deployed = await deployments.deploy(models, {
        by: request.principal!.userId,
        ...(formJson.length ? { forms: formJson } : {}),
      });
      for (const p of deployed.processes)
        await request.audit({
          action: p.duplicate ? 'flow.deploy-unchanged' : 'flow.deploy',
          resource: 'flows',
          resourceId: p.key,
          details: { processId: p.processId, version: p.version, via: 'camunda-v2', resourceName: p.file },
        });
      for (const drg of deployed.decisions)
        await request.audit({
          action: drg.duplicate ? 'decision.deploy-unchanged' : 'decision.deploy',
          resource: 'flows',
          resourceId: `${drg.drgId}@${drg.version}`,
          details: {
            decisions: drg.decisions.map((d) => d.key),
            via: 'camunda-v2',
            resourceName: drg.file,
          },
        });
      const none = { processDefinition: null, decisionDefinition: null, decisionRequirements: null };
      const rest = { form: null, resource: null };
      const drgKeyOf = (drgId: string, version: number) => numericKeyOf(`drg:${drgId}@${version}`);
      return {
        // The flow service's key for the models; decision tables alone get one derived from what
        // they deployed (the same files again, the same key).
        deploymentKey:
          deployed.processes.find((p) => p.deploymentKey)?.deploymentKey ??
          numericKeyOf(`deployment:${JSON.stringify(deployed.decisions.map((d) => [d.drgId, d.version]))}`),
        tenantId: TENANT,
        deployments: [
          ...deployed.processes.map((p) => ({
            ...none,
            processDefinition: {
              processDefinitionId: p.processId,
              processDefinitionVersion: p.version,
              resourceName: p.file!,
              tenantId: TENANT,
              processDefinitionKey: p.definitionKey!,
            },
            ...rest,
          })),
          ...deployed.decisions.flatMap((drg) => [
            ...drg.decisions.map((d) => ({
              ...none,
              decisionDefinition: {
                decisionDefinitionId: d.decisionId,
                version: d.version,
                name: d.name ?? d.decisionId,
                tenantId: TENANT,
                decisionRequirementsId: drg.drgId,
                decisionDefinitionKey: decisionKeyOf(d.key),
                decisionRequirementsKey: drgKeyOf(drg.drgId, drg.version),
              },
              ...rest,
            })),
            {
              ...none,
              decisionRequirements: {
                decisionRequirementsId: drg.drgId,
                decisionRequirementsName: drg.name ?? drg.drgId,
                version: drg.version,
                resourceName: drg.file!,
                tenantId: TENANT,
                decisionRequirementsKey: drgKeyOf(drg.drgId, drg.version),
              },
              ...rest,
            },
          ]),
        ],
      };
    },
  );
};

/** A decision version's numeric key (Camunda's decisionDefinitionKey), from `<decision id>@<version>`. */
export const decisionKeyOf = (key: string): string => numericKeyOf(`decision:${key}`);
