// Whether the server can be reached, as the app last found out: every API reply says so — one the
// service worker answered from its copy carries `x-forma-offline` (and `x-forma-saved-at`, when the
// copy was made), a failed fetch means unreachable, any other reply means reachable. While
// unreachable, /api/health/live is asked every few seconds (and at once when the browser says it is
// online again), so the banner goes and the outbox is sent as soon as the server is back, without
// waiting for the person to do something. navigator.onLine alone would not do: a phone on Wi-Fi
// is "online" while the server is down.
import { useSyncExternalStore } from 'react';

export interface Reachability {
  reachable: boolean;
  /** While unreachable: when the oldest copy shown was saved (null: none shown yet). */
  savedAt: string | null;
}

const PROBE_EVERY_MS = 4000;

let state: Reachability = {
  reachable: typeof navigator === 'undefined' || navigator.onLine,
  savedAt: null,
};
const listeners = new Set<() => void>();
let probeTimer: ReturnType<typeof setTimeout> | undefined;

function set(next: Reachability): void {
  if (next.reachable === state.reachable && next.savedAt === state.savedAt) return;
  state = next;
  for (const listener of listeners) listener();
  clearTimeout(probeTimer);
  if (!state.reachable) probeTimer = setTimeout(() => void probe(), PROBE_EVERY_MS);
}

export function reachability(): Reachability {
  return state;
}

/** Called with every API reply (api/client.ts). */
export function noteReply(response: Response): void {
  if (response.headers.get('x-forma-offline')) {
    const saved = response.headers.get('x-forma-saved-at');
    const savedAt = saved && (!state.savedAt || saved < state.savedAt) ? saved : state.savedAt;
    set({ reachable: false, savedAt: state.reachable ? saved : savedAt });
  } else set({ reachable: true, savedAt: null });
}

/** Called when a request could not reach the server at all. */
export function noteUnreachable(): void {
  set({ reachable: false, savedAt: state.reachable ? null : state.savedAt });
}

/** Asks the server whether it is back (also used by the outbox before sending). */
export async function probe(): Promise<boolean> {
  try {
    const res = await fetch('/api/health/live', { cache: 'no-store' });
    if (res.ok) {
      set({ reachable: true, savedAt: null });
      return true;
    }
  } catch {
    // still unreachable
  }
  if (!state.reachable) {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(() => void probe(), PROBE_EVERY_MS);
  }
  return false;
}

export function onReachabilityChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useReachability(): Reachability {
  return useSyncExternalStore(onReachabilityChange, reachability);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void probe());
  window.addEventListener('offline', () => noteUnreachable());
}
