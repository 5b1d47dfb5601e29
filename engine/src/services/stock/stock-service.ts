// The stock ledger: postings of source documents into per item × warehouse chains of entries
// (stock-entries.ts), the bins they keep up to date (stock-bins.ts), and their value in the general
// ledger when stock accounts are given (stock-accounts.ts). A generic engine capability: any
// module posts through the `stock.post` action; items and warehouses are the module's records.
//
// A posting is idempotent per source (form, id, kind): its id is derived from the source, its
// entries' ids from the posting, the attempt and the line. Lines that take stock go first: when
// one is refused (NEGATIVE_STOCK) the lines already stored are reversed (they only took stock, so
// giving it back cannot fail) and the posting is marked failed — a later call for the same
// source tries again as a new attempt. Lines that bring stock cannot be refused, so once the
// taking lines are in, the posting completes (a crash in between is finished by the retry).
import Big from 'big.js';
import { stockErrors } from '#engine/core/stock/errors.ts';
import {
  checkStockPosting,
  type StockLine,
  type StockPosting,
  type StockPostingInput,
} from '#engine/core/stock/posting.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { StockAccounts, StockAccountsInput } from './stock-accounts.ts';
import { StockBins } from './stock-bins.ts';
import { StockEntries, type Revaluation, type StockEntry } from './stock-entries.ts';
import { StockPlans } from './stock-plans.ts';

export const STOCK_POSTINGS = 'stock_postings';

export interface StockPostingDoc extends Omit<StockPosting, 'id'> {
  status: 'pending' | 'posted' | 'failed' | 'reversed';
  attempt: number;
  accounts?: StockAccountsInput;
  postedBy: string;
  updatedAt: string;
}

/** One line of a posting, valued: what `stock.post` answers. */
export interface ValuedLine {
  no: number;
  item: string;
  warehouse: string;
  batch?: string;
  qty: string;
  /** The valuation rate of the line (the incoming rate in; the cost per unit out). */
  rate: string;
  /** Signed: + stock value came in, − went out (a delivery's cost of goods sold is −valueChange). */
  valueChange: string;
  qtyAfter: string;
  valueAfter: string;
  entryId: string;
}

export interface PostResult {
  postingId: string;
  duplicate: boolean;
  lines: ValuedLine[];
  /** The sum of the lines' value changes. */
  totalValue: string;
}

export interface StockServiceOptions {
  store: DocumentStore;
  clock: Clock;
  /** Posts stock values to the general ledger (when given stock accounts). */
  accounts?: StockAccounts;
  onError?: (err: unknown, context: Record<string, unknown>) => void;
}

const isConflict = (e: unknown): boolean => (e as { code?: string }).code === 'REVISION_CONFLICT';
const isNegative = (e: unknown): boolean => (e as { code?: string }).code === stockErrors.negativeStock.code;

export class StockService {
  readonly entries: StockEntries;
  readonly bins: StockBins;
  readonly postings: Collection<StockPostingDoc>;
  /** Ordered, requested and reserved quantities, stock levels, allocation. */
  readonly plans: StockPlans;

  constructor(private readonly options: StockServiceOptions) {
    this.entries = new StockEntries(options.store, () => this.now());
    this.bins = new StockBins({ store: options.store, clock: options.clock, entries: this.entries });
    this.plans = new StockPlans(options.store, this.bins);
    this.postings = options.store.collection<StockPostingDoc>(STOCK_POSTINGS);
  }

  async init(): Promise<void> {
    await this.entries.init();
    await this.bins.init();
    await this.plans.init();
    await this.postings.ensureIndex({ fields: [['source.id', 1]] });
  }

