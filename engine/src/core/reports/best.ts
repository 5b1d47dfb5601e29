// A report's `best` marks (pure): which rows hold the lowest (or highest) value of a measure
// among the rows that share some group columns — the cheapest supplier per item in a quotation
// comparison, the fastest carrier per route. Each mark is a boolean column: true on every row
// that ties for the best, false on the others, null where the row has no value. Compared as
// exact decimals, before sorting and the limit (a limit cannot change which row is best).
import type Big from 'big.js';
import type { Report } from '#schemas/generated/index.ts';
import { toDecimal } from './values.ts';

type Row = Record<string, unknown>;
export type BestMark = NonNullable<Report['best']>[number];

export function markBest(rows: Row[], marks: readonly BestMark[]): void {
  for (const mark of marks) {
    const within = mark.within ?? [];
    const keyOf = (row: Row) => JSON.stringify(within.map((name) => row[name] ?? null));
    const best = new Map<string, Big>();
    for (const row of rows) {
      const d = toDecimal(row[mark.measure]);
      if (!d) continue;
      const key = keyOf(row);
      const current = best.get(key);
      const better = !current || (mark.order === 'highest' ? d.gt(current) : d.lt(current));
      if (better) best.set(key, d);
    }
    for (const row of rows) {
      const d = toDecimal(row[mark.measure]);
      row[mark.as] = d ? d.eq(best.get(keyOf(row))!) : null;
    }
  }
}
