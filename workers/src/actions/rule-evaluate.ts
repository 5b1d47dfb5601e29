// `rule.evaluate`: evaluates a module's named rule (rules/<name>.json) and returns its values.
// From BPMN: the header `rule` names it and every other header is an input (FEEL with '=');
// the values become process variables. From an automation: `input.rule` and the inputs, the
// values under the step's resultVariable.
//   <zeebe:taskDefinition type="rule.evaluate" />
//   <zeebe:header key="rule" value="shop-discount" />
//   <zeebe:header key="order" value="=order" />
import { runRule } from '#engine/services/modules/run-rule.ts';
import { actionInput, actionNow, asBpmnError } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

export function ruleEvaluateAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'rule.evaluate',
    description: {
      en: "Evaluates a module's named rule and returns its values.",
      zh: '计算模块中的命名规则并返回其各项结果。',
    },
    async run(ctx) {
      const platform = servicesOf(services);
      const { rule, ...inputs } = actionInput(ctx);
      if (typeof rule !== 'string' || rule === '')
        throw new BpmnError('INPUT_INVALID', 'input "rule" is required (a rule id)');
      try {
        // In a flow the rule decides for the requester; in an automation, the company's calendar.
        const requester = ctx.variables.requester as { id?: unknown } | undefined;
        const user = typeof requester?.id === 'string' ? requester.id : null;
        return await runRule(platform, rule, inputs, actionNow(ctx), { user });
      } catch (e) {
        throw asBpmnError(e);
      }
    },
  };
}
