// Call activities across instances: the caller's `call.started` effect starts the child instance
// (the version its binding names: the latest, the one deployed with the caller, or a version
// tag), `call.cancelled` cancels it, and the child's end reports back to the caller. The child's
// id is made from the caller's id and token, so every delivery is idempotent: a second start finds
// the child there, a second report finds the call already completed.
import type { Effect } from '#engine/core/flows/events.ts';
import { newInstance } from '#engine/core/flows/instance.ts';
import { DuplicateKeyError } from '#engine/ports/document-store.ts';
import type { DefinitionRepository } from './definitions.ts';
import type { EffectInfo, FlowRuntime } from './runtime.ts';

type CallStarted = Extract<Effect, { kind: 'call.started' }>;

/** The version a call binds to, or null when there is none. */
async function boundVersion(
  definitions: DefinitionRepository,
  effect: CallStarted,
  caller: EffectInfo,
): Promise<number | null> {
  const { binding, processId } = effect;
  if (binding.type === 'versionTag') {
    const tagged = (await definitions.versions(processId)).filter((v) => v.versionTag === binding.versionTag);
    return tagged.length ? tagged[tagged.length - 1]!.version : null;
  }
  if (binding.type === 'deployment') {
    const own = await definitions.collection.get(`${caller.processId}@${caller.version}`);
    if (own?.deploymentKey) {
      const same = await definitions.collection.findOne({ processId, deploymentKey: own.deploymentKey });
      if (same) return same.version;
    }
  }
  return (await definitions.latestKey(processId))?.version ?? null;
}

export function attachCalls(runtime: FlowRuntime, definitions: DefinitionRepository): void {
  runtime.handle('call.started', async (effect, info) => {
    if (effect.kind !== 'call.started') return;
    const fail = (message: string) =>
      runtime.apply(info.instanceId, {
        type: 'callFailed',
        tokenId: effect.tokenId,
        childId: effect.childId,
        message,
      });
    const version = await boundVersion(definitions, effect, info);
    if (version === null) {
      const how =
        effect.binding.type === 'versionTag' ? ` with version tag ${effect.binding.versionTag}` : '';
      await fail(`the called process ${effect.processId}${how} is not deployed`);
      return;
    }
    const child = newInstance({
      id: effect.childId,
      processId: effect.processId,
      version,
      now: runtime.clock.now(),
      ...(info.businessKey ? { businessKey: info.businessKey } : {}),
      ...(info.startedBy ? { startedBy: info.startedBy } : {}),
      parent: {
        instanceId: info.instanceId,
        tokenId: effect.tokenId,
        rootInstanceId: info.rootInstanceId ?? info.instanceId,
      },
    });
    try {
      await runtime.create(child, { type: 'start', variables: effect.variables });
    } catch (e) {
      if (e instanceof DuplicateKeyError) return; // started by an earlier delivery
      if ((e as { code?: string }).code === 'FLOW_NO_NONE_START_EVENT') {
        await fail(`the called process ${effect.processId} has no none start event`);
        return;
      }
      throw e;
    }
  });

  runtime.handle('call.cancelled', async (effect) => {
    if (effect.kind !== 'call.cancelled') return;
    const child = await runtime.instances.get(effect.childId);
    if (!child || child.status !== 'active') return;
    try {
      await runtime.apply(effect.childId, { type: 'cancel', reason: 'the calling activity was terminated' });
    } catch (e) {
      // Ended meanwhile: nothing left to cancel.
      if ((e as { code?: string }).code !== 'FLOW_INSTANCE_NOT_ACTIVE') throw e;
    }
  });

  // A called instance that completed hands its variables to its caller.
  runtime.on('instance.ended', async (effect, info) => {
    if (effect.kind !== 'instance.ended' || !info.parent || effect.status !== 'completed') return;
    const child = await runtime.instances.get(info.instanceId);
    if (!child) return;
    await runtime.apply(info.parent.instanceId, {
      type: 'callCompleted',
      tokenId: info.parent.tokenId,
      childId: info.instanceId,
      variables: child.variables,
    });
  });
}
