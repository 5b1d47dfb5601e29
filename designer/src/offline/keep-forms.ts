// Reads the form of every catalogue entry once the catalogue has loaded, while the server is
// reachable and a service worker keeps API reads: so a form the person never opened on this device
// can still be filled in when the server is down. Each read is the very URL the new-request page
// asks for (portal/form-runtime.tsx loadForm), one at a time, when the browser is idle.
import { api } from '../api/client.ts';
import type { Locale } from '../i18n/define.ts';
import { reachability } from './connectivity.ts';

const kept = new Set<string>();

export function keepFormsForOffline(formIds: readonly string[], locale: Locale): void {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
  const wanted = [...new Set(formIds)].filter((id) => !kept.has(`${id}:${locale}`));
  const next = (): void => {
    const id = wanted.shift();
    if (!id || !reachability().reachable) return;
    kept.add(`${id}:${locale}`);
    void api
      .get('/api/forms/{id}/render', { path: { id }, query: { locale } })
      .catch(() => kept.delete(`${id}:${locale}`))
      .finally(() => later(next));
  };
  later(next);
}

function later(work: () => void): void {
  if ('requestIdleCallback' in window) window.requestIdleCallback(work, { timeout: 3000 });
  else setTimeout(work, 200);
}
