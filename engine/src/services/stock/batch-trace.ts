// Where a batch came from and where it went, read from the stock ledger: its movements in posting
// order — in (a receipt: its supplier; a return; a transfer's receiving side) and out (a delivery:
// its customer; a transfer's sending side; a count's loss) — each with its source document's
// number and title (a receipt's title is its supplier, a delivery's its customer), and what is left
// per warehouse. A cancelled movement and its reversal are both left out, as in the valuation
// (decision 0020). Item codes are the caller's: the engine knows no module's items.
import Big from 'big.js';
import type { LocalizedText } from '#schemas/generated/index.ts';
import { linkKey } from '#engine/core/documents/links.ts';
import type { StockEntry } from './stock-entries.ts';

export interface TraceMovement {
  item: string;
  warehouse: string;
  postingDate: string;
  qty: string;
  source: { form?: string; id: string; kind: string };
  /** The source document's number and title ("GR-2026-0001 Ningbo Deli"), when it is a record. */
  document?: string;
  /** The source document's form name, when it is a record. */
  formName?: LocalizedText;
}

export interface BatchTrace {
  batch: string;
  /** Movements that brought the batch in (qty > 0), in posting order. */
  cameIn: TraceMovement[];
  /** Movements that took it out (qty < 0), in posting order. */
  wentOut: TraceMovement[];
  /** What is left per item × warehouse (warehouses with none left are listed with 0). */
  onHand: Array<{ item: string; warehouse: string; qty: string }>;
}

export interface TraceLabels {
  /** `<form>:<id>` → "number title" (records only; others absent). */
  documents(keys: string[]): Promise<Map<string, string>>;
  /** A form's name, when the form exists. */
  formName(form: string): Promise<LocalizedText | undefined>;
}

const order = (e: StockEntry): string =>
  `${e.postingDate}T${e.postingTime}|${e.postedAt}|${String(e.seq).padStart(9, '0')}`;

/** The trace of `batch` from its ledger entries (every item's, or the one the entries are of). */
export async function traceBatch(
  batch: string,
  entries: readonly StockEntry[],
  labels: TraceLabels,
): Promise<BatchTrace> {
  const reversed = new Set(entries.flatMap((e) => (e.reverses ? [e.reverses] : [])));
  const kept = entries
    .filter((e) => !e.reverses && !reversed.has(e.id) && !new Big(e.qty).eq(0))
    .sort((a, b) => order(a).localeCompare(order(b)));
  const keys = [
    ...new Set(kept.flatMap((e) => (e.source.form ? [linkKey(e.source.form, e.source.id)] : []))),
  ];
  const documents = await labels.documents(keys);
  const names = new Map<string, LocalizedText | undefined>();
  for (const form of new Set(kept.flatMap((e) => (e.source.form ? [e.source.form] : []))))
    names.set(form, await labels.formName(form));
  const movement = (e: StockEntry): TraceMovement => {
    const document = e.source.form ? documents.get(linkKey(e.source.form, e.source.id)) : undefined;
    const formName = e.source.form ? names.get(e.source.form) : undefined;
    return {
      item: e.item,
      warehouse: e.warehouse,
      postingDate: e.postingDate,
      qty: new Big(e.qty).toFixed(),
      source: e.source,
      ...(document ? { document } : {}),
      ...(formName ? { formName } : {}),
    };
  };
  const left = new Map<string, { item: string; warehouse: string; qty: Big }>();
  for (const e of kept) {
    const key = `${e.item}\u0000${e.warehouse}`;
    const at = left.get(key) ?? { item: e.item, warehouse: e.warehouse, qty: new Big(0) };
    at.qty = at.qty.plus(e.qty);
    left.set(key, at);
  }
  return {
    batch,
    cameIn: kept.filter((e) => new Big(e.qty).gt(0)).map(movement),
    wentOut: kept.filter((e) => new Big(e.qty).lt(0)).map(movement),
    onHand: [...left.values()]
      .sort((a, b) => `${a.item}\u0000${a.warehouse}`.localeCompare(`${b.item}\u0000${b.warehouse}`))
      .map((l) => ({ item: l.item, warehouse: l.warehouse, qty: l.qty.toFixed() })),
  };
}
