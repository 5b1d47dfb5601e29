// Searching the directory as someone types, for the user pickers of forms (rjsf widget) and of
// approval actions (portal): the query goes out after a short pause, a superseded answer is
// dropped, and the arrow keys and Enter move through the hits. Each picker keeps its own look and
// its own rules for Escape and Backspace.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.ts';

export interface UserHit {
  id: string;
  login: string;
  displayName: string;
}

const SEARCH_DELAY_MS = 200;

export function useUserSearch(
  query: string,
  options: {
    /** Search only while this holds (e.g. while the list is open); default true. */
    enabled?: boolean;
    /** Which hits to offer (e.g. not oneself, not who is already chosen); read when the answer comes. */
    keep?: (hit: UserHit) => boolean;
  } = {},
) {
  const enabled = options.enabled ?? true;
  const keep = useRef(options.keep);
  useEffect(() => {
    keep.current = options.keep;
  });
  const [hits, setHits] = useState<UserHit[]>([]);
  const [active, setActive] = useState(0);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const q = query.trim();
    if (!enabled || q === '') {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get('/api/users', { query: { q, active: true, limit: 8 }, signal: controller.signal })
        .then((page) => {
          setFailed(false);
          setHits(
            page.items
              .map((u) => ({ id: u.id, login: u.login, displayName: u.displayName }))
              .filter((hit) => keep.current?.(hit) ?? true),
          );
          setActive(0);
        })
        .catch((e: unknown) => {
          if ((e as Error).name !== 'AbortError') setFailed(true);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, enabled]);

  /** ArrowDown / ArrowUp move through the hits, Enter chooses one; true when it was one of them. */
  const onListKey = (
    e: KeyboardEvent<HTMLInputElement>,
    list: { open: boolean; setOpen: (open: boolean) => void; choose: (hit: UserHit) => void },
  ): boolean => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      list.setOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(hits.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && list.open && hits[active]) {
      e.preventDefault();
      list.choose(hits[active]);
    } else return false;
    return true;
  };

  return { hits, active, failed, onListKey };
}
