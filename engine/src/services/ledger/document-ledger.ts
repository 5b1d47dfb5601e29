// The general ledger as a document ledger (services/documents/ledgers.ts): the vouchers a
// document posted, found by their source, and their reversal when the document is cancelled.
//
// A reversal is a new voucher with the original's lines, debit and credit swapped, dated the day
// the document is cancelled (or the date the canceller chose) — not the original date: a closed
// period stays closed, and the books show when the correction happened (ERPNext's "immutable
// ledger" does the same; its users asked for it after reversals landed in closed periods). Its
// source is the same document with kind `reversal:<kind>`, so its id is fixed and a retried
// cancellation posts nothing twice. The account details of the original lines (type, cash, names)
// are carried over, so reports that group by them net the two to zero.
import type { DocumentPosting } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { DocumentLedger, ReversalOptions, SourceDocument } from '../documents/ledgers.ts';
import type { LedgerService, PostedVoucher } from './ledger-service.ts';
import { REVERSAL_KIND, accountsOf, reversalOf } from './voucher-reversal.ts';

const NAME = { en: 'General ledger', 'zh-CN': '总账' };

export class GeneralLedgerPostings implements DocumentLedger {
  readonly id = 'general-ledger';
  readonly name = NAME;

  constructor(private readonly ledger: LedgerService) {}

  async postings(source: SourceDocument): Promise<DocumentPosting[]> {
    // Oldest first; a reversal posted in the same instant as its original after it.
    const vouchers = await this.ledger.bySource(source.form, source.id);
    const order = (v: PostedVoucher) => `${v.postedAt}|${v.reverses ? 1 : 0}`;
    return vouchers.sort((a, b) => order(a).localeCompare(order(b))).map(posting);
  }

  async reversalProblems(source: SourceDocument, date: string): Promise<ErrorDetail[]> {
    const open = (await this.ledger.bySource(source.form, source.id)).filter(needsReversal);
    const books = [...new Set(open.map((v) => v.book))];
    const problems: ErrorDetail[] = [];
    for (const book of books) {
      const closed = await this.ledger.closedPeriod(book, date.slice(0, 7));
      if (closed)
        problems.push({
          path: '/reversalDate',
          message: `the general ledger's period ${date.slice(0, 7)} is closed: choose a date in an open period`,
          messageZh: `总账期间 ${date.slice(0, 7)} 已结账，请选择未结账期间的日期`,
        });
    }
    return problems;
  }

  async reverse(source: SourceDocument, options: ReversalOptions): Promise<DocumentPosting[]> {
    const out: DocumentPosting[] = [];
    for (const original of (await this.ledger.bySource(source.form, source.id)).filter(needsReversal)) {
      const memo = `Reversal of ${original.number} / 冲销 ${original.number}: ${options.reason}`;
      const { voucher } = await this.ledger.post(reversalOf(original, options.date, memo), {
        by: options.by,
        accounts: accountsOf(original),
        reverses: original.id,
      });
      await this.ledger.markReversed(original.id, voucher.id);
      out.push(posting(voucher));
    }
    return out;
  }
}

const needsReversal = (v: PostedVoucher): boolean =>
  !v.reversedBy && !v.source.kind.startsWith(REVERSAL_KIND);

function posting(v: Stored<PostedVoucher>): DocumentPosting {
  return {
    ledger: 'general-ledger',
    ledgerName: NAME,
    entryId: v.id,
    number: v.number,
    date: v.date,
    kind: v.source.kind,
    amount: v.totalDebit,
    ...(v.reverses ? { reverses: v.reverses } : {}),
    ...(v.reversedBy ? { reversedBy: v.reversedBy } : {}),
  };
}
