// The one way a page loads what it shows: a hook that runs a load when the page opens and whenever
// what it depends on changes, keeps the last data on screen while loading again, and cancels a load
// that a newer one replaced (its answer would be stale).
import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  /** Loads again (keeps showing the current data meanwhile). */
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change; a newer load cancels the older one. */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[] = [],
): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loader
      .current(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted || (e as Error).name === 'AbortError') return;
        setState((s) => ({ ...s, error: asApiError(e), loading: false }));
      });
    return () => controller.abort();
    // The caller names what the load depends on (deps); `load` itself is read through a ref.
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
