// Soak: mixed users against one embedded server (`platform/start.ts`, the process `npm start`
// runs, as a child with its own DATA_DIR and the demo company) for SOAK_MINUTES (default 10):
//
//   requesters  6 employees submit a request from the catalogue and look at their requests
//   approvers   their 4 managers read their inbox and approve what is there
//   importer    dry run, then commit, of a 50-row CSV
//   exporter    a CSV export of one imported batch
//   reporter    the finance reports that run without parameters, and the dashboards
//   operator    readiness and metrics (where the server's memory is read from)
//
// It prints the requests by kind, the 5xx count (0 expected: the script exits 1 otherwise), p50 and
// p95 per kind, the server's RSS every minute, and whether memory stayed flat: the last minute's
// RSS against the first minute's (flat: within SOAK_FLAT_PERCENT, default 20 %). The embedded store
// keeps its data in memory (docs/decisions/0001), so memory also grows with what the users add;
// the baseline measured in the same run tells that from a leak: the server is started again on
// the data the soak left, and the soaked process's RSS is compared with the fresh one's (a leak
// shows as the soaked process holding more than SOAK_LEAK_PERCENT, default 25 %, above it). The
// script exits 1 on any 5xx, or when memory grew by both measures. The request form
// and flow are the bench's own (deployed through the API), so the figures do not move with the
// demo module's shapes. Writes nothing outside a temporary directory.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON the loops read freely */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { managerApprovalFlow } from '../tests/support/bpmn-builder.ts';
import { table } from './harness.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const FLAT_PERCENT = Number(process.env.SOAK_FLAT_PERCENT ?? 20);
const LEAK_PERCENT = Number(process.env.SOAK_LEAK_PERCENT ?? 25);
const PASSWORD = 'soak-password-2026';
const ROOT = join(import.meta.dirname, '..');
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

const REQUESTERS = ['wang.fang', 'li.lei', 'zhao.qiang', 'zhou.jie', 'zheng.xin', 'zhang.min'];
const APPROVERS = ['zhang.min', 'sun.li', 'wu.hao', 'liu.yang'];
const CATEGORIES = ['travel', 'office', 'training', 'meals'];

// ---- the server ----------------------------------------------------------------------------

async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'platform', 'start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: '1',
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      MONGODB_URL: '',
      REDIS_URL: '',
      NOTIFY_OUTBOX_DIR: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/[\d.]+:\d+)\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${errors}`)),
    );
  });
  child.stdout!.resume();
  return { child, base };
}

// ---- HTTP with sessions, timed by kind --------------------------------------------------------

interface Stat {
  times: number[];
  status: Map<number, number>;
}
const stats = new Map<string, Stat>();
let serverErrors = 0;
let failures = 0;

function record(kind: string, ms: number, status: number): void {
  let s = stats.get(kind);
  if (!s) stats.set(kind, (s = { times: [], status: new Map() }));
  s.times.push(ms);
  s.status.set(status, (s.status.get(status) ?? 0) + 1);
  if (status >= 500) serverErrors++;
}

class User {
  private cookie = '';
  constructor(
    private readonly base: string,
    readonly login: string,
  ) {}

  async signIn(): Promise<void> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: this.login, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${this.login}: ${res.status} ${await res.text()}`);
    this.cookie = /forma_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }

  /** One timed request; the body parsed when it is JSON, else as text. */
  async call(
    kind: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const started = performance.now();
    let status = 0;
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          cookie: this.cookie,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      status = res.status;
      const type = res.headers.get('content-type') ?? '';
      const parsed: unknown = type.includes('json') ? await res.json() : await res.text();
      record(kind, performance.now() - started, status);
      return { status, body: parsed };
    } catch (e) {
      failures++; // the connection itself failed: counted apart, and as a server error
      record(kind, performance.now() - started, 599);
      return { status: 599, body: { error: String(e) } };
    }
  }
}

// ---- what the bench deploys: a request form and its approval flow ------------------------------

const FORM = 'soak-request';
const FLOW = 'soak-approval';
const ENTRY = 'soak.request';

async function deploy(analyst: User): Promise<void> {
  const form = {
    id: FORM,
    module: 'soak',
    name: L('Purchase request', '采购申请'),
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 200 },
        category: { type: 'string', enum: CATEGORIES },
        amount: { type: 'number', minimum: 0 },
        batch: { type: 'string', maxLength: 40 },
      },
      required: ['title', 'category', 'amount'],
      additionalProperties: false,
    },
    labels: {
      title: L('Title', '标题'),
      category: L('Category', '类别'),
      amount: L('Amount', '金额'),
      batch: L('Batch', '批次'),
    },
  };
  const must = (what: string, res: { status: number; body: unknown }, ok = [200, 201]) => {
    if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  must('form', await analyst.call('setup', 'POST', '/api/forms', form));
  must('publish', await analyst.call('setup', 'POST', `/api/forms/${FORM}/publish`, {}));
  const xml = managerApprovalFlow(FLOW, FORM, 'Purchase approval');
  must('flow', await analyst.call('setup', 'POST', '/api/flows', { xml }));
  must(
    'entry',
    await analyst.call('setup', 'POST', '/api/catalogue/entries', {
      id: ENTRY,
      form: FORM,
      flow: FLOW,
      name: L('Purchase request', '采购申请'),
    }),
  );
}

