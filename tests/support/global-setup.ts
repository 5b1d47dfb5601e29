// Runs once before the test files: fails fast, with the fix, when the services are not up; names
// the run's pool of distributed-mode databases (database-pool.ts), whose databases it drops when
// the run ends.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Redis } from 'ioredis';
import { POOL_RUN_ENV, runDatabases } from './database-pool.ts';
import { deleteRedisPrefix } from './redis-keys.ts';
import { mongodbUrl, redisUrl } from './services.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const client = new MongoClient(mongodbUrl(), { serverSelectionTimeoutMS: 5000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
  const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
  // The test processes are started after this and inherit the name.
  const runId = `t_pool_${randomBytes(4).toString('hex')}`;
  process.env[POOL_RUN_ENV] = runId;
  return async () => {
    try {
      const names = await runDatabases(redisUrl(), runId);
      const mongo = new MongoClient(mongodbUrl(), { serverSelectionTimeoutMS: 5000 });
      try {
        for (const name of names) await mongo.db(name).dropDatabase();
      } finally {
        await mongo.close();
      }
      await deleteRedisPrefix(redisUrl(), runId);
    } catch (err) {
      // Leftover test databases are no test's failure: say so and let the run's result stand.
      console.warn(`could not drop the run's test databases (${runId}):`, err);
    }
  };
}
