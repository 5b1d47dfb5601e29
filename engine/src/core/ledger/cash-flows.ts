// A voucher's cash flows (pure), for a cash-flow statement by the direct method: what moved cash,
// told by the accounts on the other side. In a voucher that touches a cash account (a line whose
// account the chart marks `cash`), each line on another account is a flow of its amount with the
// sign reversed: a credit to receivables beside a debit to the bank is cash received from
// customers, a debit to wages payable beside a credit to the bank is wages paid. Because a voucher
// balances, its flows add up to what its cash lines moved — exactly, with nothing to split when
// one payment settles several accounts — and a transfer between cash accounts is no flow at all.
// A statement classifies a flow by its `item`, "in:<account>" or "out:<account>", through a
// mapping kept as data (a report's mapped group), so the same account may go to different lines
// by direction (a loan received, a loan repaid).
import Big from 'big.js';

/** The line fields a flow keeps (a statement may group or filter by them). */
const KEPT = [
  'account',
  'accountType',
  'accountName',
  'accountNameZh',
  'department',
  'costCentre',
  'category',
  'partner',
] as const;

export interface CashFlow extends Partial<Record<(typeof KEPT)[number], unknown>> {
  /** The line of the voucher the flow comes from. */
  no: unknown;
  /** "in:<account>" (cash received) or "out:<account>" (cash paid). */
  item: string;
  direction: 'in' | 'out';
  /** Cash received (positive) or paid (negative), the line's balance reversed, 2 decimals. */
  amount: string;
}

const decimal = (value: unknown): Big | null => {
  try {
    return typeof value === 'string' || typeof value === 'number' ? new Big(value) : null;
  } catch {
    return null;
  }
};

/** The cash flows of a voucher's lines (none when no line is on a cash account). */
export function cashFlowsOf(lines: readonly unknown[]): CashFlow[] {
  const items = lines.filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null);
  if (!items.some((l) => l.cash === true)) return [];
  const out: CashFlow[] = [];
  for (const line of items) {
    if (line.cash === true) continue;
    const balance = decimal(line.balance);
    if (!balance || balance.eq(0)) continue;
    const direction = balance.lt(0) ? 'in' : 'out';
    const flow: CashFlow = {
      no: line.no,
      item: `${direction}:${String(line.account)}`,
      direction,
      amount: balance.neg().toFixed(2),
    };
    for (const k of KEPT) if (line[k] !== undefined && line[k] !== null) flow[k] = line[k];
    out.push(flow);
  }
  return out;
}
