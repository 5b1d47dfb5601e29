// A small router over the History API: the app needs path matching with :params, links, and
// navigation — not a library's worth (see docs/decisions/0003-ui-components.md) — and a guard that
// asks before an in-app link leaves unsaved work.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const NAVIGATE_EVENT = 'forma:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const currentPath = (): string => window.location.pathname;

// How many times the app went somewhere (a link, a notification, back/forward) — not a page's own
// replaceState of its query (a list's filter): a page that keeps state read from the URL at its
// start is visited afresh when this changes, even when the route stays the same.
let visits = 0;
if (typeof window !== 'undefined') window.addEventListener('popstate', () => visits++);
const currentVisit = (): number => visits;

/** The current path (re-renders on navigation). */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Changes on every navigation into the app's pages (not on a page's own replaceState). */
export function useVisit(): number {
  return useSyncExternalStore(subscribe, currentVisit);
}

/**
 * Asked before an in-app navigation: a question to confirm ("leave with unsaved changes?") or null
 * to let it go. The browser's own leaving (reload, close, another site) is beforeunload's.
 */
export type LeaveGuard = () => string | null;

const leaveGuards = new Set<LeaveGuard>();

/** Registers a leave guard; returns its removal. */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  leaveGuards.add(guard);
  return () => leaveGuards.delete(guard);
}

/** Whether the guards let the app leave the page (asking the user where one objects). */
function mayLeave(): boolean {
  for (const guard of leaveGuards) {
    const question = guard();
    if (question !== null && !window.confirm(question)) return false;
  }
  return true;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (!mayLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  visits++;
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An <a> that navigates inside the app (and still opens a new tab with a modifier key). */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
