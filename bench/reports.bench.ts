// A report over the general ledger at size, in the embedded mode: BENCH_LEDGER_LINES ledger lines
// (default 1,000,000; four lines per voucher, every day of two years) in a fresh embedded store,
// then finance's "profit and loss by month" run as the platform runs it — through the report row
// reader, the filters, the grouping and the exact-decimal measures — twice: from the ledger's day
// summaries (what the platform does), and from every line (what it did before; drill-down still
// does). The baseline, measured in the same run over the same store: the vouchers read and folded
// by hand with floats (what no report over the rows can beat: the read itself). Also timed: the
// one-off rebuild of the summaries from the ledger, and adding back-dated vouchers to them as a
// post does. Then the same report for a reader with a ledger row rule (a department manager:
// `row.lines.department = user.department`), from the summaries and from the lines. Prints the
// times, the ratios to the baseline, and whether the report answered within the 2-second goal;
// fails if the answers from the summaries and from the lines differ.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '#schemas/generated/index.ts';
import type { SummarizedVoucher } from '#engine/core/ledger/summary.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { aggregate, type Row } from '#engine/core/reports/aggregate.ts';
import { startOfUtcDay } from '#engine/core/reports/buckets.ts';
import { matchesAll, resolveFilters } from '#engine/core/reports/filters.ts';
import { generalLedgerSource } from '#engine/services/ledger/ledger-report-source.ts';
import { LedgerSummaries } from '#engine/services/ledger/ledger-summaries.ts';
import { VOUCHERS } from '#engine/services/ledger/ledger-service.ts';
import type { RecordService } from '#engine/services/records/record-service.ts';
import { ReportRowReader } from '#engine/services/reports/report-rows.ts';
import pnlByMonth from '../modules/finance/reports/pnl-by-month.json' with { type: 'json' };
import { table } from './harness.ts';

const LINES = Number(process.env.BENCH_LEDGER_LINES ?? 1_000_000);
const GOAL_MS = 2000;
const PER_VOUCHER = 4;
const BACK_DATED = 1000;
const dir = join(tmpdir(), `forma-bench-reports-${process.pid}`);

function voucher(i: number): Row {
  const month = String((i % 12) + 1).padStart(2, '0');
  const period = `${2025 + (i % 2)}-${month}`;
  const day = String((Math.floor(i / 24) % 28) + 1).padStart(2, '0');
  const amount = `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`;
  const line = (no: number, account: string, accountType: string, debit: string, credit: string) => ({
    no,
    account,
    accountType,
    department: ['sales', 'operations', 'finance'][i % 3],
    debit,
    credit,
    balance: debit !== '0.00' ? debit : `-${credit}`,
  });
  return {
    id: `v-${i}`,
    book: 'actual',
    date: `${period}-${day}`,
    period,
    source: { kind: 'bench', id: String(i) },
    lines: [
      line(1, '1122', 'asset', amount, '0.00'),
      line(2, '5001', 'revenue', '0.00', amount),
      line(3, '5602.03', 'expense', amount, '0.00'),
      line(4, '1002', 'asset', '0.00', amount),
    ],
    totalDebit: amount,
    totalCredit: amount,
  };
}

