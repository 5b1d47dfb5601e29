// Parallel gateway: forks into every outgoing flow; with several incoming flows it first waits
// until a token has arrived on each of them (per scope), then continues as one token.
import type { Token } from '../instance.ts';
import type { GatewayElement } from '../model.ts';
import { joiningAt, mergeTokens } from './gateways.ts';
import type { Executor } from './types.ts';

export const parallelGateway: Executor<GatewayElement> = {
  enter(run, token, element) {
    if (element.incoming.length <= 1) {
      run.leave(token, element.outgoing);
      return;
    }
    token.state = 'joining';
    const waiting = joiningAt(run, element.id, token.scope);
    const picked: Token[] = [];
    for (const flowId of element.incoming) {
      const arrived = waiting.find((t) => t.via === flowId);
      if (!arrived) return;
      picked.push(arrived);
    }
    const survivor = picked[0]!;
    mergeTokens(run, survivor, picked);
    run.leave(survivor, element.outgoing);
  },
};
