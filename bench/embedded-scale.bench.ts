// The embedded mode at three years of a 100-person company (bench/company-data.ts, ≈ 2.1 million
// documents at BENCH_SCALE=1): builds the data directory once (BENCH_DATA_DIR, default
// /tmp/forma-company-<scale>; BENCH_REBUILD=1 builds it again), then opens it in a fresh process
// (bench/embedded-open.ts) BENCH_OPENS times (3) and prints the cold start, the memory held (RSS)
// and a few reads per part of the platform. Goals: cold start < 15 s, RSS reported and bounded.
// The OS page cache holds the files after the build: the cold start is the process's, not a
// cold disk's.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { buildCompany } from './company-data.ts';
import { table } from './harness.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DIR = process.env.BENCH_DATA_DIR ?? `/tmp/forma-company-${SCALE}`;
const OPENS = Number(process.env.BENCH_OPENS ?? 3);
process.env.ENCRYPTION_KEY ??= `k-bench:${randomBytes(32).toString('base64')}`;

const marker = join(DIR, 'built.json');
if (process.env.BENCH_REBUILD === '1' || !existsSync(marker)) {
  rmSync(DIR, { recursive: true, force: true });
  console.log(`building the company data set (scale ${SCALE}) in ${DIR}…`);
  const t0 = Date.now();
  const store = new EmbeddedStore({ dir: DIR });
  const counts = await buildCompany(store, SCALE, (line) => console.log(line));
  await store.close();
  const seconds = (Date.now() - t0) / 1000;
  writeFileSync(marker, JSON.stringify({ counts, seconds }));
}
const built = JSON.parse(readFileSync(marker, 'utf8')) as { counts: Record<string, number>; seconds: number };
const bytes = readdirSync(DIR).reduce((sum, f) => sum + statSync(join(DIR, f)).size, 0);
const total = Object.values(built.counts).reduce((a, b) => a + b, 0);
console.log(
  `data set: ${total} documents, ${(bytes / 2 ** 30).toFixed(2)} GiB on disk, built in ${built.seconds.toFixed(0)} s`,
);
table(Object.entries(built.counts).map(([collection, docs]) => ({ collection, docs })));

const runs: Array<Record<string, unknown>> = [];
for (let i = 0; i < OPENS; i++) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'embedded-open.ts'), DIR],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
    },
  );
  const result = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>;
  runs.push(result);
  console.log(
    `open ${i + 1}: ready in ${result.openMs} ms (${result.openCpuMs} ms of CPU), indexes filled after ` +
      `${result.indexedMs} ms (${result.indexedCpuMs} ms of CPU); RSS ${result.rssMiB} MiB (heap ${result.heapMiB} MiB)`,
  );
}
const best = [...runs].sort((a, b) => (a.openMs as number) - (b.openMs as number))[0] as Record<
  string,
  unknown
>;
const median = (key: string): number =>
  runs.map((r) => r[key] as number).sort((a, b) => a - b)[Math.floor(OPENS / 2)] as number;
console.log(
  `\ncold start, median of ${OPENS}: every collection open and ready ${median('openMs')} ms ` +
    `(${median('openCpuMs')} ms of CPU; goal < 15,000 ms), every index filled ${median('indexedMs')} ms ` +
    `(${median('indexedCpuMs')} ms of CPU); RSS ${median('rssMiB')} MiB`,
);
table(
  Object.entries(best.reads as Record<string, { p50: number; p95: number }>).map(([read, t]) => ({
    read,
    'p50 ms': t.p50,
    'p95 ms': t.p95,
  })),
);
console.log(JSON.stringify({ scale: SCALE, documents: total, bytes, runs }));
