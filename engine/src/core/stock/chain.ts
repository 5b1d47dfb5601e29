// The stock ledger of one item in one warehouse as a chain, pure: its entries in posting order
// (posting date, time, then the order they were stored in), valued one after another. A
// back-dated entry lands in the middle of the chain, so every entry after it is valued again —
// the quantities after, the outgoing rates (a delivery's cost of goods sold) and the values.
//
// A cancelled document's entries and their reversals leave the valuation altogether (as if never
// posted, ERPNext's cancellation does the same): `excluded` entries are skipped, and keep the
// values they last had (the pair nets to zero in the ledger's value).
import Big from 'big.js';
import { EMPTY_STATE, value, type StockState, type ValuationMethod } from './valuation.ts';

export interface ChainEntry {
  id: string;
  /** Storage order within the chain (1, 2, …): the tie-break of equal posting times. */
  seq: number;
  postingDate: string;
  /** HH:MM:SS (the start of the day when absent). */
  postingTime?: string;
  qty: string;
  /** Incoming rate (incoming entries). */
  incomingRate?: string;
  /** Incoming value instead of a rate (a transfer's receiving side). */
  incomingValue?: string;
  batch?: string;
  excluded?: boolean;
}

export interface EntryValuation {
  rate: string;
  valueChange: string;
  qtyAfter: string;
  valueAfter: string;
  rateAfter: string;
  queue: StockState['queue'];
  /** The batch's qty after (batch-tracked entries). */
  batchQtyAfter?: string;
}

/** Where the chain first goes below zero (the item's qty, or a batch's). */
export interface NegativePoint {
  entryId: string;
  postingDate: string;
  batch?: string;
  /** The qty after that entry (negative). */
  qtyAfter: string;
}

/** Stock on hand by the date it came in, oldest first (for ageing, whatever the valuation method). */
export interface AgeSlot {
  qty: string;
  since: string;
}

export interface ChainValuation {
  valued: Map<string, EntryValuation>;
  negative: NegativePoint | null;
  state: StockState;
  /** Qty per batch at the end of the chain. */
  batches: Map<string, string>;
  /** What is on hand at the end, by the day it came in (issues take the oldest first). */
  ageSlots: AgeSlot[];
  /** The last day stock came in / went out (entries in the valuation). */
  lastReceipt?: string;
  lastIssue?: string;
}

const key = (e: ChainEntry): string => `${e.postingDate}T${e.postingTime ?? '00:00:00'}`;

/** Posting order: date and time, then storage order. */
export function postingOrder(a: ChainEntry, b: ChainEntry): number {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq;
}

/** Values every entry of the chain (not excluded) in posting order. */
export function valueChain(entries: readonly ChainEntry[], method: ValuationMethod): ChainValuation {
  const valued = new Map<string, EntryValuation>();
  const batches = new Map<string, Big>();
  let state = EMPTY_STATE;
  let negative: NegativePoint | null = null;
  let slots: Array<{ qty: Big; since: string }> = [];
  let lastReceipt: string | undefined;
  let lastIssue: string | undefined;
  for (const e of [...entries].sort(postingOrder)) {
    if (e.excluded) continue;
    if (new Big(e.qty).gt(0)) {
      slots.push({ qty: new Big(e.qty), since: e.postingDate });
      lastReceipt = e.postingDate;
    } else if (new Big(e.qty).lt(0)) {
      slots = takeOldest(slots, new Big(e.qty).abs());
      lastIssue = e.postingDate;
    }
    const v = value(
      state,
      {
        qty: e.qty,
        ...(e.incomingRate !== undefined ? { rate: e.incomingRate } : {}),
        ...(e.incomingValue !== undefined ? { value: e.incomingValue } : {}),
      },
      method,
    );
    state = v.after;
    let batchQtyAfter: Big | undefined;
    if (e.batch) {
      batchQtyAfter = (batches.get(e.batch) ?? new Big(0)).plus(e.qty);
      batches.set(e.batch, batchQtyAfter);
    }
    if (!negative && new Big(state.qty).lt(0))
      negative = { entryId: e.id, postingDate: e.postingDate, qtyAfter: state.qty };
    else if (!negative && batchQtyAfter?.lt(0))
      negative = {
        entryId: e.id,
        postingDate: e.postingDate,
        batch: e.batch!,
        qtyAfter: batchQtyAfter.toFixed(),
      };
    valued.set(e.id, {
      rate: v.rate,
      valueChange: v.valueChange,
      qtyAfter: state.qty,
      valueAfter: state.value,
      rateAfter: state.rate,
      queue: state.queue,
      ...(batchQtyAfter ? { batchQtyAfter: batchQtyAfter.toFixed() } : {}),
    });
  }
  return {
    valued,
    negative,
    state,
    batches: new Map([...batches].map(([b, q]) => [b, q.toFixed()])),
    ageSlots: slots.map((x) => ({ qty: x.qty.toFixed(), since: x.since })),
    ...(lastReceipt ? { lastReceipt } : {}),
    ...(lastIssue ? { lastIssue } : {}),
  };
}

