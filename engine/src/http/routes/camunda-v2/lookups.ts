// Finding what a /v2 key names: an instance by its numeric key (indexed), a user task by its
// element key (the instance key and the token, read back without a lookup). A derived key that
// two instances share is refused as not found rather than guessed (core/flows/keys.ts).
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import { taskIdOf } from '#engine/core/flows/instance.ts';
import { parseElementKey } from '#engine/core/flows/keys.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import type { StoredInstance } from '#engine/services/flows/runtime.ts';

export async function instanceByKey(flows: FlowService, key: string): Promise<StoredInstance> {
  if (!/^\d{1,25}$/.test(key)) throw camundaErrors.processInstanceNotFound(key);
  const { items } = await flows.runtime.instances.find({ key }, { limit: 2 });
  if (items.length !== 1) throw camundaErrors.processInstanceNotFound(key);
  return items[0]!;
}

/** The Forma task id (`<instance id>-<token id>`) of a user task key. */
export async function taskIdByKey(flows: FlowService, key: string): Promise<string> {
  const parsed = parseElementKey(key);
  if (!parsed) throw camundaErrors.userTaskNotFound(key);
  const { items } = await flows.runtime.instances.find(
    { key: parsed.instanceKey },
    { limit: 2, projection: ['key'] },
  );
  if (items.length !== 1) throw camundaErrors.userTaskNotFound(key);
  return taskIdOf(items[0]!.id, parsed.tokenId);
}
