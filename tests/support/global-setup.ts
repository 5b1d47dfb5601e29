// Runs once before the test files: fails fast, with the fix, when the services are not up.
import { MongoClient } from 'mongodb';
import { mongodbUrl, redisUrl } from './services.ts';
import { Redis } from 'ioredis';

export default async function setup(): Promise<void> {
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
}
