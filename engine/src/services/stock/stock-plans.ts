// What is planned for the stock, beside what is in it: quantities ordered (purchase orders not yet
// received), requested (requisitions not yet ordered) and reserved (sales orders not yet
// delivered) per source document line, and the stock levels of an item (safety stock, reorder
// level and quantity). Projected qty = on hand + ordered + requested − reserved (per item ×
// warehouse). Plans are not a ledger: each is the current commitment of one document line, set
// (not added) by the document — so setting it again is harmless — and zero when it is fulfilled.
//
// Allocation (`reserve`) reserves what is free now — on hand less what others reserved — batch by
// batch in the order given (first to expire first), partly when short. It is advice, not a lock:
// what guarantees the stock is the ledger's no-negative rule at delivery.
import { createHash } from 'node:crypto';
import Big from 'big.js';
import type { Collection, DocumentStore, Stored } from '#engine/ports/document-store.ts';
import type { StockBins } from './stock-bins.ts';

export const STOCK_PLANS = 'stock_plans';
export const STOCK_LEVELS = 'stock_levels';
export type PlanKind = 'ordered' | 'requested' | 'reserved';
export const PLAN_KINDS: readonly PlanKind[] = ['ordered', 'requested', 'reserved'];

export interface StockPlan {
  kind: PlanKind;
  source: { form?: string; id: string };
  item: string;
  warehouse: string;
  batch?: string;
  qty: string;
}

export interface StockLevels {
  item: string;
  /** A warehouse, or '*' for every warehouse of the item without levels of its own. */
  warehouse: string;
  safetyStock?: string;
  reorderLevel?: string;
  reorderQty?: string;
}

export interface PlanLine {
  item: string;
  warehouse: string;
  batch?: string;
  qty: string;
}

export interface Allocation {
  item: string;
  warehouse: string;
  requested: string;
  reserved: string;
  short: string;
  batches: Array<{ batch: string; qty: string }>;
}