  /** Posts the movements of a source document (idempotent per source). */
  async post(
    input: StockPostingInput & { accounts?: StockAccountsInput },
    options: { by: string },
  ): Promise<PostResult> {
    const checked = checkStockPosting(input);
    if ('problems' in checked) throw stockErrors.postingInvalid(checked.problems);
    const posting = checked.posting;
    if (input.accounts && this.options.accounts)
      await this.options.accounts.check(input.accounts, posting.postingDate);
    const { header, done } = await this.claim(posting, input.accounts, options.by);
    if (done) return { ...(await this.result(header)), duplicate: true };
    // Lines that take stock (or count it) first — they may be refused — then those that bring it.
    const brings = (l: StockLine): number => Number(l.targetQty === undefined && new Big(l.qty).gt(0));
    const ordered = [...posting.lines].sort((a, b) => brings(a) - brings(b) || a.no - b.no);
    const stored: Array<Stored<StockEntry>> = [];
    const revalued: Revaluation[] = [];
    for (const line of ordered) {
      try {
        const appended = await this.entries.append(
          {
            id: `${posting.id}.${header.attempt}.${line.no}`,
            item: line.item,
            warehouse: line.warehouse,
            ...(line.batch ? { batch: line.batch } : {}),
            postingDate: posting.postingDate,
            postingTime: posting.postingTime,
            qty: line.qty,
            ...(line.incomingRate !== undefined ? { incomingRate: line.incomingRate } : {}),
            ...(line.targetQty !== undefined ? { targetQty: line.targetQty } : {}),
            ...(line.from !== undefined ? { incomingValue: transferValue(stored, line) } : {}),
            method: line.method,
            source: posting.source,
            posting: posting.id,
            attempt: header.attempt,
            lineNo: line.no,
            postedAt: this.now(),
            postedBy: options.by,
          },
          { allowNegative: posting.allowNegative, path: `/lines/${line.no - 1}` },
        );
        stored.push(appended.entry);
        revalued.push(...appended.revalued);
        await this.bins.write(line.item, line.warehouse, appended.valuation, appended.entry.seq);
      } catch (e) {
        if (isNegative(e)) await this.fail(header, stored, options.by);
        throw e;
      }
    }
    // The voucher before the mark: a crash in between is finished by the retry (both idempotent).
    const result = await this.result(header);
    await this.accountFor(header, result, revalued);
    await this.setStatus(header, 'posted');
    return { ...result, duplicate: false };
  }

  /**
   * The stock ledger's value, from the entries (not the bins): per chain, the value changes of
   * the entries still in the valuation (a cancelled entry and its reversal net to nothing).
   */
  async ledgerValue(filter: { item?: string; warehouse?: string } = {}): Promise<string> {
    const entries = await this.entries.find({
      ...(filter.item ? { item: filter.item } : {}),
      ...(filter.warehouse ? { warehouse: filter.warehouse } : {}),
    });
    const reversed = new Set(entries.flatMap((e) => (e.reverses ? [e.reverses] : [])));
    return entries
      .filter((e) => !e.reverses && !reversed.has(e.id))
      .reduce((sum, e) => sum.plus(e.valueChange), new Big(0))
      .toFixed(2);
  }

  /** The stock ledger's value against the stock accounts' balance (needs the general ledger). */
  async valuationCheck(
    accounts: readonly string[],
  ): Promise<{ stockValue: string; accountBalance: string; difference: string }> {
    if (!this.options.accounts) throw stockErrors.noGeneralLedger();
    return this.options.accounts.valuationCheck(await this.ledgerValue(), accounts);
  }

  /** The entries of an item (and warehouse), in posting order (the stock ledger report). */
  async ledger(filter: {
    item?: string;
    warehouse?: string;
    from?: string;
    to?: string;
  }): Promise<StockEntry[]> {
    const entries = await this.entries.find({
      ...(filter.item ? { item: filter.item } : {}),
      ...(filter.warehouse ? { warehouse: filter.warehouse } : {}),
    });
    // Posting order; entries of several chains at the same time in the order they were posted.
    const key = (e: StockEntry) =>
      `${e.postingDate}T${e.postingTime}|${e.postedAt}|${String(e.seq).padStart(9, '0')}`;
    return entries
      .filter(
        (e) => (!filter.from || e.postingDate >= filter.from) && (!filter.to || e.postingDate <= filter.to),
      )
      .sort((a, b) => key(a).localeCompare(key(b)));
  }

  /** The posting of a source (any kind) and its entries, for the document's postings list. */
  async bySource(form: string, id: string): Promise<Array<Stored<StockPostingDoc>>> {
    const { items } = await this.postings.find({ 'source.id': id });
    return items.filter((p) => (p.source.form ?? '') === form);
  }

  /** The live entries of a posting (its current attempt), by line. */
  async entriesOf(header: StockPostingDoc & { id: string }): Promise<Array<Stored<StockEntry>>> {
    const all = await this.entries.find({ posting: header.id });
    return all.filter((e) => e.attempt === header.attempt && !e.reverses).sort((a, b) => a.lineNo - b.lineNo);
  }

  /** Marks a posting (its entries reversed: cancelled). */
  async markReversed(header: Stored<StockPostingDoc>): Promise<void> {
    await this.setStatus(header, 'reversed');
  }

  /** Answers the GL side of a reversal (re-valued later entries). */
  async afterReversal(revalued: Revaluation[], by: string): Promise<void> {
    if (!this.options.accounts || revalued.length === 0) return;
    try {
      await this.options.accounts.revalue(revalued, (id) => this.postings.get(id), by);
    } catch (err) {
      this.options.onError?.(err, { action: 'stock revaluation posting' });
    }
  }