// ---- the users' loops -----------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms * (0.5 + Math.random());
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

async function requester(u: User, until: number): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    if (n % 5 === 0) await u.call('catalogue', 'GET', '/api/catalogue');
    await u.call('submit', 'POST', `/api/catalogue/${ENTRY}/submit`, {
      data: {
        title: `${u.login} purchase ${n}`,
        category: pick(CATEGORIES),
        amount: Math.round(Math.random() * 500_000) / 100,
      },
    });
    if (n % 3 === 0) await u.call('my requests', 'GET', '/api/approvals/requests?limit=20');
    await sleep(jitter(1000));
  }
}

async function approver(u: User, until: number): Promise<void> {
  while (Date.now() < until) {
    const inbox = await u.call('inbox', 'GET', '/api/tasks?limit=20');
    for (const task of (inbox.body?.items ?? []) as { id: string }[]) {
      if (Date.now() >= until) break;
      await u.call('approve', 'POST', `/api/tasks/${encodeURIComponent(task.id)}/approve`, {
        comment: 'ok',
      });
    }
    await sleep(jitter(1500));
  }
}

const batches: string[] = [];

async function importer(u: User, until: number): Promise<void> {
  for (let n = 0; Date.now() < until; n++) {
    const batch = `b${n}`;
    const rows = [['Title', 'Category', 'Amount', 'Batch']];
    for (let i = 0; i < 50; i++) rows.push([`Imported ${n}-${i}`, pick(CATEGORIES), String(i * 3.5), batch]);
    const content = Buffer.from(rows.map((r) => r.join(',')).join('\n')).toString('base64');
    const file = { fileName: `batch-${n}.csv`, content };
    await u.call('import dry run', 'POST', `/api/records/${FORM}/import`, file);
    const done = await u.call('import commit', 'POST', `/api/records/${FORM}/import`, {
      ...file,
      mode: 'commit',
      policy: 'valid-rows-only',
    });
    if (done.status === 200) batches.push(batch);
    await sleep(jitter(4000));
  }
}

async function exporter(u: User, until: number): Promise<void> {
  while (Date.now() < until) {
    if (batches.length)
      await u.call('export', 'POST', `/api/records/${FORM}/export`, {
        format: 'csv',
        query: { where: { 'data.batch': pick(batches.slice(-10)) } },
      });
    await sleep(jitter(3000));
  }
}

async function reporter(u: User, until: number): Promise<void> {
  const listed = await u.call('reports list', 'GET', '/api/reports');
  const runnable: string[] = [];
  for (const r of (listed.body?.items ?? []) as { id: string }[])
    if ((await u.call('report (probe)', 'POST', `/api/reports/${r.id}/run`, {})).status === 200)
      runnable.push(r.id);
  const dashboards = ((await u.call('dashboards', 'GET', '/api/dashboards')).body?.items ?? []) as {
    id: string;
  }[];
  console.log(
    `  reporter: ${runnable.length} report(s) run without parameters, ${dashboards.length} dashboard(s)`,
  );
  while (Date.now() < until) {
    if (runnable.length) await u.call('report', 'POST', `/api/reports/${pick(runnable)}/run`, {});
    if (dashboards.length && Math.random() < 0.3)
      await u.call('dashboard', 'GET', `/api/dashboards/${pick(dashboards).id}`);
    await sleep(jitter(2000));
  }
}

// ---- memory -------------------------------------------------------------------------------------

