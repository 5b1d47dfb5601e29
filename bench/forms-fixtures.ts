// The payloads, actor and stores the forms bench's parts share (forms.bench.ts, forms-list.ts),
// and the rate and percentile arithmetic they report with.
import { EmbeddedStore } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '../engine/src/adapters/store/mongodb/mongo-store.ts';
import type { Principal } from '../engine/src/core/permissions/access.ts';
import type { Action } from '../engine/src/core/permissions/resolve.ts';
import type { DocumentStore } from '../engine/src/ports/document-store.ts';
import { decide, type DecidedActor } from '../engine/src/core/actor.ts';
import { claimData } from '../tests/core/forms/fixtures.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { mongodbUrl, uniqueNamespace } from './harness.ts';

export const CITIES = Array.from({ length: 50 }, (_, i) => `City${i}`);
export const WORDS = [
  'trip',
  'hotel',
  'taxi',
  'lunch',
  'dinner',
  'office',
  'printer',
  'paper',
  'flight',
  'train',
  '深圳',
  '北京',
  '会议',
  '培训',
];
const admin: Principal = {
  userId: 'bench',
  login: 'bench',
  roles: ['admin'],
  locale: 'en',
  grants: [{ resource: '*', actions: ['read', 'create', 'update', 'delete', 'export'] }],
};
export const as = (resource: string, action: Action): DecidedActor =>
  decide({ principal: admin }, resource, action);

export function payload(i: number): Record<string, unknown> {
  const lines = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
    date: `2026-01-${String(1 + ((i + j) % 28)).padStart(2, '0')}`,
    quantity: 1 + ((i + j) % 4),
    unitPrice: `${1 + ((i * 7 + j * 13) % 900)}.${String(i % 100).padStart(2, '0')}`,
  }));
  const data = claimData({
    title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
    category: ['travel', 'meals', 'office'][i % 3],
    phone: `13${String(100_000_000 + ((i * 7919) % 900_000_000)).padStart(9, '0')}`,
    payee: { name: `Payee ${i % 500}`, city: CITIES[i % CITIES.length] },
    lines,
  });
  if (i % 10 === 9) data.phone = '12345'; // 10% invalid
  return data;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * Operations per wall second, and per CPU-second of this process (user + system, all its threads): on a
 * machine other processes share, the CPU figure is what the code costs, the wall figure what it got.
 */
export async function opsPerWallAndCpuSecond(
  n: number,
  run: (i: number) => unknown,
): Promise<{ wall: number; cpu: number }> {
  const start = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await run(i);
  const cpu = process.cpuUsage(cpu0);
  return {
    wall: n / (Number(process.hrtime.bigint() - start) / 1e9),
    cpu: n / ((cpu.user + cpu.system) / 1e6),
  };
}

export function syncOpsPerSecond(n: number, run: (i: number) => unknown): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run(i);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

export async function openStore(
  adapter: string,
): Promise<{ store: DocumentStore; close: () => Promise<void>; label: string }> {
  if (adapter === 'embedded') {
    const tmp = tempDir('bench-forms');
    const store = new EmbeddedStore({ dir: tmp.dir });
    return { store, label: 'embedded', close: async () => (await store.close(), tmp.remove()) };
  }
  const mongo = await MongoStore.connect({ url: mongodbUrl(), dbName: uniqueNamespace('benchforms') });
  return {
    store: mongo,
    label: `mongodb (${(await mongo.describeServer()).label})`,
    close: async () => (await mongo.dropDatabase(), await mongo.close()),
  };
}
