// Numbering series: gap-free document numbers that are never given twice, in both run modes,
// with nothing but single-document atomic writes (docs/decisions/0008-document-numbering.md).
//
// Every number of a series is a *claim*, a document whose id is the series and the number
// (`finance-expense-claim|EXP-2026-#` + `#7`): inserting it is the atomic act of taking the number
// (a second insert of the same id fails on every store). A counter document per series says which
// number to try next (an atomic increment); it is only a hint — if it lags, the insert fails and
// the next number is tried. A claim is
//   reserved  taken for a record about to be inserted (with a token and a time),
//   used      the record holding the number was inserted (a unique index on the records' `number`
//             is the final guard against a duplicate),
//   free      given back: the record insert failed, or an import rolled back. Free numbers are
//             taken again before the counter moves on, lowest first, so a failure leaves no gap.
// A reservation whose process died is found by its age: if a record holds the number it becomes
// used, otherwise free.
import { randomUUID } from 'node:crypto';
import type { DocumentNumbering } from '#schemas/generated/index.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import {
  datePartsAt,
  DEFAULT_TIME_ZONE,
  formatNumber,
  parsePattern,
  seriesOf,
  type NumberPattern,
} from '#engine/core/documents/numbering.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';

export const NUMBER_COUNTERS = 'numbering_counters';
export const NUMBER_CLAIMS = 'numbering_claims';

interface Claim {
  series: string;
  n: number;
  number: string;
  form: string;
  state: 'reserved' | 'used' | 'free';
  token?: string;
  /** When it was reserved (epoch ms). */
  at: number;
  recordId?: string;
}

/** A number taken for a record about to be written: confirm it once written, or give it back. */
export interface NumberReservation {
  number: string;
  series: string;
  /** The record holding the number was written. */
  confirm(recordId: string): Promise<void>;
  /** The record was not written: the number goes back to the series. */
  release(): Promise<void>;
  /** Another record holds the number (found by the records' unique index): never give it out. */
  lost(): Promise<void>;
}

export interface NumberingOptions {
  store: DocumentStore;
  clock: Clock;
  /** Does a record of `form` hold `number`? (Decides what a reservation left by a crash becomes.) */
  numberInUse(form: string, number: string): Promise<boolean>;
  /** A reservation older than this is considered abandoned (default 5 minutes). */
  staleAfterMs?: number;
}

const ATTEMPTS = 50;

export class NumberingService {
  private readonly counters: Collection<{ next: number }>;
  private readonly claims: Collection<Claim>;
  private readonly patterns = new Map<string, NumberPattern>();
  private readonly sweptAt = new Map<string, number>();
  private readonly staleAfterMs: number;

  constructor(private readonly options: NumberingOptions) {
    this.counters = options.store.collection(NUMBER_COUNTERS);
    this.claims = options.store.collection(NUMBER_CLAIMS);
    this.staleAfterMs = options.staleAfterMs ?? 5 * 60_000;
  }

  async init(): Promise<void> {
    await this.claims.ensureIndex({
      fields: [
        ['series', 1],
        ['state', 1],
        ['n', 1],
      ],
    });
    await this.claims.ensureIndex({
      fields: [
        ['form', 1],
        ['number', 1],
      ],
    });
  }

  /** Numbers whose records were removed again (an import rolled back): free to be taken again. */
  async releaseNumbers(form: string, numbers: string[]): Promise<void> {
    if (numbers.length === 0) return;
    const { items } = await this.claims.find({ form, number: { $in: numbers } });
    for (const claim of items) {
      if (claim.state === 'free') continue;
      try {
        await this.claims.update(claim.id, claim.rev, {
          set: { state: 'free' },
          unset: ['token', 'recordId'],
        });
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
      }
    }
  }

  /** The series a record of `form` created now belongs to (`<form>|EXP-2026-#`). */
  seriesAt(
    form: string,
    numbering: DocumentNumbering,
    at: number,
  ): { series: string; pattern: NumberPattern } {
    const pattern = this.pattern(numbering.pattern);
    const date = datePartsAt(at, numbering.timeZone ?? DEFAULT_TIME_ZONE);
    return { series: `${form}|${seriesOf(pattern, date)}`, pattern };
  }

