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
import Big from 'big.js';
import type { StockEntries } from './stock-entries.ts';
import type { PlanTotals } from './stock-plans.ts';

export const STOCK_BINS = 'stock_bins';

export interface StockBin {
  item: string;
  warehouse: string;
  qty: string;
  value: string;
  rate: string;
  /** Qty per batch (batches with stock, or below zero). */
  batches: Array<{ batch: string; qty: string }>;
  /** On hand by the day it came in, oldest first (the stock ageing report unwinds them). */
  ageSlots: Array<{ qty: string; since: string }>;
  lastReceipt?: string;
  lastIssue?: string;
  /** The last day stock went out, else the day it first came in (the dead stock report). */
  lastActivity?: string;
  /** Planned (stock-plans.ts): ordered, requested, reserved; projected = qty + ordered + requested − reserved. */
  ordered: string;
  requested: string;
  reserved: string;
  projected: string;
  safetyStock?: string;
  reorderLevel?: string;
  reorderQty?: string;
  /** On hand below the safety stock (the alert's report filters on it). */
  belowSafety: boolean;
  /** Projected at or below the reorder level (replenishment). */
  belowReorder: boolean;
  chainSeq: number;
  updatedAt: string;
}

type PlanLookup = (item: string, warehouse: string) => Promise<PlanTotals>;
const NO_PLANS: PlanLookup = async () => ({ ordered: '0', requested: '0', reserved: '0', levels: null });

export const binId = (item: string, warehouse: string): string =>
  `bin-${createHash('sha256')
    .update(JSON.stringify([item, warehouse]))
    .digest('hex')
    .slice(0, 32)}`;

const isConflict = (e: unknown): boolean => (e as { code?: string }).code === 'REVISION_CONFLICT';

export class StockBins {
  readonly bins: Collection<StockBin>;
  private plans: PlanLookup = NO_PLANS;

  constructor(private readonly options: { store: DocumentStore; clock: Clock; entries: StockEntries }) {
    this.bins = options.store.collection<StockBin>(STOCK_BINS);
  }

  async init(): Promise<void> {
    await this.bins.ensureIndex({ fields: [['item', 1]] });
    await this.bins.ensureIndex({ fields: [['warehouse', 1]] });
  }

  /** Where the planned quantities and levels come from (stock-plans.ts). */
  usePlans(lookup: PlanLookup): void {
    this.plans = lookup;
  }

  /** Writes the bin again with what is planned now (the ledger's part unchanged). */
  async refresh(item: string, warehouse: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.bins.get(binId(item, warehouse));
      const doc = withPlans(
        current ?? {
          ...emptyBin(item, warehouse),
          updatedAt: new Date(this.options.clock.now()).toISOString(),
        },
        await this.plans(item, warehouse),
      );
      try {
        if (current) await this.bins.replace(current.id, current.rev, strip(doc));
        else await this.bins.insert({ ...strip(doc), id: binId(item, warehouse) });
        return;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !isConflict(e)) throw e;
      }
    }
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
    const ledgerPart: Omit<StockBin, keyof PlanPart> = {
      item,
      warehouse,
      qty: valuation.state.qty,
      value: valuation.state.value,
      rate: valuation.state.rate,
      batches: [...valuation.batches]
        .filter(([, qty]) => qty !== '0')
        .map(([batch, qty]) => ({ batch, qty }))
        .sort((a, b) => a.batch.localeCompare(b.batch)),
      ageSlots: valuation.ageSlots,
      ...(valuation.lastReceipt ? { lastReceipt: valuation.lastReceipt } : {}),
      ...(valuation.lastIssue ? { lastIssue: valuation.lastIssue } : {}),
      ...(valuation.lastIssue || valuation.ageSlots[0]
        ? { lastActivity: valuation.lastIssue ?? valuation.ageSlots[0]!.since }
        : {}),
      chainSeq,
      updatedAt: new Date(this.options.clock.now()).toISOString(),
    };
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.bins.get(id);
      if (current && !force && current.chainSeq > chainSeq) return current;
      const doc = withPlans(ledgerPart, await this.plans(item, warehouse));
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

type PlanPart = Pick<
  StockBin,
  | 'ordered'
  | 'requested'
  | 'reserved'
  | 'projected'
  | 'safetyStock'
  | 'reorderLevel'
  | 'reorderQty'
  | 'belowSafety'
  | 'belowReorder'
>;

function emptyBin(item: string, warehouse: string): Omit<StockBin, keyof PlanPart | 'updatedAt'> {
  return { item, warehouse, qty: '0', value: '0.00', rate: '0', batches: [], ageSlots: [], chainSeq: 0 };
}

/** The bin with what is planned for it: projected qty and the level flags. */
function withPlans<T extends Omit<StockBin, keyof PlanPart>>(bin: T, plans: PlanTotals): StockBin {
  const { safetyStock: _s, reorderLevel: _r, reorderQty: _q, ...rest } = bin as T & Partial<PlanPart>;
  const projected = new Big(bin.qty).plus(plans.ordered).plus(plans.requested).minus(plans.reserved);
  const levels = plans.levels;
  return {
    ...rest,
    ordered: plans.ordered,
    requested: plans.requested,
    reserved: plans.reserved,
    projected: projected.toFixed(),
    ...(levels?.safetyStock ? { safetyStock: levels.safetyStock } : {}),
    ...(levels?.reorderLevel ? { reorderLevel: levels.reorderLevel } : {}),
    ...(levels?.reorderQty ? { reorderQty: levels.reorderQty } : {}),
    belowSafety: levels?.safetyStock ? new Big(bin.qty).lt(levels.safetyStock) : false,
    belowReorder: levels?.reorderLevel ? projected.lte(levels.reorderLevel) : false,
  };
}

const strip = (doc: StockBin & { id?: string; rev?: number }): StockBin => {
  const { id: _id, rev: _rev, ...rest } = doc;
  return rest;
};
