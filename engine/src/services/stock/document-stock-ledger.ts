// The stock ledger as a document ledger (services/documents/ledgers.ts): the stock entries a
// document posted, and their reversal when the document is cancelled.
//
// A reversal entry moves the opposite qty at the original's own posting time, and both leave the
// valuation (as if the movement never happened — later entries are valued again, their stock
// vouchers adjusted). Cancelling a receipt whose stock later movements already took would leave the
// chain below zero: that is refused before the document changes (STOCK_REVERSAL_SHORT in the
// cancellation's problems), unless negative stock is allowed.
import Big from 'big.js';
import type { DocumentPosting } from '#schemas/generated/index.ts';
import { remainingOf } from '#engine/core/stock/chain.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';
import type { DocumentLedger, ReversalOptions, SourceDocument } from '../documents/ledgers.ts';
import type { StockEntry } from './stock-entries.ts';
import { reversalFacts, type StockService } from './stock-service.ts';

const NAME = { en: 'Stock ledger', 'zh-CN': '库存台账' };

export class StockLedgerPostings implements DocumentLedger {
  readonly id = 'stock-ledger';
  readonly name = NAME;

  constructor(private readonly stock: StockService) {}

  async postings(source: SourceDocument): Promise<DocumentPosting[]> {
    const entries = (await this.stock.entries.find({ 'source.id': source.id })).filter(
      (e) => (e.source.form ?? '') === source.form,
    );
    const reversedBy = new Map(entries.flatMap((e) => (e.reverses ? [[e.reverses, e.id] as const] : [])));
    return entries
      .sort((a, b) =>
        `${a.postedAt}|${a.reverses ? 1 : 0}`.localeCompare(`${b.postedAt}|${b.reverses ? 1 : 0}`),
      )
      .map((e) => posting(e, reversedBy.get(e.id)));
  }

  async reversalProblems(source: SourceDocument): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    for (const header of await this.stock.bySource(source.form, source.id)) {
      if (header.status !== 'posted' || header.allowNegative) continue;
      for (const e of await this.stock.entriesOf(header)) {
        if (new Big(e.qty).lte(0)) continue;
        // Taking back what came in: is it still there, at every point after it came?
        const chain = await this.stock.entries.chain(e.item, e.warehouse);
        const reversed = new Set(chain.flatMap((x) => (x.reverses ? [x.reverses] : [])));
        if (reversed.has(e.id)) continue;
        const live = chain.map((x) => ({
          ...x,
          ...(x.reverses || reversed.has(x.id) ? { excluded: true } : {}),
        }));
        const available = new Big(remainingOf(live, e));
        if (available.lt(e.qty))
          problems.push({
            path: `/lines/${e.lineNo - 1}`,
            message: `${e.item} in ${e.warehouse}: only ${available.toFixed()} of the ${e.qty} received is still in stock`,
            messageZh: `${e.item} 在 ${e.warehouse}：入库的 ${e.qty} 中仅剩 ${available.toFixed()} 仍在库`,
          });
      }
    }
    return problems;
  }

  async reverse(source: SourceDocument, options: ReversalOptions): Promise<DocumentPosting[]> {
    const out: DocumentPosting[] = [];
    for (const header of await this.stock.bySource(source.form, source.id)) {
      if (header.status === 'reversed' || header.status === 'failed') continue;
      for (const e of await this.stock.entriesOf(header)) {
        // The document is cancelled either way: a reversal is never refused for stock.
        const back = await this.stock.entries.append(reversalFacts(e, this.stock.now(), options.by), {
          allowNegative: true,
          path: '',
        });
        await this.stock.bins.write(e.item, e.warehouse, back.valuation, back.entry.seq);
        await this.stock.afterReversal(back.revalued, options.by);
        if (!back.duplicate) out.push(posting(back.entry, undefined));
      }
      await this.stock.markReversed(header);
    }
    return out;
  }
}

function posting(e: StockEntry & { id: string }, reversedBy: string | undefined): DocumentPosting {
  return {
    ledger: 'stock-ledger',
    ledgerName: NAME,
    entryId: e.id,
    number: `${e.item} @ ${e.warehouse}${e.batch ? ` / ${e.batch}` : ''}`,
    date: e.postingDate,
    kind: e.source.kind,
    amount: e.valueChange,
    ...(e.reverses ? { reverses: e.reverses } : {}),
    ...(reversedBy ? { reversedBy } : {}),
  };
}