  /** Takes the next number of the series for a record of `form` made now. */
  async reserve(form: string, numbering: DocumentNumbering): Promise<NumberReservation> {
    const now = this.options.clock.now();
    const { series, pattern } = this.seriesAt(form, numbering, now);
    const date = datePartsAt(now, numbering.timeZone ?? DEFAULT_TIME_ZONE);
    await this.sweepAbandoned(series, now);
    const token = randomUUID();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const free = await this.claims.findOne({ series, state: 'free' }, { sort: [['n', 1]] });
      if (free) {
        try {
          const taken = await this.claims.update(free.id, free.rev, {
            set: { state: 'reserved', token, at: now },
          });
          return this.reservation(taken, token);
        } catch (e) {
          if (e instanceof RevisionConflictError) continue;
          throw e;
        }
      }
      const n = await this.nextCounter(series);
      const claim: Claim = {
        series,
        n,
        number: formatNumber(pattern, date, n),
        form,
        state: 'reserved',
        token,
        at: now,
      };
      try {
        return this.reservation(await this.claims.insert({ ...claim, id: `${series}#${n}` }), token);
      } catch (e) {
        if (e instanceof DuplicateKeyError) continue; // the counter lagged: try the next number
        throw e;
      }
    }
    throw documentErrors.numberingBusy(series);
  }

  /** Every claim of a series in order (tests and operators: the proof that nothing is missing). */
  async claimsOf(series: string): Promise<Array<Stored<Claim>>> {
    return (await this.claims.find({ series }, { sort: [['n', 1]] })).items;
  }

  private reservation(claim: Stored<Claim>, token: string): NumberReservation {
    let current = claim;
    const settle = async (set: Partial<Claim>, unset: string[], onlyIfMine: boolean): Promise<void> => {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        try {
          current = await this.claims.update(current.id, current.rev, {
            set,
            ...(unset.length ? { unset } : {}),
          });
          return;
        } catch (e) {
          if (!(e instanceof RevisionConflictError)) throw e;
          const fresh = await this.claims.get(current.id);
          if (!fresh || (onlyIfMine && fresh.token !== token)) return;
          current = fresh;
        }
      }
    };
    return {
      number: claim.number,
      series: claim.series,
      // The record is written under the number: the claim says so, whoever touched it meanwhile.
      confirm: (recordId) => settle({ state: 'used', recordId }, ['token'], false),
      release: () => settle({ state: 'free' }, ['token', 'recordId'], true),
      lost: () => settle({ state: 'used' }, ['token'], true),
    };
  }

  /** The next value of the series' counter (created at 0 on first use). */
  private async nextCounter(series: string): Promise<number> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        const doc = await this.counters.increment(series, { next: 1 });
        if (doc) return doc.next;
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        try {
          await this.counters.insert({ id: series, next: 0 });
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
        }
      }
    }
    throw documentErrors.numberingBusy(series);
  }

  /** Settles reservations a dead process left behind (at most once per half stale period). */
  private async sweepAbandoned(series: string, now: number): Promise<void> {
    const last = this.sweptAt.get(series) ?? 0;
    if (now - last < this.staleAfterMs / 2 && last !== 0) return;
    this.sweptAt.set(series, now);
    const { items } = await this.claims.find(
      { series, state: 'reserved', at: { $lt: now - this.staleAfterMs } },
      { limit: 100 },
    );
    for (const claim of items) {
      const used = await this.options.numberInUse(claim.form, claim.number);
      try {
        await this.claims.update(claim.id, claim.rev, {
          set: { state: used ? 'used' : 'free' },
          unset: ['token'],
        });
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
      }
    }
  }

  private pattern(source: string): NumberPattern {
    let parsed = this.patterns.get(source);
    if (!parsed) {
      const result = parsePattern(source);
      if ('problems' in result)
        throw new TypeError(`numbering pattern "${source}": ${result.problems[0]?.message}`);
      parsed = result;
      this.patterns.set(source, parsed);
    }
    return parsed;
  }
}
