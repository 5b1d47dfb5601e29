// Runs a deployed model to its end the way its users would, with nothing faked: the services of
// a real platform (either run mode), a test worker that activates and completes its jobs through
// the job service, completes its user tasks, publishes the messages (broadcasts the signals) its
// instances wait for and moves the platform's clock to its timers — and reports the path taken and the variables left.
/* eslint-disable @typescript-eslint/no-explicit-any -- instance documents are read freely */
import type { Variables } from '#engine/core/flows/events.ts';
import { signalNameOf } from '#engine/core/flows/signals.ts';
import type { ManualClock } from '#engine/ports/clock.ts';
import type { Services } from '#engine/services/services.ts';

/** What the worker answers per job type (default: complete with no variables). */
export type JobScript = Variables | { error: string; variables?: Variables };

export interface RunScript {
  /** Start variables. */
  variables?: Variables;
  /** Start by publishing this message (a process with message start events only). */
  startMessage?: string;
  /** Start by broadcasting this signal (a process with a signal start event). */
  startSignal?: string;
  jobs?: Record<string, JobScript>;
  /** Variables completing every user task (per element id, or '*'). */
  tasks?: Record<string, Variables>;
  /** Variables of the messages published for open subscriptions (per message name, or '*'). */
  messages?: Record<string, Variables>;
  /** Publish no messages (let timers decide, e.g. an event-based gateway's time-out). */
  noMessages?: boolean;
  /** Stop after this many rounds (a model that loops by design). */
  maxSteps?: number;
}

export interface RunResult {
  instanceId: string;
  status: string;
  /** Elements completed, in order. */
  path: string[];
  ends: string[];
  variables: Variables;
  incidents: string[];
  steps: number;
}

export async function runToEnd(
  services: Services,
  clock: ManualClock,
  processId: string,
  script: RunScript = {},
): Promise<RunResult> {
  const { flows, jobs } = services;
  let instanceId: string;
  if (script.startMessage) {
    const published = await flows.messages.publish({
      name: script.startMessage,
      variables: script.variables ?? {},
    });
    const started = published.started.find((s) => s.processId === processId);
    if (!started) throw new Error(`message ${script.startMessage} started no ${processId}`);
    instanceId = started.instanceId;
  } else if (script.startSignal) {
    const broadcast = await flows.messages.broadcastSignal({
      name: script.startSignal,
      variables: script.variables ?? {},
    });
    const started = broadcast.started.find((s) => s.processId === processId);
    if (!started) throw new Error(`signal ${script.startSignal} started no ${processId}`);
    instanceId = started.instanceId;
  } else instanceId = (await flows.start(processId, { variables: script.variables ?? {} })).id;
  const instances = flows.runtime.instances;
  let steps = 0;
  for (; steps < (script.maxSteps ?? 60); steps++) {
    const doc: any = await instances.get(instanceId);
    if (!doc || doc.status !== 'active' || doc.incidentCount > 0) break;
    let acted = false;
    // Jobs of this instance (and of the instances it called).
    const tokens = await liveTokens(services, instanceId);
    for (const { token } of tokens.filter((x) => x.token.job?.external)) {
      const type = token.job.type;
      const [job] = await jobs.activate({ type, maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1 });
      if (!job) continue;
      const answer = script.jobs?.[type] ?? script.jobs?.['*'] ?? {};
      if ('error' in answer && typeof answer.error === 'string')
        await jobs.throwError(job.jobKey, {
          errorCode: answer.error,
          ...(answer.variables ? { variables: answer.variables as Variables } : {}),
        });
      else await jobs.complete(job.jobKey, { variables: answer as Variables });
      acted = true;
    }
    for (const { id, token } of tokens.filter((x) => x.token.task && x.token.state === 'waiting')) {
      const vars = script.tasks?.[token.elementId] ?? script.tasks?.['*'] ?? {};
      await flows.completeTask(`${id}-${token.id}`, { variables: vars, by: 'corpus-worker' });
      acted = true;
    }
    if (acted) continue;
    for (const { doc: owner } of script.noMessages ? [] : await liveDocs(services, instanceId)) {
      for (const sub of Object.values((owner.subscriptions ?? {}) as Record<string, any>)) {
        const signal = signalNameOf(sub.name);
        const vars = script.messages?.[signal ?? sub.name] ?? script.messages?.['*'] ?? {};
        if (signal !== null) await flows.messages.broadcastSignal({ name: signal, variables: vars });
        else
          await flows.messages.publish({
            name: sub.name,
            correlationKey: sub.correlationKey,
            variables: vars,
          });
        acted = true;
        break;
      }
      if (acted) break;
    }
    if (acted) continue;
    const due = (await liveDocs(services, instanceId))
      .map((d) => d.doc.nextDueAt)
      .filter((n): n is number => typeof n === 'number');
    if (due.length) {
      const next = Math.min(...due);
      if (next > clock.now()) clock.set(next);
      await flows.sweep({ outboxAgeMs: 60_000 });
      continue;
    }
    break;
  }
  const doc: any = await instances.get(instanceId);
  const path = doc.history.filter((h: any) => h.type === 'element.completed').map((h: any) => h.elementId);
  const model = await flows.definitions.model(doc.definitionKey);
  return {
    instanceId,
    status: doc.status,
    path,
    ends: path.filter((id: string) => {
      const type = model.elements[id]?.type;
      return (
        type === 'endEvent' ||
        type === 'terminateEndEvent' ||
        (type === 'serviceTask' && (model.elements[id] as any).throwEvent === 'end')
      );
    }),
    variables: doc.variables,
    incidents: Object.values(doc.incidents ?? {}).map(
      (i: any) => `${i.kind} at ${i.elementId}: ${i.message}`,
    ),
    steps,
  };
}

/** The instance and the instances it called (still running). */
async function liveDocs(services: Services, rootId: string): Promise<Array<{ id: string; doc: any }>> {
  const instances = services.flows.runtime.instances;
  const root = await instances.get(rootId);
  const { items } = await instances.find({ rootInstanceId: rootId, status: 'active' }, { limit: 100 });
  return [...(root ? [root] : []), ...items].map((doc) => ({ id: doc.id, doc }));
}

async function liveTokens(services: Services, rootId: string): Promise<Array<{ id: string; token: any }>> {
  return (await liveDocs(services, rootId)).flatMap(({ id, doc }) =>
    Object.values(doc.tokens as Record<string, any>).map((token) => ({ id, token })),
  );
}
