// Small helpers shared by the benchmarks: timing, formatting, and the services' URLs.
export { mongodbUrl, redisUrl, uniqueNamespace } from '../tests/support/services.ts';

export async function timeOps(
  ops: number,
  run: (i: number) => Promise<unknown>,
  parallel = 1,
): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < ops) await run(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return ops / seconds;
}

export function table(rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(cols));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

export const fmt = (n: number): string => (n >= 100 ? Math.round(n).toString() : n.toFixed(1));
