// What a service derives from a rarely written collection (the roles, the form versions, the
// automations), kept until the collection changes — where the store can tell (Collection
// changeStamp: the embedded store, which sees every write). Elsewhere every call computes afresh.
// Values are shared between callers: keep them immutable (deepFreeze makes a mutation throw).
import type { Collection } from './document-store.ts';

export class CollectionMemo<V> {
  private stamp: number | undefined;
  private readonly values = new Map<string, V>();

  constructor(
    private readonly collection: Pick<Collection<object>, 'changeStamp'>,
    /** Past this many keys the memo starts afresh (keys are few: form ids, role sets). */
    private readonly maxKeys = 10_000,
  ) {}

  async get(key: string, compute: (key: string) => Promise<V>): Promise<V> {
    const stamp = this.collection.changeStamp?.();
    if (stamp === undefined) return compute(key);
    if (stamp !== this.stamp) {
      this.values.clear();
      this.stamp = stamp;
    }
    if (this.values.has(key)) return this.values.get(key) as V;
    const value = await compute(key);
    // Kept only when no write came while it was computed (it might predate that write).
    if (this.collection.changeStamp?.() === stamp && this.stamp === stamp) {
      if (this.values.size >= this.maxKeys) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}

/** Freezes a JSON-like value at every level (a memoized value shared between callers). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
