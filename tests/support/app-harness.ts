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
// The platform is composed by the same root as `npm start` (platform/compose.ts), from the same
// settings (settingsFromEnv) with the test's overrides (`platform`: clock, login policy, processors,
// modules folder, outbox, retries). embedded: a temporary DATA_DIR, removed on close. distributed:
// FerretDB + Redis from scripts/services.sh under a unique namespace (MongoDB database / BullMQ
// prefix), dropped on close. `t.app.services` are the services the routes use; `t.store` is the
// raw DocumentStore (to arrange data or tamper with it behind the API's back). The audit chain is
// sealed with this test process's AUDIT_KEY (made here when unset, so the processes a test starts
// share it) and anchored into a temporary directory of its own (`t.auditDir`).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { randomBytes } from 'node:crypto';
import { generateKeyMaterial, Keyring, keyringFromEnv } from '#engine/core/crypto/keyring.ts';
import { buildApp, type AppOptions } from '#engine/http/app.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { DEMO_LOGINS, seedDemo } from '#engine/services/identity/demo.ts';
import type { BackupScheduleSettings } from '#engine/services/backup/scheduled/schedule-settings.ts';
import type { LoginPolicy } from '#engine/services/identity/login-guard.ts';
import type { SessionPolicy } from '#engine/services/identity/sessions.ts';
import type { Adapters } from '#platform/adapters.ts';
import { composePlatform, type Platform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';
import type { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import {
  databaseBase,
  emptyDatabase,
  pooling,
  registerDatabase,
  returnDatabase,
  startKind,
  takeDatabase,
} from './database-pool.ts';
import { deleteRedisPrefix } from './redis-keys.ts';
import { rememberScansIn } from '#engine/services/modules/scan.ts';
import { diskScanMemory } from './scan-memory.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from './services.ts';
import { tempDir } from './temp-dir.ts';

export type Mode = 'embedded' | 'distributed';
export const MODES: Mode[] = ['embedded', 'distributed'];

// One audit key per test process, in the environment so the child processes a test starts
// (`npm run worker`, `npm run backup`) seal the same chain.
process.env.AUDIT_KEY ??= `t-audit:${randomBytes(32).toString('base64')}`;

// The modules folder is checked at every start; its result is kept between test processes.
rememberScansIn(diskScanMemory());

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
  platform: Platform;
  adapters: Adapters;
  store: DocumentStore;
  /** The MongoDB database / BullMQ prefix of the distributed mode (unique per startApp). */
  namespace: string;
  /** Where the audit chain's anchor file is (outside the store, removed on close). */
  auditDir: string;
  /** The embedded mode's DATA_DIR ('' in the distributed mode). */
  dataDir: string;
  /** The demo users' password. */
  password: string;
  /** A client logged in as a demo role's user (cached), or as the given login name. */
  client(who: DemoRole | string, password?: string): Promise<Client>;
  /** A client without a session. */
  anonymous(): Client;
  /** Another app on the same store (distributed mode: a second API replica). */
  replica(): Promise<FastifyInstance>;
  /**
   * Stops the platform as a process exit would (app, queue, store) and starts a fresh one on the
   * same data: `app`, `platform`, `adapters` and `store` then are the new ones, clients log in again.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** How the test's platform differs from `npm start`'s (the rest comes from the environment). */
export interface TestPlatformOptions {
  /** Time source (sessions, lockouts, due dates and timers follow it). */
  clock?: Clock;
  login?: Partial<LoginPolicy>;
  session?: Partial<SessionPolicy>;
  /** Run the flow and automation processors in the test process (default: embedded mode only). */
  workers?: boolean;
  /** The flow sweeper's period (0: no periodic sweep). */
  sweepEveryMs?: number;
  /** Check the modules folder in the background (default true). */
  scan?: boolean;
  modulesDir?: string;
  /** Where the e-mail and SMS channels write (NOTIFY_OUTBOX_DIR). */
  outboxDir?: string;
  /** Where people reach the web app (PUBLIC_URL): the address of public links. */
  publicUrl?: string;
  flowRetryBackoffMs?: number;
  automationRetryBackoffMs?: number;
  /** How long a one-tap approval can be undone (APPROVAL_UNDO_SECONDS, in ms here). */
  approvalUndoWindowMs?: number;
  /** Where the audit anchor file goes (default: the environment's AUDIT_DIR / <DATA_DIR>-audit). */
  auditAnchorDir?: string;
  /** How often the audit head is anchored (default: only on close and with backups). */
  auditAnchorEveryMs?: number;
  /** Scheduled backups (BACKUP_DIR …), over the environment's. */
  backups?: Partial<BackupScheduleSettings>;
}

export interface StartOptions {
  /** Seed the demo company (default true). */
  demo?: boolean;
  platform?: TestPlatformOptions;
  /** Extra buildApp options (body limit, routes, …). */
  app?: Partial<Omit<AppOptions, 'services'>>;
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
      if (/^application\/(problem\+)?json/.test(String(res.headers['content-type'] ?? '')) && res.body !== '')
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

/** The test's field-encryption keys: ENCRYPTION_KEY when a test sets it, else a fresh key. */
function testKeyring(): Keyring {
  if (process.env.ENCRYPTION_KEY) return keyringFromEnv(process.env.ENCRYPTION_KEY);
  const key = generateKeyMaterial();
  return new Keyring([key], key.id);
}

/**
 * The platform of a test, composed by the root `npm start` uses. A platform on a store that holds
 * data may only be given the same `namespace`/`dataDir` again in the distributed mode (a replica).
 */
export async function composeTestPlatform(
  mode: Mode,
  where: { namespace: string; dataDir: string },
  options: TestPlatformOptions = {},
  keyring: Keyring = testKeyring(),
): Promise<Platform> {
  const base = settingsFromEnv(process.env);
  const config =
    mode === 'embedded'
      ? { mode, dataDir: where.dataDir, embeddedFsync: false }
      : { mode, dataDir: '', mongodbUrl: mongodbUrl(), redisUrl: redisUrl(), embeddedFsync: false };
  return composePlatform({
    config,
    settings: {
      ...base,
      namespace: where.namespace,
      ...(options.outboxDir ? { outboxDir: options.outboxDir } : {}),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      ...(options.flowRetryBackoffMs !== undefined ? { flowRetryBackoffMs: options.flowRetryBackoffMs } : {}),
      ...(options.automationRetryBackoffMs !== undefined
        ? { automationRetryBackoffMs: options.automationRetryBackoffMs }
        : {}),
      ...(options.approvalUndoWindowMs !== undefined
        ? { approvalUndoWindowMs: options.approvalUndoWindowMs }
        : {}),
      ...(options.backups && base.backups ? { backups: { ...base.backups, ...options.backups } } : {}),
      workers: {
        ...base.workers,
        ...(options.sweepEveryMs !== undefined ? { sweepEveryMs: options.sweepEveryMs } : {}),
      },
    },
    keyring,
    audit: {
      anchorEveryMs: options.auditAnchorEveryMs ?? 0,
      mailEveryMs: 0,
      ...(options.auditAnchorDir ? { anchorDir: options.auditAnchorDir } : {}),
    },
    ...(options.clock ? { clock: options.clock } : {}),
    identity: {
      // Tests log in many times from one address: keep the per-address limit out of their way
      // (tests of the limit pass their own policy).
      login: { ipMaxAttempts: 10_000, ...options.login },
      ...(options.session ? { session: options.session } : {}),
    },
    ...(options.modulesDir ? { modulesDir: options.modulesDir } : {}),
    ...(options.scan !== undefined ? { scanModules: options.scan } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
}

export async function startApp(mode: Mode, options: StartOptions = {}): Promise<TestApp> {
  // The distributed mode takes an emptied database of an earlier test when there is one
  // (database-pool.ts): creating the collections and indexes is most of a start on FerretDB.
  const kind = startKind(options);
  const pooled = mode === 'distributed' ? await takeDatabase(redisUrl(), kind) : null;
  const namespace = pooled?.name ?? uniqueNamespace('api');
  if (mode === 'distributed' && !pooled) await registerDatabase(redisUrl(), namespace);
  const tmp = mode === 'embedded' ? tempDir('api') : null;
  const where = { namespace, dataDir: tmp?.dir ?? '' };
  const keyring = testKeyring();
  const audit = tempDir('audit');
  const platformOptions = { auditAnchorDir: audit.dir, ...options.platform };
  const platform = await composeTestPlatform(mode, where, platformOptions, keyring);
  const appOptions = { sweepIntervalMs: 0, ...options.app };
  const app = await buildApp({ ...appOptions, services: platform.services });
  if (options.demo ?? true) await seedDemo(platform.services.identity, { password: DEMO_PASSWORD });
  // A new database's base: what this start made, once the modules scan has written its part.
  let base = pooled?.base ?? null;
  if (mode === 'distributed' && !pooled && pooling()) {
    await platform.services.modules.scanned();
    base = await databaseBase((platform.services.store as MongoStore).database);
  }
  // A test that read the namespace may have handed it to another process: its database is not reused.
  let namespaceShared = false;
  const replicas: { app: FastifyInstance; platform: Platform }[] = [];
  const clients = new Map<string, Client>();

  const t: TestApp = {
    mode,
    app,
    platform,
    adapters: platform.adapters,
    store: platform.services.store,
    get namespace() {
      namespaceShared = true;
      return namespace;
    },
    auditDir: audit.dir,
    dataDir: where.dataDir,
    password: DEMO_PASSWORD,
    async client(who, password = DEMO_PASSWORD) {
      const login = (DEMO_LOGINS as Record<string, string>)[who] ?? who;
      const key = `${login}\u0000${password}`;
      let client = clients.get(key);
      // A cached session may have ended (logout, deactivation, a test moving the clock on).
      if (client?.cookie && (await client.get('/api/auth/me')).status !== 200) client.cookie = null;
      if (!client || !client.cookie) {
        client = await loginAs(t.app, login, password);
        clients.set(key, client);
      }
      return client;
    },
    anonymous: () => makeClient(t.app, null, null),
    async replica() {
      if (mode !== 'distributed') throw new Error('replicas share a store only in distributed mode');
      const more = await composeTestPlatform(mode, where, platformOptions, keyring);
      const replica = await buildApp({ ...appOptions, services: more.services });
      replicas.push({ app: replica, platform: more });
      return replica;
    },
    async restart() {
      await t.app.close();
      await t.platform.close();
      clients.clear();
      t.platform = await composeTestPlatform(mode, where, options.platform, keyring);
      t.app = await buildApp({ ...appOptions, services: t.platform.services });
      t.adapters = t.platform.adapters;
      t.store = t.platform.services.store;
    },
    async close() {
      for (const r of replicas) {
        await r.app.close();
        await r.platform.close();
      }
      await t.app.close();
      let reusable = false;
      await t.platform.close({
        beforeStoreCloses: async (store) => {
          if (mode !== 'distributed') return;
          const db = (store as MongoStore).database;
          if (base && !namespaceShared) reusable = await emptyDatabase(db, base).catch(() => false);
          if (!reusable) await db.dropDatabase();
        },
      });
      if (mode === 'distributed') await deleteRedisPrefix(redisUrl(), namespace);
      if (reusable && base) await returnDatabase(redisUrl(), kind, { name: namespace, base });
      tmp?.remove();
      audit.remove();
    },
  };
  return t;
}

export { DEMO_LOGINS };
