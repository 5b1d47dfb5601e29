// Report lookups (pure): a value from another form's record onto each row, matched by key — the
// join a report needs when its rows name a customer or an item but group by the customer's region
// or the item's group. A row without the key, or whose key no record holds, keeps what it had, so
// two lookups may fill one name from different forms (a stock entry of a delivery or of a return).
import type { Report } from '#schemas/generated/index.ts';
import type { Row } from './aggregate.ts';
import { valueAt } from './values.ts';

export type Lookup = NonNullable<Report['lookups']>[number];

/** The records' `value` by their `key` (the first record of a key wins; keys compared as text). */
export function lookupTable(lookup: Lookup, records: Iterable<Row>): Map<string, unknown> {
  const table = new Map<string, unknown>();
  for (const record of records) {
    const key = valueAt(record, lookup.key);
    if (key === undefined || key === null) continue;
    const text = String(key);
    if (!table.has(text)) table.set(text, valueAt(record, lookup.value));
  }
  return table;
}

/** Each row with the looked-up value set as `lookup.as` where its `field` matches a key. */
export function applyLookup(rows: Row[], lookup: Lookup, table: ReadonlyMap<string, unknown>): void {
  for (const row of rows) {
    const key = valueAt(row, lookup.field);
    if (key === undefined || key === null) continue;
    const text = String(key);
    if (table.has(text)) row[lookup.as] = table.get(text);
  }
}
