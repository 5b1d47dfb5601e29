// The graph once every element is known: sequence flows linked (and checked: both ends exist, one
// scope, conditions only where a gateway reads them), each scope's start event, incoming and
// outgoing flows and reachability, gateways' default flows and conditions, boundary attachments.
import { isActivity, isBoundaryType, type ElementModel, type FlowModel } from '../model.ts';
import type { Compilation, Node } from './context.ts';
import { withNameZh } from '../names/localized-name.ts';
import { signalSubscriptionName } from '../signals.ts';

export function linkFlows(cx: Compilation): void {
  for (const { node, parent } of cx.rawFlows) {
    const id = String(node.id);
    const source = (node.sourceRef as Node | undefined)?.id;
    const target = (node.targetRef as Node | undefined)?.id;
    const missing =
      !source || !cx.seenIds.has(source) ? 'source' : !target || !cx.seenIds.has(target) ? 'target' : null;
    if (missing) {
      cx.report('FLOW_ENDPOINT_MISSING', node, { end: missing, endZh: missing === 'source' ? '源' : '目标' });
      continue;
    }
    if (!cx.elements[source!] || !cx.elements[target!]) {
      // One end was rejected (and reported); keep the other end connected so that it is not
      // reported again as "no incoming/outgoing flow".
      cx.flows[id] = { id, source: source!, target: target! };
      cx.elements[source!]?.outgoing.push(id);
      cx.elements[target!]?.incoming.push(id);
      continue;
    }
    const src = cx.elements[source!]!;
    const tgt = cx.elements[target!]!;
    if (src.parent !== parent || tgt.parent !== parent) {
      cx.report('FLOW_CROSSES_SCOPE', node);
      continue;
    }
    const flow: FlowModel = {
      id,
      ...(node.name ? { name: String(node.name) } : {}),
      ...withNameZh(node),
      source: source!,
      target: target!,
    };
    const condition = (node.conditionExpression as Node | undefined)?.body;
    if (typeof condition === 'string' && condition.trim()) {
      flow.condition = condition.trim();
      if (src.type === 'exclusiveGateway' || src.type === 'inclusiveGateway')
        cx.checkFeel(node, flow.condition, 'the condition', 'always');
      else cx.report(src.type === 'parallelGateway' ? 'PARALLEL_CONDITION' : 'CONDITION_NOT_ALLOWED', node);
    }
    cx.flows[id] = flow;
    src.outgoing.push(id);
    tgt.incoming.push(id);
  }
}

/** The scope's none start event (message start events are found by their message). */
export function startEventOf(cx: Compilation, scope: string | null): string | undefined {
  return Object.values(cx.elements).find((e) => e.parent === scope && e.type === 'startEvent' && !e.message)
    ?.id;
}

/** Message name (a signal's subscription name) → start event id, at process level. */
export function messageStartsOf(cx: Compilation): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const e of Object.values(cx.elements)) {
    if (e.type !== 'startEvent' || !e.message || e.parent !== null) continue;
    const name = e.message.signal ? signalSubscriptionName(e.message.name) : e.message.name;
    if (out[name]) cx.report('MESSAGE_START_DUPLICATE', { id: e.id, name: e.name }, { name: e.message.name });
    else out[name] = e.id;
  }
  return Object.keys(out).length ? out : undefined;
}

type BoundaryElement = Extract<
  ElementModel,
  { type: 'timerBoundaryEvent' | 'errorBoundaryEvent' | 'messageBoundaryEvent' }
>;
const isBoundary = (e: ElementModel): e is BoundaryElement => isBoundaryType(e.type);

export function checkScopes(cx: Compilation): void {
  const scopes: Array<string | null> = [
    null,
    ...Object.values(cx.elements).flatMap((e) => (e.type === 'subProcess' ? [e.id] : [])),
  ];
  for (const scope of scopes) {
    const members = Object.values(cx.elements).filter((e) => e.parent === scope);
    const allStarts = members.filter((e) => e.type === 'startEvent');
    const starts = allStarts.filter((e) => e.type === 'startEvent' && !e.message);
    const messageStarts = allStarts.length - starts.length;
    if (starts.length > 1 || (starts.length === 0 && messageStarts === 0)) {
      cx.report('START_EVENT_COUNT', scope ? { id: scope, name: cx.names.get(scope) } : null, {
        scope: scope ? 'sub-process' : 'process',
        scopeZh: scope ? '子流程' : '流程',
        count: starts.length,
      });
    }
    if (scope) {
      const sub = cx.elements[scope];
      if (sub?.type === 'subProcess' && starts[0]) sub.startEvent = starts[0].id;
    }
    for (const e of members) checkConnections(cx, e);
    if (allStarts.length && !cx.rejectedIn.has(scope)) checkReachable(cx, allStarts, members);
  }
}

