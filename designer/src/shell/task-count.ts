// How many tasks wait for me, for the inbox's badge in the navigation and the landing page. One
// shared count for the whole app: asked for on start, after each page change, every minute, and
// whenever a page says tasks changed (`tasksChanged()` after approving, undoing, bulk approving) —
// the notification bell listens to the same signal, so neither stays stale after acting.
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../api/client.ts';

const POLL_MS = 60_000;
/** The window event pages dispatch after acting on tasks. */
export const TASKS_CHANGED = 'forma:tasks-changed';

let open: number | null = null;
let asking: Promise<number | null> | null = null;
const listeners = new Set<() => void>();

/** Asks the server again (one request at a time); resolves to the open count, null when unknown. */
export function refreshTaskCount(): Promise<number | null> {
  asking ??= api
    .get('/api/tasks/counts')
    .then((c) => c.open ?? 0)
    .catch(() => open)
    .then((n) => {
      asking = null;
      if (n !== open) {
        open = n;
        for (const l of listeners) l();
      }
      return n;
    });
  return asking;
}

/**
 * Tells the badge and the bell that tasks changed (call after acting on them). The notices that
 * pointed at the tasks acted on ("a task waits for you") are marked read first: they are done.
 */
export async function tasksChanged(actedOn: readonly string[] = []): Promise<void> {
  if (actedOn.length > 0) {
    const links = new Set(actedOn.flatMap((id) => [`/inbox/${id}`, `/inbox/${encodeURIComponent(id)}`]));
    const ids = await api
      .get('/api/notifications', { query: { limit: 50 } })
      .then((page) => page.items.filter((n) => !n.read && n.link && links.has(n.link)).map((n) => n.id))
      .catch(() => []);
    if (ids.length > 0) await api.post('/api/notifications/read', { body: { ids } }).catch(() => undefined);
  }
  window.dispatchEvent(new Event(TASKS_CHANGED));
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The open-task count, kept fresh while mounted (null until the first answer). */
export function useTaskCount(refreshKey: string): number | null {
  const count = useSyncExternalStore(subscribe, () => open);
  useEffect(() => {
    void refreshTaskCount();
  }, [refreshKey]);
  useEffect(() => {
    const again = () => void refreshTaskCount();
    const timer = setInterval(again, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') again();
    };
    window.addEventListener(TASKS_CHANGED, again);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener(TASKS_CHANGED, again);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return count;
}
