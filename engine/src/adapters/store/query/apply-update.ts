// Applying the port's update operations to a document in memory (pure). The embedded store uses
// it for every write; the MongoDB adapter uses it against FerretDB (see mongo-store.ts).
import type { UpdateChanges } from '#engine/ports/document-store.ts';
import { checkWritablePaths, getPath, setPath, splitPath, unsetPath } from './paths.ts';

/** Applies `set` and `unset` in place. */
export function applyChanges(doc: Record<string, unknown>, changes: UpdateChanges): void {
  checkWritablePaths([...Object.keys(changes.set ?? {}), ...(changes.unset ?? [])]);
  for (const [path, value] of Object.entries(changes.set ?? {})) {
    if (value === undefined) continue;
    setPath(doc, splitPath(path), structuredClone(value));
  }
  for (const path of changes.unset ?? []) unsetPath(doc, splitPath(path));
}

/** Checks increment arguments the way both adapters must refuse them. */
export function checkIncrement(deltas: Record<string, number>, set: Record<string, unknown> = {}): void {
  for (const [path, delta] of Object.entries(deltas)) {
    if (!Number.isFinite(delta)) throw new TypeError(`increment of ${path} must be a finite number`);
  }
  checkWritablePaths([...Object.keys(deltas), ...Object.keys(set)]);
}

/** Adds `deltas` to numeric paths in place (missing counts as 0). */
export function applyIncrement(doc: Record<string, unknown>, deltas: Record<string, number>): void {
  for (const [path, delta] of Object.entries(deltas)) {
    const segments = splitPath(path);
    const old = getPath(doc, segments);
    if (old !== undefined && typeof old !== 'number')
      throw new TypeError(`cannot increment non-numeric field ${path}`);
    setPath(doc, segments, ((old as number | undefined) ?? 0) + delta);
  }
}
