// The web app's service worker (built to /sw.js by designer/vite-plugins/service-worker.ts, which
// puts the build's file list in front of this code as PRECACHE and BUILD). It is what lets the
// portal open on a phone while the server is down:
//
//   install     keeps the app shell of this build: index.html, the manifest and icons, and the
//               chunks the portal's pages load (catalogue, new request with its form runtime, my
//               requests, inbox, a request, a task) — downloaded in the background after the first
//               visit, so the first load stays as small as before
//   /assets/*   hashed, never change: from the cache, else the network (then kept); the shell's
//               other files (icons) alike, until the next build's worker
//   pages       the network; the shell's index.html when it cannot be reached (the app routes in
//               the browser)
//   API reads   the network, and the last good reply of the reads the portal needs offline is kept
//               (READS below); when the server cannot be reached, that copy is answered with the
//               headers `x-forma-offline: 1` and `x-forma-saved-at` — the app shows its banner from
//               them — or, never read before, a 503 OFFLINE in the API's error shape
//   login/out   empties the kept replies first: one person's inbox never shows to the next
//
// Writes are never answered from here: the app queues submissions itself (outbox.ts) and sends
// them with an idempotency key when the server is back.
//
// Only DOM types are available to the web app's TypeScript program (the WebWorker library clashes
// with them), so the few service-worker types used are declared here.

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

declare const PRECACHE: string[];
declare const BUILD: string;

const scope = self as unknown as WorkerScope;
const SHELL = `forma-shell-${BUILD}`;
const DATA = 'forma-data-v1';
/** A server that does not answer within this long counts as unreachable (a hung connection). */
const NETWORK_TIMEOUT_MS = 6000;

/** The API reads kept for offline use: what the portal's pages show and the forms they fill. */
const READS = [
  /^\/api\/auth\/me$/,
  /^\/api\/catalogue$/,
  /^\/api\/tasks(\/counts|\/done)?$/,
  /^\/api\/tasks\/[^/]+$/,
  /^\/api\/approvals\/(requests|cc)(\/[^/]+)?$/,
  /^\/api\/forms\/[^/]+\/render$/,
  /^\/api\/forms\/[^/]+\/validators\.js$/,
  /^\/api\/drafts(\/[^/]+)?$/,
  /^\/api\/users\/[^/]+$/,
  /^\/api\/notifications(\/count)?$/,
];
/** Requests after which the kept replies belong to nobody (or to someone else). */
const SESSION_CHANGES = /^\/api\/auth\/(login|logout)$/;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith('forma-shell-') && n !== SHELL).map((n) => caches.delete(n)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.method !== 'GET') {
    if (SESSION_CHANGES.test(url.pathname)) event.respondWith(caches.delete(DATA).then(() => fetch(request)));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(page(request));
  else if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname))
    event.respondWith(asset(request));
  else if (READS.some((r) => r.test(url.pathname))) event.respondWith(read(request));
});

/** fetch(), failing when the server has not answered within NETWORK_TIMEOUT_MS. */
function network(request: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), NETWORK_TIMEOUT_MS);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function page(request: Request): Promise<Response> {
  try {
    return await network(request);
  } catch {
    return (await caches.match('/index.html', { cacheName: SHELL })) ?? Response.error();
  }
}

async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(SHELL).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function read(request: Request): Promise<Response> {
  let response: Response;
  try {
    response = await network(request);
  } catch {
    return offlineReply(request);
  }
  // A proxy in front of a stopped server answers 502/503/504: as unreachable as no answer.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    const kept = await offlineReply(request);
    if (kept.status === 200) return kept;
    return response;
  }
  const type = response.headers.get('content-type') ?? '';
  // JSON replies, and the forms' validator modules the server compiled (JavaScript).
  if (response.ok && (type.includes('application/json') || type.includes('text/javascript')))
    await keep(request, response.clone());
  return response;
}

async function keep(request: Request, response: Response): Promise<void> {
  const headers = new Headers(response.headers);
  headers.set('x-forma-saved-at', new Date().toISOString());
  const body = await response.arrayBuffer();
  const cache = await caches.open(DATA);
  await cache.put(request, new Response(body, { status: response.status, headers }));
}

async function offlineReply(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: DATA });
  if (kept) {
    const headers = new Headers(kept.headers);
    headers.set('x-forma-offline', '1');
    return new Response(await kept.arrayBuffer(), { status: kept.status, headers });
  }
  return new Response(
    JSON.stringify({
      error: {
        code: 'OFFLINE',
        message: 'The server cannot be reached, and this was not loaded before on this device.',
        messageZh: '无法连接服务器，且此设备上没有此前加载的内容。',
      },
    }),
    { status: 503, headers: { 'content-type': 'application/json', 'x-forma-offline': '1' } },
  );
}
