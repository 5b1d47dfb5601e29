// Boots the whole API (buildApp) in either run mode for a test, seeds the demo company, and hands
// out logged-in clients per demo role. Requests go through fastify's inject (the full HTTP
// pipeline — hooks, validation, cookies, serialization — without a socket).
//
//   import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
//   describe.each(MODES)('%s mode', (mode) => {
//     let t: TestApp;
//     beforeAll(async () => { t = await startApp(mode); });
//     afterAll(() => t.close());
//     it('…', async () => {
//       const admin = await t.client('admin');            // a demo role, or any login name
//       const res = await admin.get('/api/users?limit=5');  // { status, body, headers }
//       expect(res.status).toBe(200);
//     });
//   });
//
// embedded: a temporary DATA_DIR, removed on close. distributed: FerretDB + Redis from
// scripts/services.sh under a unique namespace (MongoDB database / BullMQ prefix), dropped on close.
// `t.store` is the raw DocumentStore (to arrange data or tamper with it behind the API's back).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { openAdapters, type Adapters } from '#engine/bootstrap.ts';
import { buildApp, type AppOptions } from '#engine/http/app.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { DEMO_LOGINS, seedDemo } from '#engine/services/identity/demo.ts';
import { deleteRedisPrefix } from './redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from './services.ts';
import { tempDir } from './temp-dir.ts';

export type Mode = 'embedded' | 'distributed';
export const MODES: Mode[] = ['embedded', 'distributed'];

/** The demo roles with a user each (see engine/src/services/identity/demo.ts). */
export type DemoRole = keyof typeof DEMO_LOGINS;
export const DEMO_PASSWORD = 'demo-password-2026';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface Client {
  /** The login name, or null for the anonymous client. */
  readonly login: string | null;
  /** The session cookie value (null when anonymous or logged out). */
  cookie: string | null;
  request<T = any>(options: InjectOptions): Promise<Reply<T>>;
  get<T = any>(url: string): Promise<Reply<T>>;
  post<T = any>(url: string, body?: unknown): Promise<Reply<T>>;
  patch<T = any>(url: string, body: unknown): Promise<Reply<T>>;
  put<T = any>(url: string, body: unknown): Promise<Reply<T>>;
  delete<T = any>(url: string): Promise<Reply<T>>;
}

export interface TestApp {
  mode: Mode;
  app: FastifyInstance;
  adapters: Adapters;
  store: DocumentStore;
  /** The MongoDB database / BullMQ prefix of the distributed mode (unique per startApp). */
  namespace: string;
  /** The demo users' password. */
  password: string;
  /** A client logged in as a demo role's user (cached), or as the given login name. */
  client(who: DemoRole | string, password?: string): Promise<Client>;
  /** A client without a session. */
  anonymous(): Client;
  /** Another app on the same store (distributed mode: a second API replica). */
  replica(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Seed the demo company (default true). */
  demo?: boolean;
  /** Extra buildApp options (clock, login policy, routes, …). */
  app?: Partial<Omit<AppOptions, 'adapters'>>;
}

function makeClient(app: FastifyInstance, login: string | null, cookie: string | null): Client {
  const client: Client = {
    login,
    cookie,
    async request(options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (client.cookie) headers.cookie = `${SESSION_COOKIE}=${client.cookie}`;
      const res = await app.inject({ ...options, headers });
      const setCookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
      if (setCookie) client.cookie = setCookie.value === '' ? null : setCookie.value;
      let body: unknown = res.body;
      if (String(res.headers['content-type'] ?? '').includes('application/json') && res.body !== '')
        body = JSON.parse(res.body);
      return { status: res.statusCode, body: body as never, headers: res.headers as Reply['headers'] };
    },
    get: (url) => client.request({ method: 'GET', url }),
    post: (url, body) =>
      client.request({ method: 'POST', url, ...(body !== undefined ? { payload: body as object } : {}) }),
    patch: (url, body) => client.request({ method: 'PATCH', url, payload: body as object }),
    put: (url, body) => client.request({ method: 'PUT', url, payload: body as object }),
    delete: (url) => client.request({ method: 'DELETE', url }),
  };
  return client;
}

/** Logs in through the API; throws with the reply when the login fails. */
export async function loginAs(app: FastifyInstance, login: string, password: string): Promise<Client> {
  const client = makeClient(app, login, null);
  const res = await client.post('/api/auth/login', { login, password });
  if (res.status !== 200 || !client.cookie)
    throw new Error(`login as ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

export async function startApp(mode: Mode, options: StartOptions = {}): Promise<TestApp> {
  const namespace = uniqueNamespace('api');
  const tmp = mode === 'embedded' ? tempDir('api') : null;
  const config =
    mode === 'embedded'
      ? { mode, dataDir: tmp!.dir, embeddedFsync: false }
      : { mode, dataDir: '', mongodbUrl: mongodbUrl(), redisUrl: redisUrl(), embeddedFsync: false };
  const adapters = await openAdapters(config, { namespace });
  const appOptions: AppOptions = {
    adapters,
    sweepIntervalMs: 0,
    ...options.app,
    // Tests log in many times from one address: keep the per-address limit out of their way
    // (tests of the limit pass their own policy).
    login: { ipMaxAttempts: 10_000, ...options.app?.login },
  };
  const app = await buildApp(appOptions);
  if (options.demo ?? true) await seedDemo(app.identity, { password: DEMO_PASSWORD });
  const replicas: { app: FastifyInstance; adapters: Adapters }[] = [];
  const clients = new Map<string, Client>();

  return {
    mode,
    app,
    adapters,
    store: adapters.store,
    namespace,
    password: DEMO_PASSWORD,
    async client(who, password = DEMO_PASSWORD) {
      const login = (DEMO_LOGINS as Record<string, string>)[who] ?? who;
      const key = `${login}\u0000${password}`;
      let client = clients.get(key);
      // A cached session may have ended (logout, deactivation, a test moving the clock on).
      if (client?.cookie && (await client.get('/api/auth/me')).status !== 200) client.cookie = null;
      if (!client || !client.cookie) {
        client = await loginAs(app, login, password);
        clients.set(key, client);
      }
      return client;
    },
    anonymous: () => makeClient(app, null, null),
    async replica() {
      if (mode !== 'distributed') throw new Error('replicas share a store only in distributed mode');
      const more = await openAdapters(config, { namespace });
      const replica = await buildApp({ ...appOptions, adapters: more });
      replicas.push({ app: replica, adapters: more });
      return replica;
    },
    async close() {
      for (const r of replicas) {
        await r.app.close();
        await r.adapters.close();
      }
      await app.close();
      const store = adapters.store as DocumentStore & { dropDatabase?: () => Promise<void> };
      if (mode === 'distributed') await store.dropDatabase?.();
      await adapters.close();
      if (mode === 'distributed') await deleteRedisPrefix(redisUrl(), namespace);
      tmp?.remove();
    },
  };
}

export { DEMO_LOGINS };
