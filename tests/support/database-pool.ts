// Distributed-mode databases reused within one test run. On FerretDB (PostgreSQL) a platform start
// in a new database spends most of its time creating the ~80 collections and their indexes (a
// table and its indexes each); a database a test has finished with is emptied instead of dropped,
// and the next test started with the same options takes it: its collections and indexes exist,
// its data is gone.
//
// Emptied means: every collection and index the platform's own start created (the database's
// `base`, seen once, right after the start that created them) stays, empty; every other collection
// is dropped, every other index too. A database whose base lost an index or a collection (a
// restore), whose namespace the test read (a child process may still use it), or whose emptying
// failed is dropped as before. The run's databases are dropped when the run ends (global-setup.ts).
//
// Only under vitest (global-setup.ts names the run in FORMA_TEST_DB_POOL); without it every start
// gets a new database. The pool lives in Redis, so concurrent test processes never share one.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from 'mongodb';

/** A pooled database: its name and the collections → index names its platform start made. */
export interface PooledDatabase {
  name: string;
  base: Record<string, string[]>;
}

export const POOL_RUN_ENV = 'FORMA_TEST_DB_POOL';

const run = (): string | undefined => process.env[POOL_RUN_ENV] || undefined;
const freeKey = (runId: string, kind: string) => `${runId}:free:${kind}`;
export const allKey = (runId: string) => `${runId}:all`;

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * What kind of start a database was prepared by: starts with equal options make the same
 * collections and indexes. Class instances (a clock, a logger) count by their class.
 */
export function startKind(options: unknown): string {
  const text = JSON.stringify(options ?? {}, (_key, value: unknown) => {
    if (typeof value === 'function') return `[function ${value.name}]`;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const proto = Object.getPrototypeOf(value) as object | null;
      if (proto !== Object.prototype && proto !== null)
        return `[${(value as { constructor?: { name?: string } }).constructor?.name ?? 'object'}]`;
    }
    return value;
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** True when this process runs under the test run's pool. */
export const pooling = (): boolean => run() !== undefined;

/** An emptied database of this kind, or null (no pool, or none free). */
export async function takeDatabase(redisUrl: string, kind: string): Promise<PooledDatabase | null> {
  const runId = run();
  if (!runId) return null;
  const entry = await withRedis(redisUrl, (r) => r.lpop(freeKey(runId, kind)));
  return entry ? (JSON.parse(entry) as PooledDatabase) : null;
}

/** Notes a new database of the run (dropped when the run ends, whatever becomes of it). */
export async function registerDatabase(redisUrl: string, name: string): Promise<void> {
  const runId = run();
  if (runId) await withRedis(redisUrl, (r) => r.sadd(allKey(runId), name));
}

/** Every collection of the database and its index names: the base a pooled database keeps. */
export async function databaseBase(db: Db): Promise<Record<string, string[]>> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name as string);
  const base: Record<string, string[]> = {};
  await Promise.all(
    names.map(async (name) => {
      base[name] = (await db.collection(name).listIndexes().toArray()).map((i) => i.name as string).sort();
    }),
  );
  return base;
}

/**
 * Empties the database down to its base: true when it is fit for the next test, false when it
 * must be dropped (a base collection or index is gone).
 */
export async function emptyDatabase(db: Db, base: Record<string, string[]>): Promise<boolean> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name as string);
  if (Object.keys(base).some((name) => !names.includes(name))) return false;
  const fit = await Promise.all(
    names.map(async (name) => {
      const col = db.collection(name);
      if (!base[name]) {
        await col.drop();
        return true;
      }
      const indexes = (await col.listIndexes().toArray()).map((i) => i.name as string);
      if (base[name].some((index) => !indexes.includes(index))) return false;
      for (const index of indexes) if (!base[name].includes(index)) await col.dropIndex(index);
      await col.deleteMany({});
      return true;
    }),
  );
  return fit.every(Boolean);
}

/** Puts an emptied database back for the next start of its kind. */
export async function returnDatabase(
  redisUrl: string,
  kind: string,
  database: PooledDatabase,
): Promise<void> {
  const runId = run();
  if (runId) await withRedis(redisUrl, (r) => r.rpush(freeKey(runId, kind), JSON.stringify(database)));
}

/** The names of the run's databases (dropped when it ends). */
export async function runDatabases(redisUrl: string, runId: string): Promise<string[]> {
  return withRedis(redisUrl, (r) => r.smembers(allKey(runId)));
}