/** Each element has the flows its kind needs (and none it must not have). */
function checkConnections(cx: Compilation, e: ElementModel): void {
  const at = { id: e.id, name: e.name };
  if (e.type === 'startEvent') {
    if (e.incoming.length > 0) cx.report('START_EVENT_HAS_INCOMING', at);
    if (e.outgoing.length === 0) cx.report('NO_OUTGOING', at);
  } else if (
    e.type === 'endEvent' ||
    e.type === 'terminateEndEvent' ||
    e.type === 'errorEndEvent' ||
    (e.type === 'serviceTask' && e.throwEvent === 'end')
  ) {
    if (e.outgoing.length > 0) cx.report('END_EVENT_HAS_OUTGOING', at);
    if (e.incoming.length === 0) cx.report('NO_INCOMING', at);
  } else if (isBoundary(e)) {
    if (e.incoming.length > 0) cx.report('BOUNDARY_HAS_INCOMING', at);
    if (e.outgoing.length === 0) cx.report('NO_OUTGOING', at);
  } else {
    if (e.incoming.length === 0) cx.report('NO_INCOMING', at);
    if (e.outgoing.length === 0) cx.report('NO_OUTGOING', at);
  }
}

/** Reachability from the scope's start events (boundary events through their activity). */
function checkReachable(cx: Compilation, starts: ElementModel[], members: ElementModel[]): void {
  const seen = new Set<string>(starts.map((s) => s.id));
  const queue = starts.map((s) => s.id);
  while (queue.length) {
    const id = queue.pop()!;
    const el = cx.elements[id]!;
    const next = [
      ...el.outgoing.map((f) => cx.flows[f]!.target),
      ...members.flatMap((b) => (isBoundary(b) && b.attachedTo === id ? [b.id] : [])),
    ];
    for (const n of next) {
      if (!seen.has(n) && cx.elements[n]) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  for (const e of members) {
    // Elements without incoming flows were reported as such already.
    if (!seen.has(e.id) && e.incoming.length > 0) cx.report('UNREACHABLE', { id: e.id, name: e.name });
  }
}

export function checkGateways(cx: Compilation): void {
  for (const [gatewayId, defaultFlow] of cx.defaults) {
    const g = cx.elements[gatewayId];
    if (
      !g ||
      (g.type !== 'exclusiveGateway' && g.type !== 'inclusiveGateway' && g.type !== 'parallelGateway')
    )
      continue;
    const at = { id: g.id, name: g.name };
    if (g.type === 'parallelGateway') {
      cx.report('DEFAULT_FLOW_NOT_ALLOWED', at);
      continue;
    }
    if (!g.outgoing.includes(defaultFlow) || cx.flows[defaultFlow]?.condition !== undefined)
      cx.report('DEFAULT_FLOW_INVALID', at);
    else g.defaultFlow = defaultFlow;
  }
  for (const g of Object.values(cx.elements)) {
    if (g.type !== 'exclusiveGateway' && g.type !== 'inclusiveGateway') continue;
    if (g.outgoing.length < 2) continue;
    for (const f of g.outgoing) {
      const flow = cx.flows[f]!;
      if (flow.condition === undefined && f !== g.defaultFlow)
        cx.report('CONDITION_MISSING', { id: g.id, name: g.name }, { flow: flow.name ?? flow.id });
    }
  }
}

export function checkBoundaries(cx: Compilation): void {
  for (const b of Object.values(cx.elements)) {
    if (!isBoundary(b)) continue;
    const host = cx.elements[b.attachedTo];
    const at = { id: b.id, name: b.name };
    if (!host || !isActivity(host.type) || host.parent !== b.parent) {
      cx.report('BOUNDARY_NOT_ATTACHED', at);
      continue;
    }
    if (b.type === 'errorBoundaryEvent' && host.type !== 'serviceTask' && host.type !== 'subProcess')
      cx.report('ERROR_BOUNDARY_TARGET', at);
    (host.boundaries ??= []).push(b.id);
  }
}

/** An event-based gateway leads only to message and timer catch events (each with one way in). */
export function checkEventGateways(cx: Compilation): void {
  for (const g of Object.values(cx.elements)) {
    if (g.type !== 'eventBasedGateway') continue;
    for (const f of g.outgoing) {
      const target = cx.elements[cx.flows[f]?.target ?? ''];
      if (!target) continue;
      if (
        (target.type !== 'messageCatchEvent' && target.type !== 'timerCatchEvent') ||
        target.incoming.length !== 1
      )
        cx.report('EVENT_GATEWAY_TARGET', { id: g.id, name: g.name }, { target: target.id });
    }
    if (g.outgoing.length < 2) cx.report('EVENT_GATEWAY_TARGET', { id: g.id, name: g.name }, { target: '—' });
  }
}