rmSync(dir, { recursive: true, force: true });
const store = new EmbeddedStore({ dir });
const vouchers = store.collection<Row>(VOUCHERS);
const count = Math.ceil(LINES / PER_VOUCHER);
const t0 = performance.now();
for (let i = 0; i < count; i += 5000) {
  const batch: Row[] = [];
  for (let k = i; k < Math.min(count, i + 5000); k++) batch.push(voucher(k));
  await vouchers.insertMany(batch as never);
}
console.log(
  `${count * PER_VOUCHER} ledger lines (${count} vouchers) written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const report = { ...(pnlByMonth as unknown as Report), id: 'finance-pnl-by-month' };
delete (report as { readers?: unknown }).readers;
const summaries = new LedgerSummaries({ store, vouchers: store.collection<SummarizedVoucher>(VOUCHERS) });
await summaries.init();
const reader = new ReportRowReader({
  store,
  records: null as unknown as RecordService, // a ledger report reads no form
  sources: new Map([['ledger', generalLedgerSource(summaries)]]),
  maxRows: LINES * 2,
});

/** A department manager: the ledger's lines of his department only. */
const manager: Principal = {
  userId: 'bench.manager',
  login: 'bench.manager',
  roles: ['manager'],
  locale: 'en',
  department: 'sales',
  grants: [
    {
      resource: 'ledger',
      actions: ['read'],
      rows: { type: 'feel', expression: 'row.lines.department = user.department' },
    },
  ],
};

async function runReport(options: { rows?: boolean } = {}, who: Principal | null = null) {
  const context = { params: {} };
  const rows = await reader.rows(report, who, context, options);
  const filters = resolveFilters(report.filters, context);
  const selected = rows.filter((r) => matchesAll(r, filters));
  const measureFilters = report.measures.map((m) => resolveFilters(m.where, context));
  return aggregate(report, selected, { todayMs: startOfUtcDay(Date.now()), measureFilters });
}

async function baseline() {
  const byPeriod = new Map<string, number>();
  let after: string | undefined;
  do {
    const page = await vouchers.find({}, { limit: LINES + 1, ...(after ? { after } : {}) });
    for (const v of page.items as unknown as Array<{
      period: string;
      lines: Array<{ accountType: string; balance: string }>;
    }>)
      for (const l of v.lines)
        if (l.accountType === 'revenue' || l.accountType === 'expense')
          byPeriod.set(v.period, (byPeriod.get(v.period) ?? 0) + Number(l.balance));
    after = page.nextCursor ?? undefined;
  } while (after);
  return byPeriod;
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

// The summaries of a ledger written before them: built once from the vouchers.
const rebuild = await time(() => summaries.rebuild());
// Vouchers posted later, each dated into an earlier day (back-dated), added as a post adds them.
const added = await time(async () => {
  for (let k = 0; k < BACK_DATED; k++) {
    const doc = { ...voucher(count + k), id: `v-late-${k}` };
    await vouchers.insert(doc as never);
    await summaries.add(doc as never);
  }
});

// One warm-up of each (the store's pages in memory, the code compiled), then the measured runs.
await baseline();
await runReport({ rows: true });
await runReport();
const base = await time(baseline);
const fromRows = await time(() => runReport({ rows: true }));
const measured = await time(() => runReport());
const months = measured.value.rows.length;
if (months !== base.value.size)
  throw new Error(`the report has ${months} months, the baseline ${base.value.size}`);
if (JSON.stringify(measured.value) !== JSON.stringify(fromRows.value))
  throw new Error('the answer from the summaries differs from the answer from the rows');
// The department manager: one warm-up, then from the lines and from the summaries.
await runReport({ rows: true }, manager);
const ruledRows = await time(() => runReport({ rows: true }, manager));
const ruled = await time(() => runReport({}, manager));
if (JSON.stringify(ruled.value) !== JSON.stringify(ruledRows.value))
  throw new Error("the row-ruled reader's answer from the summaries differs from the lines'");
if (JSON.stringify(ruled.value) === JSON.stringify(measured.value))
  throw new Error("the row-ruled reader's answer is everyone's");
const lines = (count + BACK_DATED) * PER_VOUCHER;
table([
  { run: 'baseline: read + float fold', ms: Math.round(base.ms), 'vs baseline': '1.00' },
  {
    run: 'report from every line (before)',
    ms: Math.round(fromRows.ms),
    'vs baseline': (fromRows.ms / base.ms).toFixed(2),
  },
  {
    run: 'report from day summaries',
    ms: Math.round(measured.ms),
    'vs baseline': (measured.ms / base.ms).toFixed(3),
  },
  {
    run: 'row-ruled reader (one department) from the lines',
    ms: Math.round(ruledRows.ms),
    'vs baseline': (ruledRows.ms / base.ms).toFixed(2),
  },
  {
    run: 'row-ruled reader from day summaries',
    ms: Math.round(ruled.ms),
    'vs baseline': (ruled.ms / base.ms).toFixed(3),
  },
  { run: 'summaries rebuilt from the ledger (once)', ms: Math.round(rebuild.ms), 'vs baseline': '' },
  {
    run: `${BACK_DATED} back-dated vouchers posted + summarised`,
    ms: Math.round(added.ms),
    'vs baseline': '',
  },
]);
console.log(
  `report over ${lines} lines: ${(measured.ms / 1000).toFixed(3)} s from the summaries (${(fromRows.ms / measured.ms).toFixed(0)}× faster than from the lines, ${(measured.ms / base.ms).toFixed(3)}× the baseline), the same answer; goal < ${GOAL_MS / 1000} s: ${measured.ms < GOAL_MS ? 'met' : 'NOT met'}`,
);
console.log(
  `row-ruled reader: ${(ruled.ms / 1000).toFixed(3)} s from the summaries (${(ruledRows.ms / ruled.ms).toFixed(0)}× faster than from the lines), the same answer; goal < ${GOAL_MS / 1000} s: ${ruled.ms < GOAL_MS ? 'met' : 'NOT met'}`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
