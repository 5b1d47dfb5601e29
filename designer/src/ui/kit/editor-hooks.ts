// What both editors (the form designer, the flow modeler) do around the thing being edited: warn
// before the page is left with unsaved changes, and run the server's check a moment after the
// analyst stops typing (a newer edit cancels the older check).
import { useEffect, useRef } from 'react';

/** While `dirty`, leaving the page (reload, close, another site) asks first. */
export function useUnsavedWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
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
