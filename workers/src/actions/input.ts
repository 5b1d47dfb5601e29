// The input of a platform action. From an automation it is given, already evaluated. From a BPMN
// service task it is the task headers: a value starting with '=' is FEEL over the task's
// variables (with now() and today() at the moment the job was made, by the engine's clock), anything else is a literal text.
//   <zeebe:header key="form" value="shop-order" />
//   <zeebe:header key="lines" value="=for l in lines return {account: l.account, debit: l.amount}" />
import { FeelError } from '#engine/core/feel/feel.ts';
import { clockFunctions, evaluateExpression } from '#engine/core/flows/feel-scope.ts';
import { BpmnError, type ActionContext } from './registry.ts';

export function actionInput(ctx: ActionContext): Record<string, unknown> {
  if (ctx.input) return ctx.input;
  const scope = { ...ctx.variables, ...clockFunctions(actionNow(ctx)) };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(ctx.headers)) {
    try {
      out[key] = value.startsWith('=') ? evaluateExpression(value, scope) : value;
    } catch (e) {
      if (e instanceof FeelError) throw new BpmnError('INPUT_INVALID', `header ${key}: ${e.message}`);
      throw e;
    }
  }
  return out;
}

/** The now() of an action's FEEL: the moment its job stands for (ActionContext.at), else the clock's. */
export function actionNow(ctx: Pick<ActionContext, 'at' | 'clock'>): number {
  return ctx.at ?? ctx.clock.now();
}

/** Who an action acts as (history and audit entries): the automation, or the flow instance. */
export function actingAs(ctx: ActionContext): string {
  return ctx.automation ? `automation:${ctx.automation.id}` : `flow:${ctx.instanceId}`;
}

export function requireText(input: Record<string, unknown>, name: string): string {
  const v = input[name];
  if (typeof v !== 'string' || v === '')
    throw new BpmnError('INPUT_INVALID', `input "${name}" is required (text)`);
  return v;
}

/** An AppError from a service (a business refusal) as a BPMN error the model may catch. */
export function asBpmnError(e: unknown): unknown {
  const err = e as { status?: number; code?: string; message?: string; details?: unknown };
  if (typeof err.status === 'number' && err.status < 500 && err.code)
    return new BpmnError(err.code, err.message ?? err.code, { errorDetails: err.details ?? [] });
  return e;
}
