// A roster's arithmetic (pure): which cell of the week a record sits in, and what copying one week
// to the following ones changes — a record to create where the cell is empty, the assigned value
// to set where it differs, nothing where it is already the same (so repeating twice changes
// nothing the second time).
import { addDays } from './dates.ts';

/** One record of the roster as its cell sees it. */
export interface Placed {
  id: string;
  rev: number;
  lane: string;
  day: string;
  value: string;
}

export type Assignment = Pick<Placed, 'lane' | 'day' | 'value'>;

export interface RepeatPlan {
  create: Assignment[];
  update: Array<{ id: string; rev: number; value: string }>;
  unchanged: number;
}

/** A cell's key: the row's key and the day (a day never holds the separator). */
export const cellKey = (lane: string, day: string): string => `${lane}\u241f${day}`;

export function parseCell(key: string): { lane: string; day: string } {
  const at = key.lastIndexOf('\u241f');
  return { lane: key.slice(0, at), day: key.slice(at + 1) };
}

/**
 * What makes each of the `weeks` weeks after `week` look like it: `week` holds the assignments of
 * one week, `later` the records already in the weeks after it. Cells empty in `week` are left alone.
 */
export function repeatPlan(week: Assignment[], later: Placed[], weeks: number): RepeatPlan {
  const there = new Map(later.map((p) => [cellKey(p.lane, p.day), p]));
  const plan: RepeatPlan = { create: [], update: [], unchanged: 0 };
  for (let w = 1; w <= weeks; w++) {
    for (const a of week) {
      const day = addDays(a.day, 7 * w);
      const found = there.get(cellKey(a.lane, day));
      if (!found) plan.create.push({ lane: a.lane, day, value: a.value });
      else if (found.value !== a.value) plan.update.push({ id: found.id, rev: found.rev, value: a.value });
      else plan.unchanged++;
    }
  }
  return plan;
}

/** A record's data with top-level fields set by their record paths (`data.shift` → `{ shift }`). */
export function dataOf(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([path, v]) => [path.replace(/^data\./, ''), v]));
}