function takeOldest(slots: Array<{ qty: Big; since: string }>, qty: Big): Array<{ qty: Big; since: string }> {
  let left = qty;
  const out: Array<{ qty: Big; since: string }> = [];
  for (const slot of slots) {
    if (left.gte(slot.qty)) {
      left = left.minus(slot.qty);
      continue;
    }
    out.push({ qty: slot.qty.minus(left), since: slot.since });
    left = new Big(0);
  }
  return out;
}

/** The qty (of `batch`, when given) just before `entry`'s place in the chain. */
export function qtyBefore(entries: readonly ChainEntry[], entry: ChainEntry, batch?: string): string {
  return entries
    .filter((e) => !e.excluded && e.id !== entry.id && (!batch || e.batch === batch))
    .filter((e) => postingOrder(e, entry) < 0)
    .reduce((sum, e) => sum.plus(e.qty), new Big(0))
    .toFixed();
}

/** The valuation rate just before `entry`'s place in a valued chain (0 when nothing came before). */
export function rateBefore(
  entries: readonly ChainEntry[],
  entry: ChainEntry,
  valued: ChainValuation,
): string {
  const before = entries
    .filter((e) => !e.excluded && postingOrder(e, entry) < 0)
    .sort(postingOrder)
    .at(-1);
  return (before && valued.valued.get(before.id)?.rateAfter) ?? '0';
}

/**
 * How much of what an incoming `entry` brought is still in stock: the lowest qty (of its batch,
 * when it has one) from its posting time on, with it, at most its own qty. Taking it back (a
 * cancellation) keeps the chain at or above zero only when all of it is.
 */
export function remainingOf(entries: readonly ChainEntry[], entry: ChainEntry): string {
  let running = new Big(0);
  let lowest: Big | null = null;
  for (const e of [...entries].sort(postingOrder)) {
    if (e.excluded || (entry.batch && e.batch !== entry.batch)) continue;
    running = running.plus(e.qty);
    if (postingOrder(e, entry) >= 0 && (lowest === null || running.lt(lowest))) lowest = running;
  }
  const min = lowest === null || lowest.gt(entry.qty) ? new Big(entry.qty) : lowest;
  return (min.lt(0) ? new Big(0) : min).toFixed();
}

/**
 * What an outgoing `entry` may take without any point of the chain going below zero: the lowest
 * qty (of its batch, when it has one) from its posting time on, in the chain without it.
 */
export function availableFor(entries: readonly ChainEntry[], entry: ChainEntry): string {
  let running = new Big(0);
  let lowest: Big | null = null;
  for (const e of [...entries].sort(postingOrder)) {
    if (e.excluded || e.id === entry.id) continue;
    if (entry.batch && e.batch !== entry.batch) continue;
    running = running.plus(e.qty);
    if (postingOrder(e, entry) > 0 && (lowest === null || running.lt(lowest))) lowest = running;
  }
  // The qty just before the entry counts too (the running total at its place).
  const before = new Big(qtyBefore(entries, entry, entry.batch));
  const min = lowest === null || before.lt(lowest) ? before : lowest;
  return (min.lt(0) ? new Big(0) : min).toFixed();
}
