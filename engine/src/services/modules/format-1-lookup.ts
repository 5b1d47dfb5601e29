// Looking up reports, dashboards and automations by an id module format 1 gave them
// ('<module>.<name>', today '<module>-<name>': core/modules/ids.ts). Some stored data cannot be
// rewritten when a module is upgraded — links in notifications, headers of BPMN versions deployed
// back then, jobs queued before the upgrade — so the lookup reads the old id as the new one.
import { currentId } from '#engine/core/modules/ids.ts';
import type { Collection, Stored } from '#engine/ports/document-store.ts';

/** A document by its id; an id written by module format 1 finds the document under today's id. */
export async function byId<T extends object>(col: Collection<T>, id: string): Promise<Stored<T> | null> {
  const found = await col.get(id);
  if (found) return found;
  const renamed = currentId(id);
  return renamed ? col.get(renamed) : null;
}
