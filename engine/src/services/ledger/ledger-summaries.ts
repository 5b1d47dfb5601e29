// The general ledger's day summaries (core/ledger/summary.ts) kept beside the vouchers: each
// posted voucher is added to the summary of its book and date — a back-dated one to that earlier
// day's — and reports whose filters, groups and measures the summaries can answer read them
// instead of every line (report-rows.ts, summary-plan.ts).
//
// The vouchers stay the truth. Adding a voucher is idempotent (a summary names its vouchers) and
// retried on a concurrent write; if it still fails (a crash between the voucher and its summary),
// the summaries hold fewer vouchers than the ledger: every read compares the two counts and, when
// they differ after a moment's retries, rebuilds the summaries from the vouchers before answering.
//
// Reading every summary on every report costs more than the report itself, so the rows are kept in
// memory, labelled with a version every writer of summaries raises after writing (one small
// document): a read whose version and voucher count are those of the rows kept answers from them.
// The version is read before the summaries, so a write that lands in between only makes the next
// read read again; other processes' writes raise the same version.
import {
  DaySummaryBuilder,
  daySummaryId,
  SUMMARY_LINE_AMOUNTS,
  SUMMARY_LINE_DIMENSIONS,
  SUMMARY_VOUCHER_DIMENSIONS,
  type DaySummary,
  type SummarizedVoucher,
} from '#engine/core/ledger/summary.ts';
import { ROW_WEIGHT, type WeightedRow } from '#engine/core/reports/aggregate.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
} from '#engine/ports/document-store.ts';
import type { SourceSummary } from '../reports/report-rows.ts';

export const LEDGER_SUMMARIES = 'ledger_summaries';
/** One document (`all`) whose `n` every writer of summaries raises. */
export const LEDGER_SUMMARY_VERSION = 'ledger_summary_version';
const VERSION_ID = 'all';

/** Reads that find the counts apart (a post between the two reads) before rebuilding. */
const CHECKS = 3;
const ATTEMPTS = 5;
/** More summaries than any ledger has days × books: one read takes them all. */
const ALL = 10_000_000;
/** Vouchers a rebuild reads at a time. */
const REBUILD_PAGE = 100_000;

export class LedgerSummaries {
  private readonly days: Collection<DaySummary>;
  private readonly version: Collection<{ n: number }>;
  /** The summary rows last read, with the version and voucher count they were read at. */
  private kept: { version: number; vouchers: number; rows: WeightedRow[] } | null = null;

  constructor(
    private readonly options: {
      store: DocumentStore;
      vouchers: Pick<Collection<SummarizedVoucher>, 'find' | 'count'>;
    },
  ) {
    this.days = options.store.collection<DaySummary>(LEDGER_SUMMARIES);
    this.version = options.store.collection<{ n: number }>(LEDGER_SUMMARY_VERSION);
  }

  async init(): Promise<void> {
    await this.days.ensureIndex({
      fields: [
        ['book', 1],
        ['period', 1],
      ],
    });
  }

