// What a new user does: `npm start`, open the printed URL. Embedded mode without any server;
// distributed mode when MONGODB_URL and REDIS_URL are set.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');

/** Runs `npm start` in its own process group; resolves with the URL it prints, and a stop function. */
async function npmStart(env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, MONGODB_URL: '', REDIS_URL: '', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed within 60 s:\n${output}`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const m = /Open (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM'); // the process group we started: npm and its node child
      await exited;
    },
  };
}

describe('npm start', () => {
  it('serves /api/health in embedded mode with no server around', { timeout: 90_000 }, async () => {
    const data = tempDir('start');
    const app = await npmStart({ DATA_DIR: data.dir });
    try {
      const res = await fetch(new URL('/api/health', app.url));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', mode: 'embedded' });
    } finally {
      await app.stop();
      data.remove();
    }
  });

  it('runs in distributed mode when MONGODB_URL and REDIS_URL are set', { timeout: 90_000 }, async () => {
    const db = uniqueNamespace('start');
    const url = new URL(mongodbUrl());
    url.pathname = `/${db}`;
    const app = await npmStart({ MONGODB_URL: url.toString(), REDIS_URL: redisUrl() });
    try {
      const res = await fetch(new URL('/api/health', app.url));
      expect(await res.json()).toEqual({ status: 'ok', mode: 'distributed' });
    } finally {
      await app.stop();
      const store = await MongoStore.connect({ url: mongodbUrl(), dbName: db });
      await store.dropDatabase();
      await store.close();
    }
  });

  it('refuses half a distributed configuration with a clear message', { timeout: 60_000 }, async () => {
    await expect(npmStart({ MONGODB_URL: mongodbUrl() })).rejects.toThrow(
      /needs both MONGODB_URL and REDIS_URL/,
    );
  });
});
