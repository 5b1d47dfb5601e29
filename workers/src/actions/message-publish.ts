// `message.publish`: publishes a message to flows — e.g. an automation on "payment recorded"
// continues the order's flow waiting at its "payment received" catch event. Input: `name`,
// `correlationKey` (text or a number), `variables` (an object), `timeToLive` (ms, default 1 hour
// so that a payment booked a moment before the order reaches its catch event still counts) and
// `messageId` (idempotent publication; default the action's idempotency key, so a retried job
// publishes once). Returns `{ messageKey, correlated, started }` (instance ids).
//   <zeebe:taskDefinition type="message.publish" />
//   <zeebe:header key="name" value="payment-received" />
//   <zeebe:header key="correlationKey" value="=orderNumber" />
import { actionInput, asBpmnError, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

const HOUR = 3_600_000;

export function messagePublishAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'message.publish',
    description: {
      en: 'Publishes a message that continues (or starts) the flows waiting for it.',
      zh: '发布消息，使等待该消息的流程继续（或启动）。',
    },
    async run(ctx) {
      const platform = servicesOf(services);
      const input = actionInput(ctx);
      const name = requireText(input, 'name');
      const key = input.correlationKey;
      if (key !== undefined && typeof key !== 'string' && typeof key !== 'number')
        throw new BpmnError('INPUT_INVALID', 'input "correlationKey" must be text or a number');
      const variables = input.variables ?? {};
      if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
        throw new BpmnError('INPUT_INVALID', 'input "variables" must be an object');
      const ttl = input.timeToLive === undefined ? HOUR : Number(input.timeToLive);
      if (!Number.isInteger(ttl) || ttl < 0)
        throw new BpmnError('INPUT_INVALID', 'input "timeToLive" must be a whole number of milliseconds');
      const messageId =
        typeof input.messageId === 'string' && input.messageId ? input.messageId : ctx.idempotencyKey;
      try {
        const result = await platform.flows.messages.publish({
          name,
          correlationKey: key === undefined ? '' : String(key),
          variables: variables as Record<string, unknown>,
          timeToLive: ttl,
          messageId,
        });
        return {
          messageKey: result.messageKey,
          correlated: result.correlated.map((c) => c.instanceId),
          started: result.started.map((c) => c.instanceId),
        };
      } catch (e) {
        // The same message published before (a re-run): done already.
        if ((e as { code?: string }).code === 'MESSAGE_ALREADY_PUBLISHED')
          return { messageKey: '', correlated: [], started: [] };
        throw asBpmnError(e);
      }
    },
  };
}
