// Exclusive gateway: the first outgoing flow whose condition holds (in model order), else the
// default flow; neither → an incident on the gateway, resolved by retrying (e.g. with new
// variables). Converging, it simply passes every token on.
import type { GatewayElement } from '../model.ts';
import { chooseFlows } from './gateways.ts';
import type { Executor } from './types.ts';

export const exclusiveGateway: Executor<GatewayElement> = {
  enter(run, token, element) {
    const flows = chooseFlows(run, token, element, 'first');
    if (flows) run.leave(token, flows);
  },
};
