// What a list page hands to an editor page it opens on something not deployed yet (a new item's
// name, an imported file's XML): kept in sessionStorage under a key per item, so it survives a
// reload of the editor page but not the browser tab. With storage disabled nothing is handed
// over, and the editor starts from its template with the id as the name.
export interface Handoff<T> {
  put(id: string, value: T): void;
  /** What was handed over for `id`, or null. */
  take(id: string): T | null;
  drop(id: string): void;
}

export function sessionHandoff<T>(prefix: string): Handoff<T> {
  return {
    put(id, value) {
      try {
        sessionStorage.setItem(prefix + id, JSON.stringify(value));
      } catch {
        // Storage disabled: nothing is handed over.
      }
    },
    take(id) {
      try {
        const text = sessionStorage.getItem(prefix + id);
        return text ? (JSON.parse(text) as T) : null;
      } catch {
        return null;
      }
    },
    drop(id) {
      try {
        sessionStorage.removeItem(prefix + id);
      } catch {
        // nothing to drop
      }
    },
  };
}
