// The server's deploy check while the analyst draws (a moment after the last change), its problems
// marked on their elements, and the path of a simulation marked on the diagram.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Locale } from '#designer/i18n/define.ts';
import { useDebouncedCheck } from '#designer/ui/kit/index.ts';
import { validate, type FlowProblem } from '../api.ts';
import type { Modeler } from '../modeler/create.ts';
import { markPath, markProblems } from '../modeler/view.ts';
import type { SimResult } from '../model/simulate.ts';

const CHECK_DELAY_MS = 900;

export function useDeployCheck({
  modelerRef,
  ready,
  rev,
  locale,
  saveXml,
}: {
  modelerRef: RefObject<Modeler | null>;
  ready: boolean;
  rev: number;
  locale: Locale;
  saveXml(): Promise<string>;
}) {
  const [problems, setProblems] = useState<FlowProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const marked = useRef<{ invalid: string[]; path: string[] }>({ invalid: [], path: [] });
  // A modeler made again (another language) starts without marks.
  useEffect(() => {
    if (!ready) marked.current = { invalid: [], path: [] };
  }, [ready]);

  useDebouncedCheck(
    async (signal) => {
      setChecking(true);
      try {
        setProblems(await validate(await saveXml(), signal));
      } finally {
        setChecking(false);
      }
    },
    [rev],
    CHECK_DELAY_MS,
    ready,
  );

  useEffect(() => {
    const m = modelerRef.current;
    if (!ready || !m) return;
    marked.current.invalid = markProblems(m, problems, marked.current.invalid, locale);
  }, [problems, ready, locale, rev]);

  /** Marks the path a simulation took (null: clears it). */
  const showPath = useCallback((result: SimResult | null) => {
    const m = modelerRef.current;
    if (!m) return;
    marked.current.path = markPath(
      m,
      result ? [...result.visited, ...result.flows] : [],
      marked.current.path,
    );
  }, []);

  return { problems, setProblems, checking, showPath };
}
