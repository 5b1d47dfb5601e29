// Argument checks shared by both JobQueue adapters, so both refuse the same inputs.
import { CronExpressionParser } from 'cron-parser';
import type { RepeatSpec } from '#engine/ports/job-queue.ts';

/** BullMQ reserves ':' in ids and refuses integer-like custom ids; so do we, in both adapters. */
export function checkJobId(id: string): void {
  if (typeof id !== 'string' || id === '' || id.length > 512)
    throw new TypeError('a job id must be a non-empty string');
  if (id.includes(':')) throw new TypeError(`job id "${id}" must not contain ':'`);
  if (/^\d+$/.test(id)) throw new TypeError(`job id "${id}" must not be an integer`);
}

export function checkRepeatSpec(spec: RepeatSpec): void {
  const hasEvery = spec.everyMs !== undefined;
  const hasCron = spec.cron !== undefined;
  if (hasEvery === hasCron) throw new TypeError('a repeat needs exactly one of everyMs or cron');
  if (hasEvery && !(Number.isInteger(spec.everyMs) && (spec.everyMs as number) > 0))
    throw new TypeError('everyMs must be a positive integer');
  if (hasCron) {
    try {
      CronExpressionParser.parse(spec.cron as string);
    } catch {
      throw new TypeError(`invalid cron expression "${spec.cron}"`);
    }
  }
}
