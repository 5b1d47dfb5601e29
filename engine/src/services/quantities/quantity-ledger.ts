// Quantity ledgers: append-only entries of signed quantities per book, party and item (days of
// leave per employee and leave type; later pieces per warehouse and product), posted idempotently
// per source document. A generic engine capability: modules post through the `quantity.post`
// action and read balances through the report source `quantities` (or `quantity.balance`).
//
// Why no balance counter: a counter drifts (a retried job adds twice, a crash between the entry
// and the counter) and cannot explain itself; Frappe HR's users report leave balances that no
// longer match the ledger for exactly this reason. Here the balance is always the sum of the
// entries (an index on book, party and item keeps that sum cheap), and a correction is a new
// entry: cancelling a source posts the reversal of its entries (quantity-postings.ts), the
// originals marked `reversedBy`, never changed otherwise.
import Big from 'big.js';
import {
  checkEntry,
  sumQuantities,
  type QuantityEntry,
  type QuantityEntryInput,
} from '#engine/core/quantities/entry.ts';
import { quantityErrors } from '#engine/core/quantities/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Stored,
} from '#engine/ports/document-store.ts';

export const QUANTITY_ENTRIES = 'quantity_entries';

export interface PostedQuantity extends QuantityEntry {
  postedAt: string;
  postedBy: string;
  /** A reversal: the entry it reverses. */
  reverses?: string;
  /** Reversed (its source document was cancelled): the reversing entry. */
  reversedBy?: string;
}

export interface BalanceQuery {
  book: string;
  party: string;
  item: string;
  /** Only entries dated on or before this day (YYYY-MM-DD). */
  asOf?: string;
  /** Only entries dated in this year (YYYY). */
  year?: string;
}

export interface QuantityPostOptions {
  by: string;
  /** Refuse (QUANTITY_INSUFFICIENT) when the balance after this entry would be below this floor. */
  floor?: string;
  reverses?: string;
}

export class QuantityLedger {
  readonly entries: Collection<PostedQuantity>;

  constructor(private readonly options: { store: DocumentStore; clock: Clock }) {
    this.entries = options.store.collection<PostedQuantity>(QUANTITY_ENTRIES);
  }

  async init(): Promise<void> {
    await this.entries.ensureIndex({
      fields: [
        ['book', 1],
        ['party', 1],
        ['item', 1],
        ['date', 1],
      ],
    });
    await this.entries.ensureIndex({ fields: [['source.id', 1]] });
  }

  /**
   * Posts an entry; `duplicate: true` when this source posted it before (returned unchanged).
   * Throws QUANTITY_ENTRY_INVALID (422, every problem) or QUANTITY_INSUFFICIENT (422).
   */
  async post(
    input: QuantityEntryInput,
    options: QuantityPostOptions,
  ): Promise<{ entry: Stored<PostedQuantity>; duplicate: boolean; balance: string }> {
    const checked = checkEntry(input);
    if ('problems' in checked) throw quantityErrors.entryInvalid(checked.problems);
    const e = checked.entry;
    const key = { book: e.book, party: e.party, item: e.item };
    const existing = await this.entries.get(e.id);
    if (existing) return { entry: existing, duplicate: true, balance: await this.balance(key) };
    const before = await this.balance(key);
    const after = new Big(before).plus(e.quantity);
    // A floor guards what is taken (leave above the balance); what is added is never refused.
    if (options.floor !== undefined && new Big(e.quantity).lt(0) && after.lt(options.floor))
      throw quantityErrors.insufficient(before, new Big(e.quantity).abs().toString());
    const doc: PostedQuantity & { id: string } = {
      ...e,
      postedAt: new Date(this.options.clock.now()).toISOString(),
      postedBy: options.by,
      ...(options.reverses ? { reverses: options.reverses } : {}),
    };
    try {
      const entry = await this.entries.insert(doc);
      return { entry, duplicate: false, balance: after.eq(0) ? '0' : after.toString() };
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      const raced = await this.entries.get(e.id);
      if (!raced) throw err;
      return { entry: raced, duplicate: true, balance: await this.balance(key) };
    }
  }

  /** The balance: the sum of the entries (reversals included, so a reversed pair nets to zero). */
  async balance(q: BalanceQuery): Promise<string> {
    const filter: Filter = { book: q.book, party: q.party, item: q.item };
    if (q.asOf) filter.date = { $lte: q.asOf };
    if (q.year) filter.year = q.year;
    const { items } = await this.entries.find(filter, { projection: ['quantity'] });
    return sumQuantities(items);
  }

  /** The entries a source document posted (reversals included), oldest first. */
  async bySource(form: string, id: string): Promise<Array<Stored<PostedQuantity>>> {
    const { items } = await this.entries.find({ 'source.id': id }, { sort: [['postedAt', 1]] });
    return items.filter((x) => (x.source.form ?? '') === form);
  }

  /** Marks an entry reversed by another (idempotent); its quantity never changes. */
  async markReversed(id: string, reversalId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const x = await this.entries.get(id);
      if (!x || x.reversedBy) return;
      try {
        await this.entries.update(id, x.rev, { set: { reversedBy: reversalId } });
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'REVISION_CONFLICT') throw err;
      }
    }
  }
}