const hash = (parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
const planId = (kind: PlanKind, source: StockPlan['source'], l: PlanLine): string =>
  `plan-${hash([kind, source.form ?? '', source.id, l.item, l.warehouse, l.batch ?? ''])}`;
export const levelsId = (item: string, warehouse: string): string => `lvl-${hash([item, warehouse])}`;

export class StockPlans {
  readonly plans: Collection<StockPlan>;
  readonly levels: Collection<StockLevels>;

  constructor(
    store: DocumentStore,
    private readonly bins: StockBins,
  ) {
    this.plans = store.collection<StockPlan>(STOCK_PLANS);
    this.levels = store.collection<StockLevels>(STOCK_LEVELS);
  }

  async init(): Promise<void> {
    await this.plans.ensureIndex({
      fields: [
        ['item', 1],
        ['warehouse', 1],
      ],
    });
    await this.plans.ensureIndex({ fields: [['source.id', 1]] });
    await this.levels.ensureIndex({ fields: [['item', 1]] });
    this.bins.usePlans((item, warehouse) => this.totals(item, warehouse));
  }

  /**
   * Sets what a source document plans of one kind: its lines now (qty per item × warehouse ×
   * batch); lines it planned before and does not name any more drop to nothing.
   */
  async set(source: StockPlan['source'], kind: PlanKind, lines: PlanLine[]): Promise<void> {
    const before = (await this.plans.find({ 'source.id': source.id, kind }, { limit: 1000 })).items.filter(
      (p) => (p.source.form ?? '') === (source.form ?? ''),
    );
    const keep = new Set<string>();
    const touched = new Map<string, PlanLine>();
    for (const l of lines) {
      const id = planId(kind, source, l);
      keep.add(id);
      touched.set(`${l.item}\u0000${l.warehouse}`, l);
      const doc: StockPlan = {
        kind,
        source,
        item: l.item,
        warehouse: l.warehouse,
        ...(l.batch ? { batch: l.batch } : {}),
        qty: l.qty,
      };
      const current = await this.plans.get(id);
      if (current) await this.plans.replace(id, current.rev, doc).catch(() => this.plans.get(id));
      else await this.plans.insert({ ...doc, id }).catch(() => this.plans.get(id));
    }
    for (const p of before)
      if (!keep.has(p.id)) {
        await this.plans.delete(p.id);
        touched.set(`${p.item}\u0000${p.warehouse}`, p);
      }
    for (const l of touched.values()) await this.bins.refresh(l.item, l.warehouse);
  }

  /** Reserves for a source what is free now (batches in the order given), partly when short. */
  async reserve(
    source: StockPlan['source'],
    lines: Array<{ item: string; warehouse: string; qty: string; batches?: string[] }>,
  ): Promise<Allocation[]> {
    const out: Allocation[] = [];
    const planned: PlanLine[] = [];
    for (const line of lines) {
      const bin = await this.bins.get(line.item, line.warehouse);
      const others = (
        await this.plans.find(
          { item: line.item, warehouse: line.warehouse, kind: 'reserved' },
          { limit: 1000 },
        )
      ).items.filter((p) => p.source.id !== source.id || (p.source.form ?? '') !== (source.form ?? ''));
      const reservedBy = (batch?: string) =>
        others
          .filter((p) => (batch === undefined ? true : p.batch === batch))
          .reduce((s, p) => s.plus(p.qty), new Big(0));
      let left = new Big(line.qty);
      const batches: Array<{ batch: string; qty: string }> = [];
      if (bin?.batches.length) {
        // The caller's order first (first to expire first); batches it does not know of (no
        // expiry on record) still count, after them, so a missing batch record never hides stock.
        const given = line.batches ?? [];
        const order = [...given, ...bin.batches.map((b) => b.batch).filter((b) => !given.includes(b))];
        for (const batch of order) {
          const held = bin.batches.find((b) => b.batch === batch);
          if (!held || left.lte(0)) continue;
          const free = new Big(held.qty).minus(reservedBy(batch));
          const take = free.lt(left) ? free : left;
          if (take.lte(0)) continue;
          batches.push({ batch, qty: take.toFixed() });
          planned.push({ item: line.item, warehouse: line.warehouse, batch, qty: take.toFixed() });
          left = left.minus(take);
        }
      } else {
        const free = new Big(bin?.qty ?? '0').minus(reservedBy());
        const take = free.lt(left) ? (free.gt(0) ? free : new Big(0)) : left;
        if (take.gt(0)) planned.push({ item: line.item, warehouse: line.warehouse, qty: take.toFixed() });
        left = left.minus(take);
      }
      const reserved = new Big(line.qty).minus(left);
      out.push({
        item: line.item,
        warehouse: line.warehouse,
        requested: new Big(line.qty).toFixed(),
        reserved: reserved.toFixed(),
        short: left.toFixed(),
        batches,
      });
    }
    await this.set(source, 'reserved', planned);
    return out;
  }

  /** Sets the levels of an item (in a warehouse, or '*' for all of them). */
  async setLevels(levels: StockLevels): Promise<void> {
    const id = levelsId(levels.item, levels.warehouse);
    const current = await this.levels.get(id);
    if (current) await this.levels.replace(id, current.rev, levels);
    else
      await this.levels.insert({ ...levels, id }).catch(async () => {
        const raced = await this.levels.get(id);
        if (raced) await this.levels.replace(id, raced.rev, levels);
      });
    const warehouses =
      levels.warehouse === '*'
        ? (await this.bins.bins.find({ item: levels.item }, { limit: 1000 })).items.map((b) => b.warehouse)
        : [levels.warehouse];
    for (const w of warehouses) await this.bins.refresh(levels.item, w);
  }

  /** What is planned for an item × warehouse, and its levels. */
  async totals(item: string, warehouse: string): Promise<PlanTotals> {
    const plans = (await this.plans.find({ item, warehouse }, { limit: 5000 })).items;
    const sum = (kind: PlanKind) =>
      plans
        .filter((p) => p.kind === kind)
        .reduce((s, p) => s.plus(p.qty), new Big(0))
        .toFixed();
    const levels =
      (await this.levels.get(levelsId(item, warehouse))) ?? (await this.levels.get(levelsId(item, '*')));
    return { ordered: sum('ordered'), requested: sum('requested'), reserved: sum('reserved'), levels };
  }
}

export interface PlanTotals {
  ordered: string;
  requested: string;
  reserved: string;
  levels: Stored<StockLevels> | null;
}
