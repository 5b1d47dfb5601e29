// The stock ledger's entries, one chain per item × warehouse, and how an entry joins its chain.
//
// Safety without transactions: each entry takes the next number of its chain (`seq`), and
// (item, warehouse, seq) is a unique index. An entry is checked (no negative stock) against the
// whole chain it read, and stored only if that chain is still the whole chain — a concurrent
// entry took the number first → the insert fails on the index and the check runs again over the
// chain with that entry in it. So two deliveries of the last units cannot both pass: the second
// one sees the first. The same in both run modes (the store's unique index is the lock).
//
// Entries are append-only: their facts (item, warehouse, batch, qty, incoming rate, posting time,
// source) never change. Their valuation columns (rate, value change, qty and value after) are
// derived from the chain in posting order, so a back-dated entry re-values the entries after it;
// each write of them is stamped with the chain length it was computed from (`valuedSeq`), and an
// older computation never overwrites a newer one.
import Big from 'big.js';
import {
  availableFor,
  qtyBefore,
  rateBefore,
  valueChain,
  type ChainEntry,
  type ChainValuation,
  type EntryValuation,
} from '#engine/core/stock/chain.ts';
import { stockErrors } from '#engine/core/stock/errors.ts';
import type { ValuationMethod } from '#engine/core/stock/valuation.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Stored,
} from '#engine/ports/document-store.ts';

export const STOCK_ENTRIES = 'stock_entries';
/** Concurrent postings of one item × warehouse retry this often before giving up (STOCK_BUSY). */
const MAX_ATTEMPTS = 40;

export interface StockEntryFacts {
  id: string;
  item: string;
  warehouse: string;
  batch?: string;
  postingDate: string;
  postingTime: string;
  qty: string;
  incomingRate?: string;
  /** A transfer's receiving side: the value the other side took out (to the cent). */
  incomingValue?: string;
  /** A count line: the qty there should be at its posting time (its qty is the difference). */
  targetQty?: string;
  method: ValuationMethod;
  source: { form?: string; id: string; kind: string };
  /** The posting (stock_postings) and its attempt and line. */
  posting: string;
  attempt: number;
  lineNo: number;
  /** A reversal: the entry it reverses (both leave the valuation). */
  reverses?: string;
  postedAt: string;
  postedBy: string;
}

export interface StockEntry extends StockEntryFacts, EntryValuation {
  seq: number;
  valuedSeq: number;
}

/** How an entry changed value when its chain was valued again (a back-dated entry arrived). */
export interface Revaluation {
  entry: Stored<StockEntry>;
  /** New value change − old value change (money). */
  delta: string;
}

export interface AppendResult {
  entry: Stored<StockEntry>;
  valuation: ChainValuation;
  revalued: Revaluation[];
  duplicate: boolean;
}

const isConflict = (e: unknown): boolean => (e as { code?: string }).code === 'REVISION_CONFLICT';

export class StockEntries {
  readonly entries: Collection<StockEntry>;

  constructor(
    store: DocumentStore,
    private readonly now: () => string,
  ) {
    this.entries = store.collection<StockEntry>(STOCK_ENTRIES);
  }

  async init(): Promise<void> {
    await this.entries.ensureIndex({
      fields: [
        ['item', 1],
        ['warehouse', 1],
        ['seq', 1],
      ],
      unique: true,
    });
    await this.entries.ensureIndex({ fields: [['posting', 1]] });
    await this.entries.ensureIndex({ fields: [['source.id', 1]] });
    await this.entries.ensureIndex({ fields: [['batch', 1]] }); // a batch's trace
    await this.entries.ensureIndex({ fields: [['postingDate', 1]] });
  }

  /** Every entry of an item × warehouse, in storage order (checked to be gap-free). */
  async chain(item: string, warehouse: string): Promise<Array<Stored<StockEntry>>> {
    const out: Array<Stored<StockEntry>> = [];
    let after: string | undefined;
    do {
      const page = await this.entries.find(
        { item, warehouse },
        { sort: [['seq', 1]], limit: 1000, ...(after ? { after } : {}) },
      );
      out.push(...page.items);
      after = page.nextCursor ?? undefined;
    } while (after);
    return out;
  }

  async find(filter: Filter): Promise<Array<Stored<StockEntry>>> {
    const out: Array<Stored<StockEntry>> = [];
    let after: string | undefined;
    do {
      const page = await this.entries.find(filter, {
        sort: [['seq', 1]],
        limit: 1000,
        ...(after ? { after } : {}),
      });
      out.push(...page.items);
      after = page.nextCursor ?? undefined;
    } while (after);
    return out;
  }

