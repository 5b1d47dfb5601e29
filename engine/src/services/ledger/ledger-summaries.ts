// The general ledger's day summaries (core/ledger/summary.ts) kept beside the vouchers: each
// posted voucher is added to the summary of its book and date — a back-dated one to that earlier
// day's — and reports whose filters, groups and measures the summaries can answer read them
// instead of every line (report-rows.ts, summary-plan.ts).
//
// The vouchers stay the truth. Adding a voucher is idempotent (a summary names its vouchers) and
// retried on a concurrent write; if it still fails (a crash between the voucher and its summary),
// the summaries hold fewer vouchers than the ledger: every read compares the two counts and, when
// they differ after a moment's retries, rebuilds the summaries from the vouchers before answering.
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
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { SourceSummary } from '../reports/report-rows.ts';

export const LEDGER_SUMMARIES = 'ledger_summaries';

/** Reads that find the counts apart (a post between the two reads) before rebuilding. */
const CHECKS = 3;
const ATTEMPTS = 5;
/** More summaries than any ledger has days × books: one read takes them all. */
const ALL = 10_000_000;
/** Vouchers a rebuild reads at a time. */
const REBUILD_PAGE = 100_000;

export class LedgerSummaries {
  private readonly days: Collection<DaySummary>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      vouchers: Pick<Collection<SummarizedVoucher>, 'find' | 'count'>;
    },
  ) {
    this.days = options.store.collection<DaySummary>(LEDGER_SUMMARIES);
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
        return;
      } catch (e) {
        if (!(e instanceof RevisionConflictError) && !(e instanceof DuplicateKeyError)) throw e;
      }
    }
  }

  /** Every summary, after making sure each voucher is in one (rebuilding when not). */
  async complete(): Promise<Array<Stored<DaySummary>>> {
    for (let check = 0; check < CHECKS; check++) {
      const vouchers = await this.options.vouchers.count();
      const days = (await this.days.find({}, { limit: ALL })).items;
      const held = days.reduce((n, d) => n + d.vouchers.length, 0);
      if (held === vouchers) return days;
    }
    await this.rebuild();
    return (await this.days.find({}, { limit: ALL })).items;
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
    for (const [id, builder] of builders) {
      const current = existing.get(id);
      try {
        if (current) await this.days.replace(id, current.rev, builder.summary());
        else await this.days.insert({ id, ...builder.summary() });
      } catch (e) {
        if (!(e instanceof RevisionConflictError) && !(e instanceof DuplicateKeyError)) throw e;
      }
    }
    for (const [id, current] of existing)
      if (!builders.has(id)) await this.days.delete(id, current.rev).catch(() => undefined);
  }

  /** The summaries as a report source's (the general ledger's rows, unwound by line). */
  reportSummary(): SourceSummary {
    return {
      dimensions: [...SUMMARY_VOUCHER_DIMENSIONS, ...SUMMARY_LINE_DIMENSIONS.map((d) => `lines.${d}`)],
      amounts: SUMMARY_LINE_AMOUNTS.map((a) => `lines.${a}`),
      rows: async () => {
        const rows: WeightedRow[] = [];
        for (const day of await this.complete())
          for (const e of day.entries)
            rows.push({
              book: day.book,
              period: day.period,
              date: day.date,
              lines: { ...e.line, debit: e.debit, credit: e.credit, balance: e.balance },
              [ROW_WEIGHT]: e.lines,
            });
        return rows;
      },
    };
  }
}
