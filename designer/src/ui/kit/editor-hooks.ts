// What both editors (the form designer, the flow modeler) do around the thing being edited: ask
// before the page is left with unsaved changes (in-app links too), and run the server's check a
// moment after the analyst stops typing (a newer edit cancels the older check).
import { useEffect, useRef } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { addLeaveGuard } from '#designer/shell/router.tsx';
import { kitMessages } from './messages.ts';

/**
 * While `dirty`, leaving the page asks first: the browser's question for a reload, a close or
 * another site; ours for a link inside the app (which would otherwise drop the edits silently).
 */
export function useUnsavedWarning(dirty: boolean): void {
  const t = useMessages(kitMessages);
  const question = t('leaveUnsaved');
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    const removeGuard = addLeaveGuard(() => question);
    return () => {
      window.removeEventListener('beforeunload', warn);
      removeGuard();
    };
  }, [dirty, question]);
}

/**
 * Runs `check` `delayMs` after `deps` last changed (and not while `enabled` is false). The signal
 * aborts when a newer change comes first; a failed check is dropped silently — the real save or
 * deploy reports for real.
 */
export function useDebouncedCheck(
  check: (signal: AbortSignal) => Promise<void>,
  deps: readonly unknown[],
  delayMs: number,
  enabled = true,
): void {
  const latest = useRef(check);
  latest.current = check;
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      latest.current(controller.signal).catch(() => undefined);
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The caller names what the check depends on; `check` itself is read through a ref.
  }, [...deps, enabled, delayMs]);
}

/** Ctrl+S (⌘+S) runs `save` instead of the browser's "save page". */
export function useSaveShortcut(save: () => void): void {
  const latest = useRef(save);
  latest.current = save;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        latest.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
