// Perpetual inventory: the value of stock movements in the general ledger. A posting given
// stock accounts ({stock, offset}) posts one voucher for its value change — stock in: debit the
// stock account, credit the offset ("received not billed" for a receipt, stock adjustment for a
// count); stock out: debit the offset (cost of goods sold for a delivery), credit stock. Its
// source is the document with kind `stock:<kind>`, so it is posted once and reversed with the
// document like any voucher of it.
//
// A back-dated entry re-values later entries of other documents (a delivery's cost changes):
// each such change posts an adjustment voucher for that document, on the accounts it was posted
// with, dated on its own posting date (kind `stock-revaluation:<entry>@<chain length>`, one per
// re-valuation, so a retry posts nothing twice). So the stock accounts' balance stays equal to
// the stock ledger's value.
import Big from 'big.js';
import { errorDetail, type ErrorDetail } from '#engine/core/errors.ts';
import { ledgerErrors } from '#engine/core/ledger/errors.ts';
import type { VoucherLineInput } from '#engine/core/ledger/voucher.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { AccountInfo, LedgerService } from '../ledger/ledger-service.ts';
import type { Revaluation } from './stock-entries.ts';
import type { StockPostingDoc, ValuedLine } from './stock-service.ts';

export interface StockAccountsInput {
  /** The stock (inventory asset) account. */
  stock: string;
  /** The other side: received-not-billed, cost of goods sold, stock adjustment … */
  offset: string;
  /** The chart of accounts' form: both accounts must be in it. */
  chart?: string;
}

type ChartLookup = (chart: string, codes: string[]) => Promise<ReadonlyMap<string, AccountInfo>>;

export class StockAccounts {
  constructor(
    private readonly ledger: LedgerService,
    private readonly chart: ChartLookup,
  ) {}

  /** Refuses, before any stock moves, what the voucher would be refused for. */
  async check(accounts: StockAccountsInput, date: string): Promise<void> {
    const problems: ErrorDetail[] = [];
    for (const key of ['stock', 'offset'] as const)
      if (typeof accounts[key] !== 'string' || !accounts[key])
        problems.push(errorDetail(`/accounts/${key}`, 'is required', '必填'));
    if (problems.length) throw ledgerErrors.accountUnknown(problems);
    if (accounts.chart) {
      const known = await this.chart(accounts.chart, [accounts.stock, accounts.offset]);
      for (const key of ['stock', 'offset'] as const)
        if (!known.get(accounts[key]) || known.get(accounts[key])!.active === false)
          problems.push(
            errorDetail(
              `/accounts/${key}`,
              `account "${accounts[key]}" is not in the chart of accounts (or inactive)`,
              `科目“${accounts[key]}”不在科目表中（或已停用）`,
            ),
          );
      if (problems.length) throw ledgerErrors.accountUnknown(problems);
    }
    if (await this.ledger.closedPeriod('actual', date.slice(0, 7)))
      throw ledgerErrors.periodClosed(date.slice(0, 7));
  }

  /** Posts the voucher of a posting's value (nothing when it moved no value). */
  async post(header: Stored<StockPostingDoc>, lines: ValuedLine[], by: string): Promise<void> {
    const total = lines.reduce((sum, l) => sum.plus(l.valueChange), new Big(0));
    if (!header.accounts || total.eq(0)) return;
    await this.voucher(
      header,
      total,
      { ...header.source, kind: `stock:${header.source.kind}` },
      header.postingDate,
      by,
    );
  }

  /** Posts the adjustment of every re-valued entry of a posting that has stock accounts. */
  async revalue(
    revalued: Revaluation[],
    postingOf: (id: string) => Promise<Stored<StockPostingDoc> | null>,
    by: string,
  ): Promise<void> {
    for (const { entry, delta } of revalued) {
      const header = await postingOf(entry.posting);
      if (!header?.accounts) continue;
      await this.voucher(
        header,
        new Big(delta),
        { ...header.source, kind: `stock-revaluation:${entry.id}@${entry.valuedSeq}` },
        entry.postingDate,
        by,
      );
    }
  }

  /**
   * The stock ledger's value against the balance of the stock accounts (book `actual`): the
   * difference is zero when every movement was posted with those accounts.
   */
  async valuationCheck(
    stockValue: string,
    accounts: readonly string[],
  ): Promise<{ stockValue: string; accountBalance: string; difference: string }> {
    const wanted = new Set(accounts);
    let balance = new Big(0);
    let after: string | undefined;
    do {
      const page = await this.ledger.vouchers.find(
        { book: 'actual', 'lines.account': { $in: [...wanted] } },
        { limit: 500, ...(after ? { after } : {}) },
      );
      for (const v of page.items)
        for (const line of v.lines) if (wanted.has(line.account)) balance = balance.plus(line.balance);
      after = page.nextCursor ?? undefined;
    } while (after);
    return {
      stockValue,
      accountBalance: balance.toFixed(2),
      difference: new Big(stockValue).minus(balance).toFixed(2),
    };
  }

  private async voucher(
    header: StockPostingDoc,
    amount: Big,
    source: { form?: string; id: string; kind: string },
    date: string,
    by: string,
  ): Promise<void> {
    const accounts = header.accounts!;
    const value = amount.abs().toFixed(2);
    const [debit, credit] = amount.gt(0)
      ? [accounts.stock, accounts.offset]
      : [accounts.offset, accounts.stock];
    const lines: VoucherLineInput[] = [
      { account: debit, debit: value, reference: header.source.id },
      { account: credit, credit: value, reference: header.source.id },
    ];
    const chart = accounts.chart
      ? await this.chart(accounts.chart, [accounts.stock, accounts.offset])
      : undefined;
    await this.ledger.post(
      {
        date,
        source,
        lines,
        memo: `Stock value ${source.kind} / 库存价值 ${header.source.id}`.slice(0, 500),
      },
      { by, ...(chart ? { accounts: chart } : {}) },
    );
  }
}
