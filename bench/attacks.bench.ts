// The attacks of an ordinary employee, measured against a real server process in each run mode:
// how much memory the server takes at its peak, and how long it takes to answer /api/health while
// the attack runs — against the same server idle, measured in the same run (the baseline).
//
// 1. import-rows   a dry-run import of the reported workbook: BENCH_ATTACK_ROWS rows (3 300 000),
//                  highly compressed (refused at the row limit, 413)
// 2. import-bomb   a dry run of a zip bomb: a few rows and BENCH_BOMB_MB (1024) MB of padding that
//                  compress to almost nothing (refused at the unpacked-size limit, 413)
// 3. import-legit  the heaviest import allowed: a dry run of BENCH_LEGIT_ROWS rows (100 000)
// 4. uploads       an employee uploads BENCH_UPLOADS files of 10 MB (127; distributed:
//                  BENCH_UPLOADS_DISTRIBUTED, 30 — FerretDB stores GridFS slowly), streamed
//
// Each attack runs on a fresh server (`node engine/src/main.ts`, demo company seeded), whose
// peak resident memory is its VmHWM (/proc/<pid>/status). Health is asked every 50 ms over HTTP.
// Modes: BENCH_MODES ("embedded,distributed"; the latter needs scripts/services.sh up).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildXlsx } from '../tests/support/xlsx-fixtures.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { fmt, mongodbUrl, redisUrl, table, uniqueNamespace } from './harness.ts';

const REPO = join(import.meta.dirname, '..');
const ATTACK_ROWS = Number(process.env.BENCH_ATTACK_ROWS ?? 3_300_000);
const BOMB_MB = Number(process.env.BENCH_BOMB_MB ?? 1024);
const LEGIT_ROWS = Number(process.env.BENCH_LEGIT_ROWS ?? 100_000);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 127);
const UPLOADS_DISTRIBUTED = Number(process.env.BENCH_UPLOADS_DISTRIBUTED ?? 30);
const MODES = (process.env.BENCH_MODES ?? 'embedded,distributed').split(',').filter(Boolean);
const PASSWORD = 'bench-password-2026';
const FORM = 'finance-expense-claim';

interface Server {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

async function startServer(mode: string): Promise<Server> {
  const data = tempDir('attack');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: '1',
    DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
    DATA_DIR: data.dir,
    ENCRYPTION_KEY: `k-bench:${randomBytes(32).toString('base64')}`,
    MONGODB_URL:
      mode === 'distributed' ? `${mongodbUrl().replace(/\/$/, '')}/${uniqueNamespace('attack')}` : '',
    REDIS_URL: mode === 'distributed' ? redisUrl() : '',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'engine/src/main.ts')], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 180_000);
    const look = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Open (http:\/\/[^/\s]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  return {
    child,
    base,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (mode === 'distributed') {
        const { MongoClient } = await import('mongodb');
        const client = await new MongoClient(env.MONGODB_URL!).connect();
        await client.db().dropDatabase();
        await client.close();
      }
      data.remove();
    },
  };
}

/** Peak and current resident memory of a process (MB). */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

async function login(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: name, password: PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !cookie) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

/** Asks for health every 50 ms until `until` settles; the latencies (ms). */
async function probeHealth(base: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    const start = performance.now();
    const res = await fetch(`${base}/api/health`).catch(() => null);
    latencies.push(res?.ok ? performance.now() - start : Number.POSITIVE_INFINITY);
    await res?.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
  }
  return latencies;
}

