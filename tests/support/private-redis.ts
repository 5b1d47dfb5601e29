// A redis-server of a test's own, on a free loopback port, so a fault test can stop, kill and
// restart it without disturbing other tests. AOF with fsync on every write: a restart keeps every
// job. `runId()` names the server process that answers (Redis makes a new one at every start), so
// a test can show that a restart really happened rather than assume it.
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
        try {
          return (await this.ask((probe) => probe.ping())) === 'PONG';
        } catch {
          return false;
        }
      },
      15_000,
      'redis to start',
    );
  }

  /** Runs one command on a connection of its own that gives up at once when nobody answers. */
  private async ask<T>(command: (probe: Redis) => Promise<T>): Promise<T> {
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {}); // refused until the server listens: the caller decides what that means
    try {
      await probe.connect();
      return await command(probe);
    } finally {
      probe.disconnect();
    }
  }

  /** The process id of the running server (null while stopped). */
  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  /** The answering server's run_id (INFO server): a new random one at every start. */
  async runId(): Promise<string> {
    const info = await this.ask((probe) => probe.info('server'));
    const id = /^run_id:(\w+)/m.exec(info)?.[1];
    if (!id) throw new Error('INFO server gave no run_id');
    return id;
  }

  /** Graceful stop (SIGTERM: Redis flushes its AOF), by the pid we started. */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  /** A crash (SIGKILL, by the pid we started): only what the AOF already holds survives. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
    this.process = null;
  }

  /** Stops (or kills) the server and starts a new one on the same port and data after a pause. */
  async restart(pauseMs = 500, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    await (how === 'kill' ? this.kill() : this.stop());
    await new Promise((r) => setTimeout(r, pauseMs));
    await this.startProcess();
  }

  async destroy(): Promise<void> {
    await this.stop();
    this.dir.remove();
  }
}
