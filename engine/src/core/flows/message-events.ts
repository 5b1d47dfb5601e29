// Message subscriptions within a step: opening one for a token (a catch event or receive task, or
// an activity's message boundary events), dropping a token's subscriptions, and correlating a
// published message — the catch event or receive task completes with the message's variables, an
// interrupting boundary event replaces its activity, a non-interrupting one runs beside it (and
// stays open for the next message), as Camunda 8 does. Name and correlation key are evaluated
// when the subscription opens and never re-read. A signal subscribes under its signal name
// (signals.ts) and a broadcast correlates every subscription it finds, not the oldest one.
import { isExpression } from '../feel/feel.ts';
import type { Variables } from './events.ts';
import type { Subscription, Token } from './instance.ts';
import type { ElementModel, MessageSpec } from './model.ts';
import type { Run } from './run.ts';
import { triggerEventGateway } from './executors/event-based-gateway.ts';
import { signalSubscriptionName } from './signals.ts';

/** How many correlated message ids an instance remembers (a message correlates once per instance). */
const REMEMBERED = 100;

function text(run: Run, value: string, token: Token, what: string): string {
  const v = isExpression(value) ? run.evaluate(value, token) : value;
  if (v === null || v === undefined || (typeof v !== 'string' && typeof v !== 'number'))
    throw new Error(`the ${what} ${value} gave ${JSON.stringify(v)}, not text or a number`);
  return String(v);
}

/** Opens a subscription owned by `token`; false (and an incident on the token) when it cannot. */
export function openSubscription(run: Run, token: Token, elementId: string, spec: MessageSpec): boolean {
  let name: string;
  let correlationKey: string;
  try {
    name = text(run, spec.name, token, spec.signal ? 'signal name' : 'message name');
    if (spec.signal) name = signalSubscriptionName(name);
    correlationKey = spec.correlationKey ? text(run, spec.correlationKey, token, 'correlation key') : '';
  } catch (e) {
    run.raiseIncident(token, 'expression-failed', `message ${elementId}: ${(e as Error).message}`, 'enter');
    return false;
  }
  const sub: Subscription = { id: `ms${run.nextSeq()}`, elementId, tokenId: token.id, name, correlationKey };
  (run.instance.subscriptions ??= {})[sub.id] = sub;
  run.emit({ kind: 'message.subscribed', name, correlationKey, elementId });
  return true;
}

/** The subscriptions of an activity's message boundary events; false (and an incident) when one fails. */
export function openBoundarySubscriptions(run: Run, token: Token, el: ElementModel): boolean {
  for (const id of el.boundaries ?? []) {
    const b = run.element(id);
    if (b.type === 'messageBoundaryEvent' && !openSubscription(run, token, b.id, b.message)) return false;
  }
  return true;
}

export function dropSubscriptionsOf(run: Run, tokenId: string): void {
  const subs = run.instance.subscriptions;
  if (!subs) return;
  for (const sub of Object.values(subs)) if (sub.tokenId === tokenId) delete subs[sub.id];
}

interface Correlated {
  name: string;
  correlationKey: string;
  messageId: string;
  variables?: Variables;
}

/**
 * Correlates a message to the oldest open subscription with its name and key — or, for a
 * broadcast (a signal), to every subscription with them open now. Returns false when none
 * matches or the message was correlated to this instance before.
 */
export function correlateMessage(run: Run, message: Correlated & { broadcast?: boolean }): boolean {
  const inst = run.instance;
  if (inst.correlatedMessages?.includes(message.messageId)) return false;
  const open = Object.values(inst.subscriptions ?? {})
    .filter((s) => s.name === message.name && s.correlationKey === message.correlationKey)
    .sort((a, b) => Number(a.id.slice(2)) - Number(b.id.slice(2)));
  // A broadcast reaches the subscriptions open before it, each once (an earlier one's trigger may
  // end the token holding a later one, whose subscription is then gone).
  const targets = (message.broadcast ? open : open.slice(0, 1)).map((s) => s.id);
  let correlated = false;
  for (const id of targets) {
    const sub = inst.subscriptions?.[id];
    if (sub && trigger(run, sub, message)) correlated = true;
  }
  if (correlated)
    inst.correlatedMessages = [...(inst.correlatedMessages ?? []), message.messageId].slice(-REMEMBERED);
  return correlated;
}

function trigger(run: Run, sub: Subscription, message: Correlated): boolean {
  const inst = run.instance;
  const owner = inst.tokens[sub.tokenId];
  if (!owner) return false;
  run.record('note', {
    action: 'message-correlated',
    elementId: sub.elementId,
    tokenId: owner.id,
    data: { name: message.name, correlationKey: message.correlationKey, messageId: message.messageId },
  });
  const variables =
    message.variables && Object.keys(message.variables).length ? message.variables : undefined;
  const el = run.element(sub.elementId);
  if (run.element(owner.elementId).type === 'eventBasedGateway') {
    triggerEventGateway(run, owner, sub.elementId, variables);
    return true;
  }
  if (el.type !== 'messageBoundaryEvent') {
    delete inst.subscriptions![sub.id];
    run.complete(owner, variables ? { variables } : {});
    return true;
  }
  if (el.interrupting) {
    const scope = owner.scope;
    run.terminate(owner);
    run.spawn(el.id, scope, variables ? { payload: variables } : {});
    return true;
  }
  run.spawn(el.id, owner.scope, variables ? { payload: variables } : {});
  return true;
}
