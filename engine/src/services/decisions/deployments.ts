// One deployment of several files — BPMN processes and the DMN decisions they call — as Camunda
// deploys a project: everything is checked first and nothing is deployed while any file has a
// problem (each problem named with its file); then the decisions are deployed, then the
// processes, and every business rule task bound to "the decision deployed with it"
// (bindingType="deployment") is bound to the decision version of this deployment. Camunda forms
// sent beside the models (Camunda's /v2 deployments) go with the first model, as POST /api/flows
// takes them.
import { decisionCalls } from '#engine/core/flows/compile/business-rule-task.ts';
import { decisionErrors, dmnProblemDetail } from '#engine/core/dmn/errors.ts';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import { problemDetail } from '#engine/core/flows/errors.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import { problem } from '#engine/core/flows/problems.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { DecisionService, DecisionSummary, DeployedDrg } from './decision-service.ts';

export interface DeploymentFile {
  /** The file name: its extension (.bpmn, .dmn) says what it is, unless `kind` does. */
  name: string;
  content: string;
  /** What the file is, when its name does not say (Camunda's clients send models as `.xml`). */
  kind?: 'bpmn' | 'dmn';
}

export interface DeployedProcess {
  key: string;
  processId: string;
  version: number;
  duplicate: boolean;
  /** Numeric keys (Camunda's processDefinitionKey and deploymentKey) and the file it came from. */
  definitionKey?: string;
  deploymentKey?: string;
  file?: string;
}

export interface Deployment {
  decisions: Array<DeployedDrg & { file?: string }>;
  processes: DeployedProcess[];
}

export interface DeploymentOptions {
  by?: string;
  /** Camunda forms (form-js JSON) sent beside the models: they go with the first model. */
  forms?: unknown[];
}

const kindOf = (name: string): 'bpmn' | 'dmn' | null =>
  /\.(bpmn|bpmn20\.xml)$/i.test(name) ? 'bpmn' : /\.dmn(11\.xml)?$/i.test(name) ? 'dmn' : null;

export class DeploymentService {
  constructor(private readonly deps: { decisions: DecisionService; flows: FlowService }) {}

  async deploy(files: readonly DeploymentFile[], options: DeploymentOptions = {}): Promise<Deployment> {
    if (files.length === 0) throw decisionErrors.deploymentEmpty();
    const by = options.by !== undefined ? { by: options.by } : {};
    const formsOf = (i: number) => (i === 0 && options.forms?.length ? { forms: options.forms } : {});
    const kinds = files.map((f, i) => {
      const kind = f.kind ?? kindOf(f.name);
      if (!kind) throw decisionErrors.deploymentFileKind(i, f.name);
      return kind;
    });
    const dmn = files.filter((_, i) => kinds[i] === 'dmn');
    const bpmn = files.filter((_, i) => kinds[i] === 'bpmn');
    const details: ErrorDetail[] = [];

    // Decisions: each file valid, no decision id in two files of the deployment.
    const inDeployment = new Map<string, string>();
    for (const file of dmn) {
      const problems = await this.deps.decisions.validate(file.content);
      details.push(...problems.map((p) => dmnProblemDetail(p, file.name)));
      const compiled = problems.length ? null : await compileDmn(file.content);
      for (const id of compiled?.ok ? Object.keys(compiled.model.decisions) : []) {
        const other = inDeployment.get(id);
        if (other)
          details.push({
            path: `/files/${file.name}/elements/${id}`,
            message: `${file.name}: the decision "${id}" is also in ${other}.`,
            messageZh: `${file.name}：决策“${id}”也在 ${other} 中。`,
          });
        inDeployment.set(id, file.name);
      }
    }
    // Processes: valid, and a task bound to its deployment's decision finds it here.
    for (const [i, file] of bpmn.entries()) {
      const checked = await this.deps.flows.definitions.validate(file.content, formsOf(i));
      const prefix = (d: ErrorDetail): ErrorDetail => ({
        ...d,
        path: `/files/${file.name}${d.path}`,
        message: `${file.name} ${d.message}`,
        messageZh: `${file.name} ${d.messageZh ?? d.message}`,
      });
      details.push(...checked.problems.map((p) => prefix(problemDetail(p))));
      for (const model of modelsOf(checked))
        for (const call of decisionCalls(model))
          if (call.bindingType === 'deployment' && !inDeployment.has(call.decisionId))
            details.push(
              prefix(
                problemDetail(
                  problem(
                    'DECISION_NOT_IN_DEPLOYMENT',
                    { id: call.elementId, ...(call.elementName ? { name: call.elementName } : {}) },
                    { decisionId: call.decisionId },
                  ),
                ),
              ),
            );
    }
    if (details.length) throw decisionErrors.deploymentInvalid(details);

    const decisions: Deployment['decisions'] = [];
    for (const file of dmn)
      decisions.push({ ...(await this.deps.decisions.deploy(file.content, by)), file: file.name });
    const byId = new Map<string, DecisionSummary>(
      decisions.flatMap((d) => d.decisions.map((s) => [s.decisionId, s])),
    );
    const processes: DeployedProcess[] = [];
    for (const [i, file] of bpmn.entries()) {
      const deployed = await this.deps.flows.deploy(file.content, { ...by, ...formsOf(i) });
      // A file may hold several processes (a collaboration): each is bound.
      for (const p of deployed.deployed) {
        processes.push({
          key: p.key,
          processId: p.processId,
          version: p.version,
          duplicate: p.duplicate,
          ...(p.definitionKey ? { definitionKey: p.definitionKey } : {}),
          ...(p.deploymentKey ? { deploymentKey: p.deploymentKey } : {}),
          file: file.name,
        });
        const model = await this.deps.flows.definitions.model(p.key);
        for (const call of decisionCalls(model)) {
          const decision = byId.get(call.decisionId);
          if (call.bindingType === 'deployment' && decision) await this.deps.decisions.bind(p.key, decision);
        }
      }
    }
    return { decisions, processes };
  }
}

/** The compiled processes of a validated file (one, or several in a collaboration). */
function modelsOf(checked: { model?: ProcessModel }): ProcessModel[] {
  const several = (checked as { models?: ProcessModel[] }).models;
  return several ?? (checked.model ? [checked.model] : []);
}
