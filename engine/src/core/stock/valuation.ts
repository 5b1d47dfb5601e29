// Stock valuation, pure: how one movement changes the quantity and value of an item in a
// warehouse. Two methods, per item:
//
//   moving average  incoming: rate = (previous qty × previous rate + in qty × in rate) / new qty;
//                   when the previous qty is ≤ 0 the rate restarts at the incoming rate (what was
//                   issued short is re-valued at the price that covers it). Outgoing: at the
//                   current rate.
//   FIFO            a queue of layers [qty, rate]; incoming appends a layer, outgoing consumes the
//                   oldest layers first. Issued short (negative stock allowed), the missing qty
//                   becomes a negative layer at the last rate that the next receipt fills first
//                   (ERPNext's FIFO slots behave the same way; erpnext/stock/valuation.py).
//
// Values are money: every value change is rounded to the cent (half up), and the value after is
// the exact sum of the value changes — so the stock ledger's value is what the stock accounts
// hold. Issuing the last units takes the whole remaining value (no cent of rounding left behind).
// Rates are kept to RATE_DP decimals. Quantities and rates are decimal strings; big.js throughout.
import Big from 'big.js';

export type ValuationMethod = 'fifo' | 'moving-average';
export const VALUATION_METHODS: readonly ValuationMethod[] = ['fifo', 'moving-average'];

/** Decimals kept for rates (a rate is a price per stock unit). */
export const RATE_DP = 6;

export interface Layer {
  qty: string;
  rate: string;
}

/** Where an item stands in a warehouse after a movement. */
export interface StockState {
  qty: string;
  value: string;
  /** The valuation rate: the moving average, or for FIFO value ÷ qty (the last rate at zero). */
  rate: string;
  /** FIFO layers, oldest first (empty for moving average). */
  queue: Layer[];
}

export interface Movement {
  /** Signed quantity in stock units: + in, − out. */
  qty: string;
  /** The incoming rate (incoming movements). */
  rate?: string;
  /**
   * The incoming value instead of a rate: what a transfer's other side took out, so the value
   * moves to the cent (the rate is value ÷ qty).
   */
  value?: string;
}

export interface ValuedMovement {
  /** The rate this movement was valued at: the incoming rate, or |value change| ÷ |qty| out. */
  rate: string;
  valueChange: string;
  after: StockState;
}

export const EMPTY_STATE: StockState = { qty: '0', value: '0.00', rate: '0', queue: [] };

const money = (b: Big): string => b.round(2, Big.roundHalfUp).toFixed(2);
/** A rate to RATE_DP decimals, without trailing zeros ("5.5", not "5.500000"). */
const rateText = (b: Big): string => b.round(RATE_DP, Big.roundHalfUp).toFixed();

/** Values `movement` against `state` with `method`. */
export function value(state: StockState, movement: Movement, method: ValuationMethod): ValuedMovement {
  const qty = new Big(movement.qty);
  if (qty.gt(0) && movement.value !== undefined)
    return incoming(state, qty, new Big(movement.value).div(qty), method, new Big(movement.value));
  if (qty.gt(0)) return incoming(state, qty, new Big(movement.rate ?? '0'), method);
  return outgoing(state, qty.abs(), method);
}

function incoming(
  state: StockState,
  qty: Big,
  rate: Big,
  method: ValuationMethod,
  exactValue?: Big,
): ValuedMovement {
  const inValue = exactValue ?? qty.times(rate);
  const prevQty = new Big(state.qty);
  const prevValue = new Big(state.value);
  const qtyAfter = prevQty.plus(qty);
  let valueAfter: Big;
  let queue: Layer[] = [];
  if (method === 'moving-average') {
    // Restart at the incoming rate when nothing (or less than nothing) was in stock.
    valueAfter = prevQty.lte(0) ? qtyAfter.times(rate) : prevValue.plus(inValue);
  } else {
    queue = fill(state.queue, qty, rate);
    valueAfter = prevQty.lte(0) ? qtyAfter.times(rate) : prevValue.plus(inValue);
  }
  const after = new Big(money(valueAfter));
  return {
    rate: rateText(rate),
    valueChange: money(after.minus(prevValue)),
    after: {
      qty: qtyAfter.toFixed(),
      value: money(after),
      rate: qtyAfter.gt(0) ? rateText(after.div(qtyAfter)) : rateText(rate),
      queue,
    },
  };
}

/** The FIFO queue after `qty` comes in at `rate`: a negative layer is filled first. */
function fill(queue: readonly Layer[], qty: Big, rate: Big): Layer[] {
  const first = queue[0];
  if (first && new Big(first.qty).lt(0)) {
    const left = new Big(first.qty).plus(qty);
    if (left.lte(0)) return left.eq(0) ? [] : [{ qty: left.toFixed(), rate: first.rate }];
    return [{ qty: left.toFixed(), rate: rateText(rate) }];
  }
  return [...queue, { qty: qty.toFixed(), rate: rateText(rate) }];
}

function outgoing(state: StockState, qty: Big, method: ValuationMethod): ValuedMovement {
  const prevQty = new Big(state.qty);
  const prevValue = new Big(state.value);
  const qtyAfter = prevQty.minus(qty);
  let change: Big;
  let queue: Layer[] = [];
  if (qtyAfter.eq(0)) {
    change = prevValue.neg();
    queue = [];
  } else if (method === 'moving-average') {
    change = new Big(money(qty.times(state.rate))).neg();
  } else {
    const consumed = consume(state.queue, qty, new Big(state.rate));
    change = new Big(money(consumed.value)).neg();
    queue = consumed.queue;
  }
  const valueAfter = prevValue.plus(change);
  const rate = qtyAfter.eq(0) && prevQty.gt(0) ? prevValue.div(prevQty) : change.abs().div(qty);
  return {
    rate: rateText(qty.gt(0) ? rate : new Big(state.rate)),
    valueChange: money(change),
    after: {
      qty: qtyAfter.toFixed(),
      value: money(valueAfter),
      rate: qtyAfter.gt(0) && method === 'fifo' ? rateText(valueAfter.div(qtyAfter)) : state.rate,
      queue,
    },
  };
}

/** Takes `qty` from the oldest layers; what is missing becomes a negative layer at `lastRate`. */
function consume(queue: readonly Layer[], qty: Big, lastRate: Big): { value: Big; queue: Layer[] } {
  let left = qty;
  let value = new Big(0);
  const rest: Layer[] = [];
  let rate = lastRate;
  for (const layer of queue) {
    const layerQty = new Big(layer.qty);
    rate = new Big(layer.rate);
    if (left.eq(0) || layerQty.lte(0)) {
      rest.push(layer);
      continue;
    }
    const take = layerQty.lt(left) ? layerQty : left;
    value = value.plus(take.times(layer.rate));
    left = left.minus(take);
    if (layerQty.gt(take)) rest.push({ qty: layerQty.minus(take).toFixed(), rate: layer.rate });
  }
  if (left.gt(0)) {
    value = value.plus(left.times(rate));
    const negative = rest.find((l) => new Big(l.qty).lt(0));
    if (negative) negative.qty = new Big(negative.qty).minus(left).toFixed();
    else rest.push({ qty: left.neg().toFixed(), rate: rateText(rate) });
  }
  return { value, queue: rest };
}
