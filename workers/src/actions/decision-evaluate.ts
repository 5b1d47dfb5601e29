// `decision.evaluate`: evaluates a deployed DMN decision. What a business rule task with
// `zeebe:calledDecision` compiles to (engine/src/core/flows/compile/business-rule-task.ts): the
// headers are the call — decisionId (FEEL with '='), resultVariable, bindingType (latest,
// deployment, versionTag) and versionTag — the task's variables are the decision's context, and
// the result lands in the result variable. From an automation: `input.decisionId`, the decision's
// context in `input.variables` (else the other inputs), optionally `version` or `versionTag`; the
// step's result is `{ result, decisionId, version }`.
//
// A decision that is not deployed, or whose evaluation fails (a UNIQUE table with two matching
// rules …), is an incident at once — retrying cannot help until someone deploys or fixes the
// table; then retrying the incident evaluates again. The message names the decision and the rules.
import { DecisionEvaluationError } from '#engine/core/dmn/errors.ts';
import type { DecisionBinding } from '#engine/services/decisions/decision-service.ts';
import { UnrecoverableJobError } from '#engine/ports/job-queue.ts';
import { actionInput } from './input.ts';
import { BpmnError, type ActionContext, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bindingOf(ctx: ActionContext, input: Record<string, unknown>): DecisionBinding {
  const type = typeof input.bindingType === 'string' ? input.bindingType : 'latest';
  if (typeof input.version === 'number') return { type: 'version', version: input.version };
  if (type === 'versionTag' || (ctx.input && typeof input.versionTag === 'string'))
    return { type: 'versionTag', versionTag: String(input.versionTag ?? '') };
  if (type === 'deployment')
    return { type: 'deployment', processKey: `${ctx.processId}@${ctx.processVersion}` };
  return { type: 'latest' };
}

export function decisionEvaluateAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'decision.evaluate',
    description: {
      en: 'Evaluates a deployed DMN decision (a business rule task) and returns its result.',
      zh: '计算已部署的 DMN 决策（业务规则任务）并返回其结果。',
    },
    async run(ctx) {
      const { decisions } = servicesOf(services);
      const input = actionInput(ctx);
      const decisionId = input.decisionId;
      if (typeof decisionId !== 'string' || decisionId === '')
        throw new BpmnError(
          'INPUT_INVALID',
          `input "decisionId" is required (a decision id), got ${JSON.stringify(decisionId)}`,
        );
      const {
        decisionId: _d,
        variables: given,
        resultVariable: _r,
        bindingType: _b,
        versionTag: _v,
        version: _n,
        ...rest
      } = input;
      const variables = ctx.input ? (isPlain(given) ? given : rest) : { ...ctx.variables };
      let evaluation;
      try {
        evaluation = await decisions.evaluate(decisionId, variables, bindingOf(ctx, input));
      } catch (e) {
        if (e instanceof DecisionEvaluationError) throw new UnrecoverableJobError(e.message);
        const status = (e as { status?: number }).status;
        if (typeof status === 'number' && status < 500) throw new UnrecoverableJobError((e as Error).message);
        throw e;
      }
      if (ctx.input) return { result: evaluation.result, decisionId, version: evaluation.version };
      const resultVariable =
        typeof ctx.headers.resultVariable === 'string' ? ctx.headers.resultVariable : 'result';
      return { [resultVariable]: evaluation.result };
    },
  };
}
