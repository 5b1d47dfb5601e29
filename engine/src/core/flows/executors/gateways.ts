// Choosing outgoing flows, shared by the exclusive and inclusive gateways: conditions are FEEL
// evaluated once per gateway activation against the token's variables.
import { evaluateConditionExpression as evaluateCondition } from '../feel-scope.ts';
import type { Token } from '../instance.ts';
import type { GatewayElement } from '../model.ts';
import type { Run } from '../run.ts';

/**
 * The flows to take: the first true condition ('first'), or every true condition ('all'); the
 * default flow when none holds. Null when nothing can be taken (an incident was raised).
 */
export function chooseFlows(
  run: Run,
  token: Token,
  gateway: GatewayElement,
  mode: 'first' | 'all',
): string[] | null {
  const outgoing = gateway.outgoing;
  if (outgoing.length === 1 && run.model.flows[outgoing[0]!]!.condition === undefined) return [outgoing[0]!];
  const chosen: string[] = [];
  let context: Record<string, unknown> | null = null;
  for (const flowId of outgoing) {
    if (flowId === gateway.defaultFlow) continue;
    const condition = run.model.flows[flowId]!.condition;
    if (condition === undefined) {
      chosen.push(flowId);
    } else {
      context ??= run.feelContext(token);
      let holds: boolean;
      try {
        holds = evaluateCondition(condition, context);
      } catch (e) {
        run.raiseIncident(
          token,
          'expression-failed',
          `condition of flow ${flowId}: ${(e as Error).message}`,
          'enter',
        );
        return null;
      }
      if (holds) chosen.push(flowId);
    }
    if (chosen.length > 0 && mode === 'first') return chosen;
  }
  if (chosen.length > 0) return chosen;
  if (gateway.defaultFlow) return [gateway.defaultFlow];
  run.raiseIncident(
    token,
    'no-outgoing-flow',
    `no condition of gateway ${gateway.name ?? gateway.id} holds and it has no default flow`,
    'enter',
  );
  return null;
}

/** Joining tokens at a gateway, in one scope, in arrival order. */
export function joiningAt(run: Run, gatewayId: string, scope: string | null): Token[] {
  const out: Token[] = [];
  for (const t of Object.values(run.instance.tokens)) {
    if (t.elementId === gatewayId && t.scope === scope && t.state === 'joining') out.push(t);
  }
  return out.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
}

/** Merges one joining token per arrived flow into `survivor`; the others end here. */
export function mergeTokens(run: Run, survivor: Token, others: Token[]): void {
  for (const t of others) if (t.id !== survivor.id) run.remove(t, 'completed');
  survivor.state = 'waiting';
}