  /**
   * Adds an entry to its chain (idempotent by id). Refuses NEGATIVE_STOCK when the entry would
   * take the chain below zero at any point where it was not already (unless `allowNegative`), and
   * STOCK_REVERSAL_SHORT when a reversal would.
   */
  async append(
    facts: StockEntryFacts,
    options: { allowNegative: boolean; path: string },
  ): Promise<AppendResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const chain = await this.chain(facts.item, facts.warehouse);
      const existing = chain.find((e) => e.id === facts.id);
      if (existing) return { entry: existing, valuation: this.value(chain), revalued: [], duplicate: true };
      // A chain read while others were appended may miss one in the middle: read it again.
      if (chain.some((e, i) => e.seq !== i + 1)) continue;
      const seq = chain.length + 1;
      const before = this.value(chain);
      // Stamped when it takes its place, so the entries of a chain were posted in their order.
      const candidate = {
        ...this.resolve(chain, before, facts, seq),
        seq,
        postedAt: this.now(),
      } as StockEntry;
      const valuation = this.value([...chain, candidate]);
      if (!options.allowNegative && valuation.negative && !before.negative)
        this.refuse(chain, candidate, options.path);
      const own = valuation.valued.get(facts.id) ?? this.reversalValuation(chain, facts);
      let stored: Stored<StockEntry>;
      try {
        stored = await this.entries.insert({ ...candidate, ...own, valuedSeq: seq });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        const raced = await this.entries.get(facts.id);
        if (raced)
          return {
            entry: raced,
            valuation: this.value(await this.chain(facts.item, facts.warehouse)),
            revalued: [],
            duplicate: true,
          };
        continue;
      }
      const revalued = await this.writeValuations(chain, valuation, seq);
      return { entry: stored, valuation, revalued, duplicate: false };
    }
    throw stockErrors.postingBusy();
  }

  /** The chain valued; an entry and its reversal are left out. */
  value(chain: readonly StockEntry[]): ChainValuation {
    // The item's valuation method is the one its newest entry was posted with.
    return valueChain(chainEntries(chain), chain.at(-1)?.method ?? 'fifo');
  }

  /** A count line's qty: the target less what the chain holds at its posting time. */
  private resolve(
    chain: readonly StockEntry[],
    valued: ChainValuation,
    facts: StockEntryFacts,
    seq: number,
  ): StockEntryFacts {
    if (facts.targetQty === undefined) return facts;
    const entries = chainEntries(chain);
    const me: ChainEntry = {
      id: facts.id,
      seq,
      postingDate: facts.postingDate,
      postingTime: facts.postingTime,
      qty: '0',
    };
    const qty = new Big(facts.targetQty).minus(qtyBefore(entries, me, facts.batch));
    const { incomingRate, ...rest } = facts;
    return {
      ...rest,
      qty: qty.toFixed(),
      ...(qty.gt(0) ? { incomingRate: incomingRate ?? rateBefore(entries, me, valued) } : {}),
    };
  }

  /** A reversal's own columns: the original's value change with the sign turned. */
  private reversalValuation(chain: readonly StockEntry[], facts: StockEntryFacts): EntryValuation {
    const original = chain.find((e) => e.id === facts.reverses);
    const change = original ? negate(original.valueChange) : '0.00';
    return {
      rate: original?.rate ?? '0',
      valueChange: change,
      qtyAfter: original ? qtyMinus(original.qtyAfter, original.qty) : '0',
      valueAfter: original ? moneyMinus(original.valueAfter, original.valueChange) : '0.00',
      rateAfter: original?.rateAfter ?? '0',
      queue: [],
    };
  }

  private refuse(chain: readonly StockEntry[], candidate: StockEntry, path: string): never {
    const entries = chainEntries(chain);
    const shortage = {
      item: candidate.item,
      warehouse: candidate.warehouse,
      ...(candidate.batch ? { batch: candidate.batch } : {}),
      available: availableFor(entries, {
        ...candidate,
        ...(candidate.batch ? { batch: candidate.batch } : {}),
      }),
      requested: candidate.qty.replace(/^-/, ''),
      postingDate: candidate.postingDate,
      path,
    };
    throw candidate.reverses ? stockErrors.reversalShort(shortage) : stockErrors.negativeStock(shortage);
  }

  /**
   * Writes the new valuation of every other entry whose columns changed, unless a newer
   * computation got there first. Returns the value changes that moved (for the stock accounts).
   */
  private async writeValuations(
    chain: ReadonlyArray<Stored<StockEntry>>,
    valuation: ChainValuation,
    seq: number,
  ): Promise<Revaluation[]> {
    const out: Revaluation[] = [];
    for (const stale of chain) {
      const fresh = valuation.valued.get(stale.id);
      if (!fresh || same(stale, fresh)) continue;
      let current: Stored<StockEntry> | null = stale;
      for (let attempt = 0; current && current.valuedSeq < seq && attempt < MAX_ATTEMPTS; attempt++) {
        try {
          const updated = await this.entries.update(current.id, current.rev, {
            set: { ...fresh, valuedSeq: seq },
          });
          const delta = moneyMinus(fresh.valueChange, current.valueChange);
          if (delta !== '0.00') out.push({ entry: updated, delta });
          break;
        } catch (e) {
          if (!isConflict(e)) throw e;
          current = await this.entries.get(stale.id);
        }
      }
    }
    return out;
  }
}

/** The chain as the valuation sees it: an entry and its reversal are left out. */
function chainEntries(chain: readonly StockEntry[]): ChainEntry[] {
  const reversed = new Set(chain.flatMap((e) => (e.reverses ? [e.reverses] : [])));
  return chain.map((e) => ({
    id: e.id,
    seq: e.seq,
    postingDate: e.postingDate,
    postingTime: e.postingTime,
    qty: e.qty,
    ...(e.incomingRate !== undefined ? { incomingRate: e.incomingRate } : {}),
    ...(e.incomingValue !== undefined ? { incomingValue: e.incomingValue } : {}),
    ...(e.batch ? { batch: e.batch } : {}),
    ...(e.reverses || reversed.has(e.id) ? { excluded: true } : {}),
  }));
}

const same = (a: EntryValuation, b: EntryValuation): boolean =>
  a.rate === b.rate &&
  a.valueChange === b.valueChange &&
  a.qtyAfter === b.qtyAfter &&
  a.valueAfter === b.valueAfter &&
  a.rateAfter === b.rateAfter &&
  a.batchQtyAfter === b.batchQtyAfter &&
  JSON.stringify(a.queue) === JSON.stringify(b.queue);

const negate = (v: string): string => new Big(v).neg().toFixed(2);
const moneyMinus = (a: string, b: string): string => new Big(a).minus(b).toFixed(2);
const qtyMinus = (a: string, b: string): string => new Big(a).minus(b).toFixed();
