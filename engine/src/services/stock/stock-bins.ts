// The bin: the quantity and value of an item in a warehouse as the stock ledger says — a cache
// for lists and reports, never the truth. It is rebuilt from the chain after every posting and
// stamped with the chain length it reflects (`chainSeq`): a rebuild from a shorter chain never
// overwrites one from a longer chain, so concurrent postings leave the bin at the last chain.
// `rebuild` recomputes it from the ledger at any time (a bin lost or damaged costs nothing).
import { createHash } from 'node:crypto';
import type { ChainValuation } from '#engine/core/stock/chain.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { StockEntries } from './stock-entries.ts';

export const STOCK_BINS = 'stock_bins';

export interface StockBin {
  item: string;
  warehouse: string;
  qty: string;
  value: string;
  rate: string;
  /** Qty per batch (batches with stock, or below zero). */
  batches: Array<{ batch: string; qty: string }>;
  chainSeq: number;
  updatedAt: string;
}

export const binId = (item: string, warehouse: string): string =>
  `bin-${createHash('sha256')
    .update(JSON.stringify([item, warehouse]))
    .digest('hex')
    .slice(0, 32)}`;

const isConflict = (e: unknown): boolean => (e as { code?: string }).code === 'REVISION_CONFLICT';

export class StockBins {
  readonly bins: Collection<StockBin>;

  constructor(private readonly options: { store: DocumentStore; clock: Clock; entries: StockEntries }) {
    this.bins = options.store.collection<StockBin>(STOCK_BINS);
  }

  async init(): Promise<void> {
    await this.bins.ensureIndex({ fields: [['item', 1]] });
    await this.bins.ensureIndex({ fields: [['warehouse', 1]] });
  }

  async get(item: string, warehouse: string): Promise<Stored<StockBin> | null> {
    return this.bins.get(binId(item, warehouse));
  }

  /** Rebuilds the bin from the ledger. */
  async rebuild(item: string, warehouse: string): Promise<Stored<StockBin>> {
    const chain = await this.options.entries.chain(item, warehouse);
    const bin = await this.write(item, warehouse, this.options.entries.value(chain), chain.length, true);
    return bin!;
  }

  /** Writes the bin of a valued chain of `chainSeq` entries, unless a longer chain's is there. */
  async write(
    item: string,
    warehouse: string,
    valuation: ChainValuation,
    chainSeq: number,
    force = false,
  ): Promise<Stored<StockBin> | null> {
    const id = binId(item, warehouse);
    const doc: StockBin = {
      item,
      warehouse,
      qty: valuation.state.qty,
      value: valuation.state.value,
      rate: valuation.state.rate,
      batches: [...valuation.batches]
        .filter(([, qty]) => qty !== '0')
        .map(([batch, qty]) => ({ batch, qty }))
        .sort((a, b) => a.batch.localeCompare(b.batch)),
      chainSeq,
      updatedAt: new Date(this.options.clock.now()).toISOString(),
    };
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.bins.get(id);
      if (current && !force && current.chainSeq > chainSeq) return current;
      try {
        return current
          ? await this.bins.replace(id, current.rev, doc)
          : await this.bins.insert({ ...doc, id });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !isConflict(e)) throw e;
      }
    }
    return null;
  }
}
