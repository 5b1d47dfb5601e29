// `compute`: evaluates FEEL expressions from the task headers with the task's variables; each
// header `name = expression` becomes the result variable `name`. Pure (its time is the engine's
// clock), hence idempotent.
//   <zeebe:header key="total" value="=sum(lines.amount)" />
import { clockFunctions, evaluateExpression } from '#engine/core/flows/feel-scope.ts';
import { actionNow } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';

export const computeAction: ActionDefinition = {
  name: 'compute',
  description: {
    en: 'Computes variables with FEEL: every task header "name = expression" sets the variable name.',
    zh: '用 FEEL 计算变量：每个任务头“名称 = 表达式”设置同名变量。',
  },
  async run(ctx) {
    const { headers, variables } = ctx;
    // now() and today() as in every other action's headers (input.ts): when the job was made.
    const time = clockFunctions(actionNow(ctx));
    const out: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(headers)) {
      try {
        out[name] = evaluateExpression(expression, { ...variables, ...time, ...out });
      } catch (e) {
        throw new BpmnError('COMPUTE_FAILED', `${name}: ${(e as Error).message}`);
      }
    }
    return out;
  },
};
