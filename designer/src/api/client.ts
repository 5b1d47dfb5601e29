// The one API client of the web app. Paths, path parameters, queries, bodies and replies are typed
// by openapi.gen.ts, which `npm run gen:api` generates from the server's own OpenAPI document: a
// call to a route that does not exist, or with a body the route would refuse, does not compile.
//
//   const me = await api.get('/api/auth/me');
//   const page = await api.get('/api/users', { query: { q: 'wang', limit: 20 } });
//   await api.patch('/api/users/{id}', { path: { id }, body: { active: false } });
//
// Errors arrive as ApiError (the server's one error shape: code, message, messageZh, details).
// The session is the HttpOnly cookie the browser sends by itself (same origin).
import type { ApiPaths } from './openapi.gen.ts';
import { ApiError } from './errors.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  /** Path parameters ({id} in the path), undefined when the path has none. */
  path: object | undefined;
  /** Query parameters, undefined when the route takes none. */
  query: object | undefined;
  body: unknown;
  reply: unknown;
}

/** The paths that have an operation for `M`. */
export type PathsFor<M extends Method> = {
  [P in keyof ApiPaths]: M extends keyof ApiPaths[P] ? P : never;
}[keyof ApiPaths];

export type OperationOf<P extends keyof ApiPaths, M extends Method> = M extends keyof ApiPaths[P]
  ? ApiPaths[P][M] extends Operation
    ? ApiPaths[P][M]
    : never
  : never;

/** The JSON reply of a call (null for 204). */
export type ReplyOf<P extends keyof ApiPaths, M extends Method> = OperationOf<P, M>['reply'];
export type BodyOf<P extends keyof ApiPaths, M extends Method> = OperationOf<P, M>['body'];
export type QueryOf<P extends keyof ApiPaths, M extends Method> = OperationOf<P, M>['query'];

export type RequestOptions<O extends Operation> = ([O['path']] extends [undefined]
  ? { path?: undefined }
  : { path: O['path'] }) & { query?: O['query'] } & ([O['body']] extends [undefined]
    ? { body?: undefined }
    : undefined extends O['body']
      ? { body?: O['body'] }
      : { body: O['body'] }) & { signal?: AbortSignal };

/** Options may be left out when nothing in them is required. */
type Args<O extends Operation> =
  Partial<RequestOptions<O>> extends RequestOptions<O>
    ? [options?: RequestOptions<O>]
    : [options: RequestOptions<O>];

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any call finds the session gone (expired, logged out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function buildUrl(path: string, params?: object, query?: object): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (params as Record<string, unknown> | undefined)?.[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, String(v));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

interface CallOptions {
  path?: object | undefined;
  query?: object | undefined;
  body?: unknown;
  signal?: AbortSignal;
}

async function call(method: Method, path: string, options: CallOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body instanceof Blob) {
    // A file sent as it is (streamed uploads): no base64, no copy in memory.
    headers['content-type'] = 'application/octet-stream';
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.path, options.query), {
      method: method.toUpperCase(),
      headers,
      body: body ?? null,
      credentials: 'same-origin',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw ApiError.network(cause);
  }
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown =
    res.status === 204 ? null : type.includes('application/json') ? await res.json() : await res.blob();
  if (res.ok) return payload;
  const error = ApiError.fromReply(res.status, payload);
  if (error.code === 'UNAUTHENTICATED') for (const listener of unauthenticatedListeners) listener(error);
  throw error;
}

function method<M extends Method>(m: M) {
  return <P extends PathsFor<M>>(path: P, ...[options]: Args<OperationOf<P, M>>): Promise<ReplyOf<P, M>> =>
    call(m, path, options as CallOptions) as Promise<ReplyOf<P, M>>;
}

export const api = {
  get: method('get'),
  post: method('post'),
  put: method('put'),
  patch: method('patch'),
  delete: method('delete'),
};