  private async result(header: Stored<StockPostingDoc>): Promise<Omit<PostResult, 'duplicate'>> {
    const lines = (await this.entriesOf(header)).map((e): ValuedLine => ({
      no: e.lineNo,
      item: e.item,
      warehouse: e.warehouse,
      ...(e.batch ? { batch: e.batch } : {}),
      qty: e.qty,
      rate: e.rate,
      valueChange: e.valueChange,
      qtyAfter: e.qtyAfter,
      valueAfter: e.valueAfter,
      entryId: e.id,
    }));
    const total = lines.reduce((sum, l) => sum.plus(l.valueChange), new Big(0));
    return { postingId: header.id, lines, totalValue: total.toFixed(2) };
  }

  /** Takes the posting on (a new one, a failed one again, a pending one to finish). */
  private async claim(
    posting: StockPosting,
    accounts: StockAccountsInput | undefined,
    by: string,
  ): Promise<{ header: Stored<StockPostingDoc>; done: boolean }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.postings.get(posting.id);
      if (current?.status === 'posted') return { header: current, done: true };
      if (current?.status === 'reversed')
        throw stockErrors.postingReversed(posting.source.form ?? '', posting.source.id);
      if (current?.status === 'pending') return { header: current, done: false };
      const { id: _id, ...facts } = posting;
      const doc: StockPostingDoc = {
        ...facts,
        status: 'pending',
        attempt: (current?.attempt ?? 0) + 1,
        ...(accounts ? { accounts } : {}),
        postedBy: by,
        updatedAt: this.now(),
      };
      try {
        const header = current
          ? await this.postings.replace(posting.id, current.rev, doc)
          : await this.postings.insert({ ...doc, id: posting.id });
        return { header, done: false };
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !isConflict(e)) throw e;
      }
    }
    throw stockErrors.postingBusy();
  }

  /** A refused posting: what its lines took is given back, and it is marked failed. */
  private async fail(
    header: Stored<StockPostingDoc>,
    stored: Array<Stored<StockEntry>>,
    by: string,
  ): Promise<void> {
    for (const e of stored) {
      const back = await this.entries.append(reversalFacts(e, this.now(), by), {
        allowNegative: true,
        path: '',
      });
      await this.bins.write(e.item, e.warehouse, back.valuation, back.entry.seq);
    }
    await this.setStatus(header, 'failed');
  }

  private async setStatus(
    header: Stored<StockPostingDoc>,
    status: StockPostingDoc['status'],
  ): Promise<Stored<StockPostingDoc>> {
    let current: Stored<StockPostingDoc> | null = header;
    for (let attempt = 0; current && attempt < 20; attempt++) {
      if (current.status === status) return current;
      try {
        return await this.postings.update(current.id, current.rev, {
          set: { status, updatedAt: this.now() },
        });
      } catch (e) {
        if (!isConflict(e)) throw e;
        current = await this.postings.get(header.id);
      }
    }
    throw stockErrors.postingBusy();
  }

  private async accountFor(
    header: Stored<StockPostingDoc>,
    result: Omit<PostResult, 'duplicate'>,
    revalued: Revaluation[],
  ): Promise<void> {
    const accounts = this.options.accounts;
    if (!accounts) return;
    if (header.accounts) await accounts.post(header, result.lines, header.postedBy);
    await this.afterReversal(revalued, header.postedBy);
  }

  now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

/** What a transfer's receiving line brings: its share of the value its `from` line took. */
function transferValue(stored: ReadonlyArray<StockEntry>, line: StockLine): string {
  const from = stored.find((e) => e.lineNo === line.from);
  if (!from) return '0.00';
  return new Big(from.valueChange)
    .neg()
    .times(line.qty)
    .div(new Big(from.qty).abs())
    .round(2, Big.roundHalfUp)
    .toFixed(2);
}

/** The entry that gives back (or takes back) what `e` moved: same time, opposite qty. */
export function reversalFacts(e: StockEntry & { id: string }, now: string, by: string) {
  return {
    id: `${e.id}.r`,
    item: e.item,
    warehouse: e.warehouse,
    ...(e.batch ? { batch: e.batch } : {}),
    postingDate: e.postingDate,
    postingTime: e.postingTime,
    qty: new Big(e.qty).neg().toFixed(),
    ...(new Big(e.qty).lt(0) ? { incomingRate: e.rate } : {}),
    method: e.method,
    source: { ...e.source, kind: `reversal:${e.source.kind}` },
    posting: e.posting,
    attempt: e.attempt,
    lineNo: e.lineNo,
    reverses: e.id,
    postedAt: now,
    postedBy: by,
  };
}
