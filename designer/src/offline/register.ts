// Installs the service worker (service-worker.ts, built to /sw.js) once the page has loaded, so
// its download of the app shell never competes with the first load. Not in `npm run dev:designer`:
// Vite's dev server serves modules, not the built files the worker keeps.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    void navigator.serviceWorker.register('/sw.js').catch((e: unknown) => console.warn('service worker', e));
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