  /** Adds a posted voucher to its day's summary (once, however often called). */
  async add(voucher: SummarizedVoucher): Promise<void> {
    const id = daySummaryId(voucher.book, voucher.date);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.days.get(id);
      const builder = current ? DaySummaryBuilder.of(current) : DaySummaryBuilder.empty(voucher);
      if (!builder.add(voucher)) return;
      try {
        if (current) await this.days.replace(id, current.rev, builder.summary());
        else await this.days.insert({ id, ...builder.summary() });
        await this.changed();
        return;
      } catch (e) {
        if (!(e instanceof RevisionConflictError) && !(e instanceof DuplicateKeyError)) throw e;
      }
    }
  }

  /** Raises the version (after any write of summaries). */
  async changed(): Promise<void> {
    try {
      await this.version.increment(VERSION_ID, { n: 1 });
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      await this.version.insert({ id: VERSION_ID, n: 1 }).catch(async (err: unknown) => {
        if (!(err instanceof DuplicateKeyError)) throw err;
        await this.version.increment(VERSION_ID, { n: 1 });
      });
    }
  }

  /**
   * Every summary row (the general ledger's lines unwound, added up per day and dimensions,
   * weighted with the lines they stand for), after making sure each voucher is in a summary —
   * rebuilding them when not.
   */
  async rows(): Promise<WeightedRow[]> {
    for (let check = 0; check < CHECKS; check++) {
      const version = (await this.version.get(VERSION_ID))?.n ?? 0;
      const vouchers = await this.options.vouchers.count();
      if (this.kept && this.kept.version === version && this.kept.vouchers === vouchers)
        return this.kept.rows;
      const days = (await this.days.find({}, { limit: ALL })).items;
      if (days.reduce((n, d) => n + d.vouchers.length, 0) === vouchers) {
        this.kept = { version, vouchers, rows: days.flatMap(summaryRows) };
        return this.kept.rows;
      }
    }
    await this.rebuild();
    return (await this.days.find({}, { limit: ALL })).items.flatMap(summaryRows);
  }

  /**
   * Rebuilds every summary from the vouchers (one pass over the ledger). A summary another writer
   * changed meanwhile is left as it is: the next read counts again.
   */
  async rebuild(): Promise<void> {
    const builders = new Map<string, DaySummaryBuilder>();
    let after: string | undefined;
    do {
      // Large pages: the embedded store orders a page's candidates, so small ones read quadratically.
      const page = await this.options.vouchers.find({}, { limit: REBUILD_PAGE, ...(after ? { after } : {}) });
      for (const voucher of page.items) {
        const id = daySummaryId(voucher.book, voucher.date);
        let builder = builders.get(id);
        if (!builder) builders.set(id, (builder = DaySummaryBuilder.empty(voucher)));
        builder.add(voucher);
      }
      after = page.nextCursor ?? undefined;
    } while (after);
    const existing = new Map((await this.days.find({}, { limit: ALL })).items.map((d) => [d.id, d]));
    const fresh: Array<DaySummary & { id: string }> = [];
    for (const [id, builder] of builders) {
      const current = existing.get(id);
      if (!current) fresh.push({ id, ...builder.summary() });
      else
        await this.days.replace(id, current.rev, builder.summary()).catch((e: unknown) => {
          if (!(e instanceof RevisionConflictError)) throw e;
        });
    }
    // New days in one write (a write per day made a first rebuild of a large ledger crawl); a day
    // a post wrote meanwhile makes it fail, and then they go one by one.
    await this.days.insertMany(fresh).catch(async (e: unknown) => {
      if (!(e instanceof DuplicateKeyError)) throw e;
      for (const doc of fresh)
        await this.days.insert(doc).catch((err: unknown) => {
          if (!(err instanceof DuplicateKeyError)) throw err;
        });
    });
    for (const [id, current] of existing)
      if (!builders.has(id)) await this.days.delete(id, current.rev).catch(() => undefined);
    await this.changed();
  }

  /** The summaries as a report source's (the general ledger's rows, unwound by line). */
  reportSummary(): SourceSummary {
    return {
      dimensions: [...SUMMARY_VOUCHER_DIMENSIONS, ...SUMMARY_LINE_DIMENSIONS.map((d) => `lines.${d}`)],
      amounts: SUMMARY_LINE_AMOUNTS.map((a) => `lines.${a}`),
      rows: () => this.rows(),
    };
  }
}

/** A day's entries as rows of the general ledger source (one per entry, its line in `lines`). */
function summaryRows(day: DaySummary): WeightedRow[] {
  // Frozen: the same rows answer every report until the summaries change.
  return day.entries.map((e) =>
    Object.freeze({
      book: day.book,
      period: day.period,
      date: day.date,
      lines: Object.freeze({ ...e.line, debit: e.debit, credit: e.credit, balance: e.balance }),
      [ROW_WEIGHT]: e.lines,
    }),
  );
}