interface Sample {
  at: number;
  rss: number;
  heap: number;
  dataBytes: number;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

const metricValue = (text: string, name: string): number =>
  Number(/^(\S+) (\S+)$/m.exec(text.split('\n').find((l) => l.startsWith(`${name} `)) ?? '')?.[2] ?? NaN);

/** The server's memory as its /api/metrics says, and the data on disk (null: no answer). */
async function memory(u: User, dataDir: string, at: number): Promise<Sample | null> {
  const m = await u.call('metrics', 'GET', '/api/metrics');
  if (m.status !== 200) return null;
  const text = m.body as string;
  return {
    at,
    rss: metricValue(text, 'process_resident_memory_bytes'),
    heap: metricValue(text, 'nodejs_heap_used_bytes'),
    dataBytes: dirBytes(dataDir),
  };
}

async function operator(u: User, until: number, dataDir: string, samples: Sample[], started: number) {
  while (Date.now() < until) {
    await u.call('ready', 'GET', '/api/health/ready');
    const sample = await memory(u, dataDir, Date.now() - started);
    if (sample) samples.push(sample);
    await sleep(10_000);
  }
}

/**
 * The baseline: a fresh server on the data the soak left, every collection loaded (the readiness
 * check reads each one) and a moment to settle — what that much data costs without the soak.
 */
async function freshBaseline(dataDir: string): Promise<Sample | null> {
  const { child, base } = await startServer(dataDir);
  try {
    const admin = new User(base, 'qian.admin');
    await admin.signIn();
    await admin.call('setup', 'GET', '/api/health/ready');
    await admin.call('setup', 'GET', `/api/records/${FORM}?limit=50`);
    await sleep(5000);
    return await memory(admin, dataDir, 0);
  } finally {
    await stop(child);
  }
}

// ---- run ----------------------------------------------------------------------------------------

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const mb = (b: number) => (b / 1048576).toFixed(0);

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'forma-soak-'));
  const dataDir = join(tmp, 'data');
  console.log(`Soak: ${MINUTES} minute(s), one embedded server (DATA_DIR ${dataDir})…`);
  const { child, base } = await startServer(dataDir);
  try {
    const user = async (login: string) => {
      const u = new User(base, login);
      await u.signIn();
      return u;
    };
    const admin = await user('qian.admin');
    await deploy(await user('zhou.jie'));
    const started = Date.now();
    const until = started + MINUTES * 60_000;
    const samples: Sample[] = [];
    const loops = [
      ...(await Promise.all(REQUESTERS.map(user))).map((u) => requester(u, until)),
      ...(await Promise.all(APPROVERS.map(user))).map((u) => approver(u, until)),
      importer(admin, until),
      exporter(await user('qian.admin'), until),
      reporter(await user('zhao.qiang'), until),
      operator(await user('qian.admin'), until, dataDir, samples, started),
    ];
    const progress = setInterval(() => {
      const last = samples.at(-1);
      const done = [...stats].filter(([k]) => k !== 'setup').reduce((n, [, s]) => n + s.times.length, 0);
      console.log(
        `  ${Math.round((Date.now() - started) / 60_000)} min: ${done} requests, ${serverErrors} 5xx` +
          (last ? `, server RSS ${mb(last.rss)} MB` : ''),
      );
    }, 60_000);
    await Promise.all(loops);
    clearInterval(progress);

    const rows = [...stats.entries()]
      .filter(([kind]) => kind !== 'setup')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, s]) => ({
        kind,
        requests: s.times.length,
        '2xx': [...s.status].filter(([c]) => c < 300).reduce((n, [, k]) => n + k, 0),
        '4xx': [...s.status].filter(([c]) => c >= 400 && c < 500).reduce((n, [, k]) => n + k, 0),
        '5xx': [...s.status].filter(([c]) => c >= 500).reduce((n, [, k]) => n + k, 0),
        'p50 ms': pct(s.times, 50).toFixed(1),
        'p95 ms': pct(s.times, 95).toFixed(1),
      }));
    console.log('\nRequests by kind:');
    table(rows);
    const total = rows.reduce((n, r) => n + r.requests, 0);
    console.log(
      `\n${total} requests in ${MINUTES} min; 5xx: ${serverErrors} (connection failures: ${failures})`,
    );

    console.log('\nServer memory by minute (mean of the samples, every 10 s):');
    const byMinute: { minute: number; rss: number; heap: number; data: number }[] = [];
    for (let m = 0; m < MINUTES; m++) {
      const s = samples.filter((x) => x.at >= m * 60_000 && x.at < (m + 1) * 60_000);
      if (!s.length) continue;
      const mean = (f: (x: Sample) => number) => s.reduce((n, x) => n + f(x), 0) / s.length;
      byMinute.push({
        minute: m + 1,
        rss: mean((x) => x.rss),
        heap: mean((x) => x.heap),
        data: mean((x) => x.dataBytes),
      });
    }
    table(
      byMinute.map((r) => ({
        minute: r.minute,
        'RSS MB': mb(r.rss),
        'heap used MB': mb(r.heap),
        'data on disk MB': mb(r.data),
      })),
    );
    const first = byMinute[0];
    const last = byMinute.at(-1);
    let flat = false;
    let leakFree = false;
    if (first && last) {
      const growth = ((last.rss - first.rss) / first.rss) * 100;
      flat = growth <= FLAT_PERCENT;
      console.log(
        `\nMemory ${flat ? 'stayed flat' : 'did NOT stay flat'}: RSS ${mb(first.rss)} MB in minute 1, ` +
          `${mb(last.rss)} MB in minute ${last.minute} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %, ` +
          `limit +${FLAT_PERCENT} %); data on disk grew ${mb(last.data - first.data)} MB meanwhile.`,
      );
      await stop(child);
      const fresh = await freshBaseline(dataDir);
      if (fresh) {
        const above = ((last.rss - fresh.rss) / fresh.rss) * 100;
        leakFree = above <= LEAK_PERCENT;
        console.log(
          `Against a fresh server on the same data: RSS ${mb(fresh.rss)} MB, heap ${mb(fresh.heap)} MB; ` +
            `the soaked server held ${above >= 0 ? '+' : ''}${above.toFixed(1)} % RSS ` +
            `(${leakFree ? 'no leak' : 'a LEAK'} by the +${LEAK_PERCENT} % limit).`,
        );
      }
    }
    if (serverErrors > 0 || (!flat && !leakFree)) process.exitCode = 1;
  } finally {
    await stop(child);
    rmSync(tmp, { recursive: true, force: true }); // the data and its audit key and anchors beside it
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
