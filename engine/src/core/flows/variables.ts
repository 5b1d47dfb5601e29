// Reading an instance's variables from outside a step (workers building a job's input).
import type { InstanceState, Token } from './instance.ts';

/** The variables visible from a token: the root, overridden by each enclosing scope's locals. */
export function visibleVariables(instance: InstanceState, tokenId: string | null): Record<string, unknown> {
  const chain: Array<Record<string, unknown>> = [];
  let t: Token | undefined = tokenId ? instance.tokens[tokenId] : undefined;
  while (t) {
    if (t.vars) chain.push(t.vars);
    t = t.scope ? instance.tokens[t.scope] : undefined;
  }
  const out: Record<string, unknown> = { ...instance.variables };
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i]);
  return out;
}
