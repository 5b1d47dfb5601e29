// Day summaries of the general ledger (pure): per book and accounting date, the lines of every
// voucher of that day added up per combination of the line's dimensions (account, its type and
// names, cash, department, cost centre, category, partner). A derived aggregate, never the truth:
// the vouchers stay the record and the summaries can be rebuilt from them at any time. Each summary
// names the vouchers it holds, so adding a voucher twice (a retried post, a rebuild racing a post)
// adds it once. Sums are exact decimals (big.js).
import Big from 'big.js';

/** The line fields a summary keeps as they are (a report may filter or group by them). */
export const SUMMARY_LINE_DIMENSIONS = [
  'account',
  'accountType',
  'accountName',
  'accountNameZh',
  'cash',
  'department',
  'costCentre',
  'category',
  'partner',
] as const;

/** The line amounts a summary holds added up. */
export const SUMMARY_LINE_AMOUNTS = ['debit', 'credit', 'balance'] as const;

/** The voucher fields every summary row carries. */
export const SUMMARY_VOUCHER_DIMENSIONS = ['book', 'period', 'date'] as const;

type Amount = (typeof SUMMARY_LINE_AMOUNTS)[number];

export interface SummaryEntry extends Record<Amount, string> {
  /** The dimensions these lines share (absent ones left out). */
  line: Record<string, unknown>;
  /** How many ledger lines the entry adds up. */
  lines: number;
}

export interface DaySummary {
  book: string;
  period: string;
  date: string;
  /** Ids of the vouchers added in. */
  vouchers: string[];
  entries: SummaryEntry[];
}

/** What a summary reads of a voucher. */
export interface SummarizedVoucher {
  id: string;
  book: string;
  period: string;
  date: string;
  lines: readonly object[];
}

export const daySummaryId = (book: string, date: string): string => `${book}.${date}`;

const dimensionsOf = (line: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const d of SUMMARY_LINE_DIMENSIONS) if (line[d] !== undefined && line[d] !== null) out[d] = line[d];
  return out;
};

const amountOf = (value: unknown): Big => {
  try {
    return new Big(typeof value === 'string' || typeof value === 'number' ? value : 0);
  } catch {
    return new Big(0);
  }
};

/** A day's summary being added to: from a stored summary or empty, then voucher by voucher. */
export class DaySummaryBuilder {
  private readonly vouchers: Set<string>;
  private readonly entries = new Map<string, { line: Record<string, unknown>; sums: Big[]; lines: number }>();

  private constructor(
    private readonly day: Pick<DaySummary, 'book' | 'period' | 'date'>,
    existing?: DaySummary,
  ) {
    this.vouchers = new Set(existing?.vouchers ?? []);
    for (const e of existing?.entries ?? [])
      this.entries.set(JSON.stringify(e.line), {
        line: e.line,
        sums: SUMMARY_LINE_AMOUNTS.map((a) => new Big(e[a])),
        lines: e.lines,
      });
  }

  static of(summary: DaySummary): DaySummaryBuilder {
    return new DaySummaryBuilder(summary, summary);
  }

  static empty(voucher: Pick<SummarizedVoucher, 'book' | 'period' | 'date'>): DaySummaryBuilder {
    return new DaySummaryBuilder({ book: voucher.book, period: voucher.period, date: voucher.date });
  }

  /** Adds a voucher's lines; false when it was added before (nothing changes). */
  add(voucher: SummarizedVoucher): boolean {
    if (this.vouchers.has(voucher.id)) return false;
    this.vouchers.add(voucher.id);
    for (const item of voucher.lines) {
      const line = item as Record<string, unknown>;
      const dims = dimensionsOf(line);
      const key = JSON.stringify(dims);
      let entry = this.entries.get(key);
      if (!entry)
        this.entries.set(
          key,
          (entry = { line: dims, sums: SUMMARY_LINE_AMOUNTS.map(() => new Big(0)), lines: 0 }),
        );
      SUMMARY_LINE_AMOUNTS.forEach((a, i) => (entry.sums[i] = entry.sums[i]!.plus(amountOf(line[a]))));
      entry.lines++;
    }
    return true;
  }

  summary(): DaySummary {
    return {
      book: this.day.book,
      period: this.day.period,
      date: this.day.date,
      vouchers: [...this.vouchers],
      entries: [...this.entries.values()].map((e) => ({
        line: e.line,
        ...(Object.fromEntries(SUMMARY_LINE_AMOUNTS.map((a, i) => [a, e.sums[i]!.toFixed()])) as Record<
          Amount,
          string
        >),
        lines: e.lines,
      })),
    };
  }
}
