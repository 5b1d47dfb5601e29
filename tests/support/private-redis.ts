// A redis-server of a test's own, on a free loopback port, so a fault test can stop and restart
// it without disturbing other tests. AOF with fsync on every write: a restart keeps every job.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { tempDir } from './temp-dir.ts';
import { waitFor } from './wait-for.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export class PrivateRedis {
  private process: ChildProcess | null = null;
  private readonly dir = tempDir('redis');
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.startProcess();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async startProcess(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--dir',
        this.dir.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => {
        const probe = new Redis(this.url, {
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {}); // refused until the server listens: expected while waiting
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      'redis to start',
    );
  }

  /** Graceful stop (SIGTERM: Redis flushes its AOF), by the pid we started. */
  async stop(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
    this.process = null;
  }

  async restart(pauseMs = 500): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, pauseMs));
    await this.startProcess();
  }

  async destroy(): Promise<void> {
    await this.stop();
    this.dir.remove();
  }
}
