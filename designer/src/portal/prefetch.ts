// A new request's reads started as soon as the app's first script runs (main.tsx), while the session
// and the page's code are still on their way: the catalogue and the draft, then the form as it
// renders, then the validators the server compiled for it. On a slow phone each read is a round
// trip the page would otherwise wait for one after the other, after its code had arrived.
//
// Plain fetch, not the API client: a read that fails here (signed out, offline …) is simply not
// used — the page makes it itself and handles it as always. Each kept reply is taken once, by URL,
// so a later visit reads fresh data. The validators are imported here: the browser's module map
// makes the page's own import of the same URL the same module.
import { initialLocale } from '../i18n/react.tsx';
import { validatorsUrl } from '../ui/rjsf/validators-url.ts';

export interface Prefetched {
  status: number;
  body: unknown;
}

const kept = new Map<string, Promise<Prefetched | null>>();

function read(url: string): Promise<Prefetched | null> {
  const reply = fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(async (res) => ({ status: res.status, body: res.ok ? ((await res.json()) as unknown) : null }))
    .catch(() => null);
  kept.set(url, reply);
  return reply;
}

/** The reply kept for `url` (once), or undefined when none was started. */
export function takePrefetched(url: string): Promise<Prefetched | null> | undefined {
  const reply = kept.get(url);
  kept.delete(url);
  return reply;
}

export const catalogueUrl = '/api/catalogue';
export const draftUrl = (entry: string): string => `/api/drafts/${encodeURIComponent(entry)}`;
export const renderUrl = (formId: string, locale: string): string =>
  `/api/forms/${encodeURIComponent(formId)}/render?locale=${encodeURIComponent(locale)}`;

interface CatalogueReply {
  items: Array<{ id: string; form: string; fieldPermissions?: { requester?: Record<string, string> } }>;
}

/** Starts the reads of /requests/new/:entry (in the language the app starts in). */
export function prefetchNewRequest(entryId: string): void {
  if (new URLSearchParams(location.search).has('outbox')) return; // a queued request: other reads
  const locale = initialLocale();
  void read(draftUrl(entryId));
  void read(catalogueUrl).then(async (catalogue) => {
    const entry = (catalogue?.body as CatalogueReply | null)?.items.find((e) => e.id === entryId);
    if (!entry) return;
    const rendered = await read(renderUrl(entry.form, locale));
    const version = (rendered?.body as { version?: number } | null)?.version;
    if (!version) return;
    const hidden = Object.entries(entry.fieldPermissions?.requester ?? {})
      .filter(([, access]) => access === 'hidden')
      .map(([field]) => field);
    await import(/* @vite-ignore */ validatorsUrl(entry.form, version, locale, hidden)).catch(
      () => undefined,
    );
  });
}

/**
 * The kept reply of `url` when it succeeded; `missing.value` when it failed with `missing.status`
 * (a request without a draft: 404); otherwise `fresh()` — the page's own read.
 */
export async function prefetchedOr<T>(
  url: string,
  fresh: () => Promise<T>,
  missing?: { status: number; value: T },
): Promise<T> {
  const reply = await takePrefetched(url);
  if (reply?.status === 200) return reply.body as T;
  if (missing && reply?.status === missing.status) return missing.value;
  return fresh();
}
