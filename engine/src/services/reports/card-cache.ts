// Dashboard cards' results kept for a while, so a dashboard opened by many is not recomputed card
// by card on every view. A kept result is served only when all of these hold:
//   - the same report and parameters;
//   - the same access: the reader's roles and, for every source the report reads, the row rule
//     and field restrictions their grants resolve to (an 'own' rule names the user, so two users
//     with the same roles but such a rule never share a figure; a report over every row — scope
//     'all' — is the same for all its readers);
//   - no write to its sources since: each source that can tell a write gives a stamp (a ledger:
//     its entry count; forms: the count and the latest change of their records), and a changed
//     stamp recomputes; sources that cannot tell (a balance updated in place) rely on the TTL;
//   - younger than the TTL.
// The result keeps the time it was computed (`generatedAt`): the "as of" each card shows.
import type { ReportResult } from '#schemas/generated/index.ts';
import type { Clock } from '#engine/ports/clock.ts';

/** How long a card's result is kept at most (also when no write is seen). */
export const CARD_CACHE_TTL_MS = 5 * 60_000;
/** Results kept at most (the least recently used go first). */
const MAX_KEPT = 1000;

interface Kept {
  stamp: string;
  at: number;
  result: ReportResult;
}

export class CardCache {
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly options: { clock: Clock; ttlMs?: number }) {}

  /** The kept result for `key` if its stamp and age allow, else `compute()`'s (then kept). */
  async get(key: string, stamp: string, compute: () => Promise<ReportResult>): Promise<ReportResult> {
    const now = this.options.clock.now();
    const hit = this.kept.get(key);
    if (hit && hit.stamp === stamp && now - hit.at < (this.options.ttlMs ?? CARD_CACHE_TTL_MS)) {
      this.kept.delete(key); // most recently used last
      this.kept.set(key, hit);
      return hit.result;
    }
    const result = await compute();
    this.kept.delete(key);
    this.kept.set(key, { stamp, at: now, result });
    while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return result;
  }
}
