// A module's report and dashboard definitions as stored: replaced as a whole when the module is
// installed again, handed out without the store's revision.
import type { Collection, Stored } from '#engine/ports/document-store.ts';

export function stripRev<T extends { rev?: number }>(doc: T): Omit<T, 'rev'> {
  const { rev: _rev, ...rest } = doc;
  return rest;
}

export async function replaceAll<T extends { id: string; module: string }>(
  col: Collection<T>,
  module: string,
  docs: T[],
): Promise<void> {
  const { items } = await col.find({ module });
  const keep = new Set(docs.map((d) => d.id));
  for (const old of items) if (!keep.has(old.id)) await col.delete(old.id);
  for (const doc of docs) {
    const current = (await col.get(doc.id)) as Stored<T> | null;
    const { id, ...rest } = doc;
    if (current) await col.replace(id, current.rev, rest as never);
    else await col.insert(doc as never);
  }
}
