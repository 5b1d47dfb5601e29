// The ledgers a document can post to, as one registry: the general ledger today; the stock ledger
// and the leave ledger register themselves the same way when their modules' engine parts arrive.
//
// "The postings of a document" are not a second record kept beside the ledgers: every entry
// carries its source document (`source: {form, id, kind}`) in the same atomic write that posts it,
// and each ledger finds a document's entries through an index on that source. So nothing can post
// without being found, and no crash can leave a posting list out of step with the ledger.
// Cancelling a document asks every ledger to post the reversal of what that document posted —
// ledgers are append-only: a reversal is a new entry pointing at the one it reverses.
import type { DocumentPosting, LocalizedText } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';

export interface SourceDocument {
  form: string;
  id: string;
}

export interface ReversalOptions {
  /** The accounting date of the reversing entries (YYYY-MM-DD). */
  date: string;
  by: string;
  reason: string;
}

/** A ledger that knows the entries of a source document and can reverse them. */
export interface DocumentLedger {
  readonly id: string;
  readonly name: LocalizedText;
  /** The entries the document caused (reversals included), oldest first. */
  postings(source: SourceDocument): Promise<DocumentPosting[]>;
  /** What would stop reversing them on `date` (a closed period …); empty when nothing would. */
  reversalProblems(source: SourceDocument, date: string): Promise<ErrorDetail[]>;
  /** Posts the reversal of every entry not reversed yet; idempotent (a retry posts nothing twice). */
  reverse(source: SourceDocument, options: ReversalOptions): Promise<DocumentPosting[]>;
}

export class LedgerRegistry {
  private readonly ledgers = new Map<string, DocumentLedger>();

  register(ledger: DocumentLedger): void {
    if (this.ledgers.has(ledger.id)) throw new Error(`ledger "${ledger.id}" is registered twice`);
    this.ledgers.set(ledger.id, ledger);
  }

  list(): DocumentLedger[] {
    return [...this.ledgers.values()];
  }

  async postings(source: SourceDocument): Promise<DocumentPosting[]> {
    return (await Promise.all(this.list().map((l) => l.postings(source)))).flat();
  }

  async reversalProblems(source: SourceDocument, date: string): Promise<ErrorDetail[]> {
    return (await Promise.all(this.list().map((l) => l.reversalProblems(source, date)))).flat();
  }

  async reverse(source: SourceDocument, options: ReversalOptions): Promise<DocumentPosting[]> {
    const out: DocumentPosting[] = [];
    for (const ledger of this.list()) out.push(...(await ledger.reverse(source, options)));
    return out;
  }
}
