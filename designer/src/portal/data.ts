// The portal's data helpers: the API's reply types under short names, people's names by id (the
// approvals API speaks in user ids), requests' names, and attached files. Light on purpose: the
// request catalogue — part of the first load — uses it.
import { useCallback, useEffect, useState } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { useLocale } from '../i18n/react.tsx';

export type CatalogueEntry = ReplyOf<'/api/catalogue', 'get'>['items'][number];
export type RequestSummary = ReplyOf<'/api/approvals/requests', 'get'>['items'][number];
export type RequestDetail = ReplyOf<'/api/approvals/requests/{id}', 'get'>;
export type TaskDetail = ReplyOf<'/api/tasks/{id}', 'get'>;
export type InboxItem = ReplyOf<'/api/tasks', 'get'>['items'][number];
export type TaskCounts = ReplyOf<'/api/tasks/counts', 'get'>;
export type CcItem = ReplyOf<'/api/approvals/cc', 'get'>['items'][number];
export type TimelineEntry = TaskDetail['timeline'][number];
export type Attachment = NonNullable<TimelineEntry['attachments']>[number];
export type Notification = ReplyOf<'/api/notifications', 'get'>['items'][number];

// ---- people ------------------------------------------------------------------------------------

const names = new Map<string, Promise<string>>();
const known = new Map<string, string>();

/** Someone's display name (cached for the session; the id itself when they cannot be looked up). */
export function userName(id: string): Promise<string> {
  let name = names.get(id);
  if (!name) {
    name = api
      .get('/api/users/{id}', { path: { id } })
      .then((u) => u.displayName || id)
      .catch(() => id)
      .then((n) => {
        known.set(id, n);
        return n;
      });
    names.set(id, name);
  }
  return name;
}

/** Names for ids learnt elsewhere (an inbox row carries the requester's name). */
export function rememberName(id: string | undefined, name: string | undefined): void {
  if (!id || !name || known.has(id)) return;
  known.set(id, name);
  names.set(id, Promise.resolve(name));
}

/** The display names of `ids` (re-renders as they arrive; ids stand in until then). */
export function useUserNames(ids: readonly (string | undefined)[]): (id: string | undefined) => string {
  const key = [...new Set(ids.filter(Boolean))].sort().join('\n');
  const [, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split('\n') : [];
    const missing = wanted.filter((id) => !known.has(id));
    if (missing.length === 0) return;
    void Promise.all(missing.map(userName)).then(() => {
      if (live) setTick((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return (id) => (id ? (known.get(id) ?? id) : '');
}

// ---- request names --------------------------------------------------------------------------------

let entries: Promise<CatalogueEntry[]> | null = null;
let entriesByFlow = new Map<string, CatalogueEntry>();

/**
 * A request's name in the user's language: the catalogue entry that starts its flow ("费用报销"),
 * or the flow's own name (one language, from the BPMN) when the entry is not in my catalogue.
 */
export function useRequestName(): (request: {
  processId: string;
  processName?: string | undefined;
}) => string {
  const { locale } = useLocale();
  const [, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    entries ??= api
      .get('/api/catalogue')
      .then((c) => c.items)
      .catch(() => {
        entries = null;
        return [];
      });
    void entries.then((items) => {
      entriesByFlow = new Map(items.filter((e) => e.flow).map((e) => [e.flow!, e]));
      if (live) setTick((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, []);
  return (request) => {
    const entry = entriesByFlow.get(request.processId);
    return entry ? entry.name[locale] || entry.name.en : (request.processName ?? request.processId);
  };
}

// ---- files ---------------------------------------------------------------------------------------

export { fileHref, fileSize } from './file-links.ts';

/**
 * Uploads a chosen file as it is (streamed to the server's blob store, no base64); resolves to
 * the stored file's info (ref: `file:<id>`).
 */
export async function uploadFile(file: File): Promise<ReplyOf<'/api/files/upload', 'post'>> {
  return api.post('/api/files/upload', {
    query: { name: file.name, ...(file.type ? { type: file.type } : {}) },
    body: file,
  });
}

// ---- the URL's query ----------------------------------------------------------------------------

/** A query parameter of the current URL, kept in step with navigation. */
export function useQueryParam(name: string): [string | null, (value: string | null) => void] {
  const read = () => new URLSearchParams(window.location.search).get(name);
  const [value, setValue] = useState(read);
  useEffect(() => {
    const sync = () => setValue(new URLSearchParams(window.location.search).get(name));
    window.addEventListener('popstate', sync);
    window.addEventListener('forma:navigate', sync);
    return () => {
      window.removeEventListener('popstate', sync);
      window.removeEventListener('forma:navigate', sync);
    };
  }, [name]);
  const set = useCallback(
    (next: string | null) => {
      const params = new URLSearchParams(window.location.search);
      if (next === null) params.delete(name);
      else params.set(name, next);
      const qs = params.toString();
      window.history.replaceState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}`);
      setValue(next);
    },
    [name],
  );
  return [value, set];
}
