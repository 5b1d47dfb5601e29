// Signals (Camunda 8's broadcast events) ride on the message subscriptions: a signal catch event,
// boundary event or start event subscribes under the signal's name in a namespace no published
// message can reach (a prefix with a control character), with no correlation key; broadcasting
// a signal correlates every open subscription of every instance and starts every process whose
// latest version has a signal start event for it. Nothing is buffered: a signal reaches the
// subscriptions open when it is broadcast, as in Camunda.

const PREFIX = '\u001esignal:';

/** The subscription name of a signal. */
export const signalSubscriptionName = (signalName: string): string => `${PREFIX}${signalName}`;

/** The signal name of a subscription name, or null for a message's. */
export const signalNameOf = (subscriptionName: string): string | null =>
  subscriptionName.startsWith(PREFIX) ? subscriptionName.slice(PREFIX.length) : null;
