// An automation action with `forEach`: it runs once per item of a FEEL list — a child table's rows
// (`=record.data.lines`) or the records an earlier `record.find` found — with the item under `as`
// (default `item`) and its position, from 1, under `index`. Each item gets its own idempotency key
// (`<run key>-<action>-<n>`): a run retried after item 7 failed runs items 1–6 again with the keys
// they had, and the actions are idempotent per key (record.create takes its id from it), so none
// of their work is done twice.
// The result is {count, results}, results in the items' order ({skipped: true} where `when` was
// false for that item).
import type { Automation } from '#schemas/generated/index.ts';
import { evaluateInput } from '#engine/core/automations/feel-values.ts';
import { UnrecoverableJobError } from '#engine/ports/job-queue.ts';

/** The most items one `forEach` action runs for: a run is one job, and a job should stay short. */
export const MAX_EACH = 1000;

export async function forEachItem(
  step: Automation['actions'][number],
  i: number,
  context: Record<string, unknown>,
  key: string,
  once: (scope: Record<string, unknown>, idempotencyKey: string) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const items = evaluateInput(step.forEach, context) ?? [];
  if (!Array.isArray(items))
    throw new UnrecoverableJobError(`action ${i + 1}: forEach ${step.forEach} is not a list`);
  if (items.length > MAX_EACH)
    throw new UnrecoverableJobError(
      `action ${i + 1}: forEach gives ${items.length} items (at most ${MAX_EACH})`,
    );
  const results: Record<string, unknown>[] = [];
  for (const [n, item] of items.entries())
    results.push(await once({ ...context, [step.as ?? 'item']: item, index: n + 1 }, `${key}-${i}-${n}`));
  return { count: items.length, results };
}
