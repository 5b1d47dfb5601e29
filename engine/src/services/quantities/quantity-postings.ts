// The quantity ledgers as a document ledger (services/documents/ledgers.ts): the entries a
// document posted, found by their source, and their reversal when the document is cancelled —
// an approved leave request that is cancelled gives its days back by a new entry of the opposite
// sign, dated on the cancellation; the original stays, marked `reversedBy`.
import type { DocumentPosting } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { DocumentLedger, ReversalOptions, SourceDocument } from '../documents/ledgers.ts';
import type { PostedQuantity, QuantityLedger } from './quantity-ledger.ts';

const NAME = { en: 'Quantity ledgers', 'zh-CN': '数量台账' };
export const QUANTITY_REVERSAL_KIND = 'reversal:';

export class QuantityPostings implements DocumentLedger {
  readonly id = 'quantities';
  readonly name = NAME;

  constructor(private readonly ledger: QuantityLedger) {}

  async postings(source: SourceDocument): Promise<DocumentPosting[]> {
    // Oldest first; a reversal posted in the same instant as its original after it.
    const order = (x: PostedQuantity) => `${x.postedAt}|${x.reverses ? 1 : 0}`;
    const entries = await this.ledger.bySource(source.form, source.id);
    return entries.sort((a, b) => order(a).localeCompare(order(b))).map(posting);
  }

  async reversalProblems(_source: SourceDocument, _date: string): Promise<ErrorDetail[]> {
    return []; // quantity ledgers have no closed periods: giving back is always possible
  }

  async reverse(source: SourceDocument, options: ReversalOptions): Promise<DocumentPosting[]> {
    const out: DocumentPosting[] = [];
    const open = (await this.ledger.bySource(source.form, source.id)).filter(
      (x) => !x.reversedBy && !x.source.kind.startsWith(QUANTITY_REVERSAL_KIND),
    );
    for (const original of open) {
      const { entry } = await this.ledger.post(
        {
          book: original.book,
          party: original.party,
          item: original.item,
          quantity: original.quantity.startsWith('-') ? original.quantity.slice(1) : `-${original.quantity}`,
          date: options.date,
          memo: `Reversal / 冲销: ${options.reason}`,
          source: { ...original.source, kind: `${QUANTITY_REVERSAL_KIND}${original.source.kind}` },
        },
        { by: options.by, reverses: original.id },
      );
      await this.ledger.markReversed(original.id, entry.id);
      out.push(posting(entry));
    }
    return out;
  }
}

function posting(x: Stored<PostedQuantity>): DocumentPosting {
  return {
    ledger: 'quantities',
    ledgerName: NAME,
    entryId: x.id,
    number: `${x.book}/${x.item}`,
    date: x.date,
    kind: x.source.kind,
    amount: x.quantity,
    ...(x.reverses ? { reverses: x.reverses } : {}),
    ...(x.reversedBy ? { reversedBy: x.reversedBy } : {}),
  };
}
