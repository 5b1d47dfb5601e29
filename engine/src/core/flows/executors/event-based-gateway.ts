// Event-based gateway: the token waits for whichever of the catch events after it happens first —
// a message (its subscription opened here) or a timer (scheduled here). The first one completes
// the gateway, and the caught event runs at once with the message's variables; the others are
// dropped with the gateway's token (triggerEventGateway).
import { openSubscription } from '../message-events.ts';
import type { EventBasedGatewayElement } from '../model.ts';
import type { Token } from '../instance.ts';
import type { Run } from '../run.ts';
import { scheduleTimer } from '../timer-events.ts';
import type { Executor } from './types.ts';
import type { Variables } from '../events.ts';

export const eventBasedGateway: Executor<EventBasedGatewayElement> = {
  enter(run, token, element) {
    for (const flowId of element.outgoing) {
      const target = run.element(run.model.flows[flowId]!.target);
      if (target.type === 'messageCatchEvent') {
        if (!openSubscription(run, token, target.id, target.message)) return;
      } else if (target.type === 'timerCatchEvent') {
        if (!scheduleTimer(run, token, target.id, target.timer)) return;
      }
    }
  },
};

/** One of the gateway's events happened: the gateway leaves towards it, which completes at once. */
export function triggerEventGateway(
  run: Run,
  gateway: Token,
  catchElementId: string,
  variables?: Variables,
): void {
  const el = run.element(gateway.elementId);
  const flow = el.outgoing.find((f) => run.model.flows[f]!.target === catchElementId);
  if (!flow) return;
  run.leave(gateway, [flow]);
  const caught = Object.values(run.instance.tokens).find(
    (t) => t.elementId === catchElementId && t.state === 'ready' && t.via === flow,
  );
  if (caught) caught.payload = { ...variables };
}
