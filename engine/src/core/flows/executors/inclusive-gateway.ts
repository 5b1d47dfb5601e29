// Inclusive gateway. Forking: every outgoing flow whose condition holds (the default flow when
// none does; an incident when there is no default). Joining: tokens wait until no other token of
// the scope can still arrive on one of the incoming flows that has no token yet — decided when
// the step has nothing else to run (`settle`), using the reachability sets compiled per model.
import type { Token } from '../instance.ts';
import type { GatewayElement } from '../model.ts';
import type { Run } from '../run.ts';
import { chooseFlows, joiningAt, mergeTokens } from './gateways.ts';
import type { Executor } from './types.ts';

function fork(run: Run, token: Token, element: GatewayElement): void {
  const flows = chooseFlows(run, token, element, 'all');
  if (flows) run.leave(token, flows);
}

/** The element of the token's ancestor that lives in `scope` (null when it is not in that scope). */
function positionIn(run: Run, token: Token, scope: string | null): string | null {
  let t: Token | undefined = token;
  while (t && t.scope !== scope) t = t.scope === null ? undefined : run.instance.tokens[t.scope];
  return t ? t.elementId : null;
}

function canFire(run: Run, join: GatewayElement, scope: string | null, arrived: Set<string>): boolean {
  const upstream = run.model.inclusiveUpstream[join.id] ?? {};
  const pending = join.incoming.filter((f) => !arrived.has(f));
  if (pending.length === 0) return true;
  const blocking = new Set(pending.flatMap((f) => upstream[f] ?? []));
  for (const t of Object.values(run.instance.tokens)) {
    if (t.elementId === join.id && t.scope === scope) continue;
    const at = positionIn(run, t, scope);
    if (at !== null && blocking.has(at)) return false;
  }
  return true;
}

export const inclusiveGateway: Executor<GatewayElement> = {
  enter(run, token, element) {
    if (element.incoming.length <= 1) fork(run, token, element);
    else token.state = 'joining';
  },

  settle(run) {
    let moved = false;
    const seen = new Set<string>();
    for (const t of Object.values(run.instance.tokens)) {
      if (t.state !== 'joining') continue;
      const el = run.model.elements[t.elementId];
      if (el?.type !== 'inclusiveGateway') continue;
      const key = `${el.id}\u0000${t.scope}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const waiting = joiningAt(run, el.id, t.scope);
      const picked = new Map<string, Token>();
      for (const w of waiting) if (w.via && !picked.has(w.via)) picked.set(w.via, w);
      if (!canFire(run, el, t.scope, new Set(picked.keys()))) continue;
      const tokens = [...picked.values()];
      const survivor = tokens[0]!;
      mergeTokens(run, survivor, tokens);
      fork(run, survivor, el);
      moved = true;
    }
    return moved;
  },
};