const pct = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function importDryRun(base: string, cookie: string, file: Buffer): Promise<string> {
  const res = await fetch(`${base}/api/records/${FORM}/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ fileName: 'claims.xlsx', content: file.toString('base64'), mode: 'dry-run' }),
  });
  const body = (await res.json()) as { error?: { code: string }; status?: string; totalRows?: number };
  return `${res.status} ${body.error?.code ?? `${body.status} ${body.totalRows} rows`}`;
}

async function uploads(base: string, cookie: string, count: number): Promise<string> {
  const outcomes = new Map<string, number>();
  const tenMb = randomBytes(10 * 1024 * 1024);
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${base}/api/files/upload?name=scan-${i}.pdf&type=application%2Fpdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie },
      body: tenMb,
    });
    const body = (await res.json()) as { error?: { code: string } };
    const key = `${res.status}${body.error ? ` ${body.error.code}` : ''}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  return [...outcomes].map(([k, n]) => `${n}× ${k}`).join(', ');
}

interface Attack {
  name: string;
  run(base: string, mode: string): Promise<string>;
}

async function main(): Promise<void> {
  console.log(`building workbooks: ${ATTACK_ROWS} rows; a bomb of ${BOMB_MB} MB; ${LEGIT_ROWS} rows…`);
  const header = ['title', 'date', 'category'];
  // Rows alike, without cell references: as compressed as the reported file (3.3 million rows in
  // 25 MB) or more.
  const attackFile = await buildXlsx(header, ATTACK_ROWS, () => ['Taxi', '2026-03-01', 'travel'], 0, true);
  const bomb = await buildXlsx(
    header,
    5,
    (i) => [`claim ${i}`, '2026-03-01', 'travel'],
    BOMB_MB * 1024 * 1024,
  );
  const legit = await buildXlsx(header, LEGIT_ROWS, (i) => [`claim ${i}`, '2026-03-01', 'travel']);
  console.log(
    `workbooks: ${(attackFile.length / 1048576).toFixed(1)} MB, ${(bomb.length / 1048576).toFixed(2)} MB, ${(legit.length / 1048576).toFixed(1)} MB\n`,
  );
  const attacks: Attack[] = [
    {
      name: `import-rows (${ATTACK_ROWS} rows)`,
      run: async (base) => importDryRun(base, await login(base, 'qian.admin'), attackFile),
    },
    {
      name: `import-bomb (${BOMB_MB} MB unpacked)`,
      run: async (base) => importDryRun(base, await login(base, 'qian.admin'), bomb),
    },
    {
      name: `import-legit (${LEGIT_ROWS} rows)`,
      run: async (base) => importDryRun(base, await login(base, 'qian.admin'), legit),
    },
    {
      name: 'uploads (10 MB each)',
      run: async (base, mode) =>
        uploads(base, await login(base, 'zheng.xin'), mode === 'distributed' ? UPLOADS_DISTRIBUTED : UPLOADS),
    },
  ];

  for (const mode of MODES) {
    const rows: Array<Record<string, string | number>> = [];
    for (const attack of attacks) {
      const server = await startServer(mode);
      try {
        // Idle baseline, once the start-up work (the modules scan) is over.
        await new Promise((r) => setTimeout(r, 3000));
        const idle = await probeHealth(server.base, new Promise((r) => setTimeout(r, 3000)));
        const before = memoryOf(server.child.pid!);
        const started = performance.now();
        const outcome = attack.run(server.base, mode);
        const during = await probeHealth(server.base, outcome);
        const result = await outcome;
        const seconds = (performance.now() - started) / 1000;
        const after = memoryOf(server.child.pid!);
        const p99Idle = pct(idle, 99);
        rows.push({
          attack: attack.name,
          outcome: result,
          seconds: seconds.toFixed(1),
          'RSS before MB': fmt(before.now),
          'RSS peak MB': fmt(after.peak),
          'health p50 ms': fmt(pct(during, 50)),
          'health p99 ms': fmt(pct(during, 99)),
          'health max ms': fmt(Math.max(...during)),
          'p99 vs idle': `${(pct(during, 99) / p99Idle).toFixed(1)}×`,
          'idle p99 ms': fmt(p99Idle),
        });
      } finally {
        await server.stop();
      }
    }
    console.log(`\n${mode} mode`);
    table(rows);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
