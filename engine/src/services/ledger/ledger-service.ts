// The general ledger: balanced vouchers posted idempotently per source document, periods that
// close, account balances. A generic engine capability (any module posts through the
// `ledger.post` action); the chart of accounts is a module's form, looked up by the caller.
//
// Safety: the voucher id is derived from (book, source form, source id, kind), so posting the
// same source twice stores one voucher (the second call returns the first); a `uniqueRef`
// (e.g. supplier + invoice number) is a unique index per book, so a business document cannot be
// posted twice under different sources either. Vouchers are immutable once posted (corrections
// are new vouchers). A closed period takes no postings. Cancelling the source document posts a
// reversal (document-ledger.ts): a new voucher `reverses` the original, which is marked
// `reversedBy` and gives its business reference back (the amended document may post it again).
import type { ErrorDetail } from '#engine/core/errors.ts';
import { ledgerErrors } from '#engine/core/ledger/errors.ts';
import { checkVoucher, type Voucher, type VoucherInput } from '#engine/core/ledger/voucher.ts';
import type { AccessDecision } from '#engine/core/permissions/access.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Page,
  type Stored,
} from '#engine/ports/document-store.ts';
import { ScopedCollection } from '../access/scoped-collection.ts';
import { LedgerSummaries } from './ledger-summaries.ts';

export const VOUCHERS = 'ledger_vouchers';
export const PERIODS = 'ledger_periods';
const COUNTERS = 'ledger_counters';

/** What a chart of accounts says about an account; copied onto each line at posting. */
export interface AccountInfo {
  type?: string;
  cash?: boolean;
  name?: string;
  nameZh?: string;
  active?: boolean;
}

export interface PostedVoucher extends Voucher {
  number: string;
  /** `${book}:${uniqueRef}` when the voucher has a business reference (unique). */
  uniqueKey?: string;
  postedAt: string;
  postedBy: string;
  /** A reversal: the voucher it reverses. */
  reverses?: string;
  /** Reversed (its source document was cancelled): the reversing voucher. */
  reversedBy?: string;
  lines: Array<
    Voucher['lines'][number] & {
      accountType?: string;
      cash?: boolean;
      accountName?: string;
      accountNameZh?: string;
    }
  >;
}

export interface PeriodDoc {
  book: string;
  period: string;
  status: 'open' | 'closed';
  changedAt: string;
  changedBy: string;
}

export interface PostOptions {
  by: string;
  /** Accounts of the chart (code → info): when given, every line's account must be in it. */
  accounts?: ReadonlyMap<string, AccountInfo>;
  /** This voucher reverses that one (the cancellation of their source document). */
  reverses?: string;
}

export class LedgerService {
  readonly vouchers: Collection<PostedVoucher>;
  readonly periods: Collection<PeriodDoc>;
  private readonly counters: Collection<{ seq: number }>;
  /** Day summaries of the lines, which reports read when they can (ledger-summaries.ts). */
  readonly summaries: LedgerSummaries;

  constructor(private readonly options: { store: DocumentStore; clock: Clock }) {
    this.vouchers = options.store.collection<PostedVoucher>(VOUCHERS);
    this.summaries = new LedgerSummaries({ store: options.store, vouchers: this.vouchers });
    this.periods = options.store.collection<PeriodDoc>(PERIODS);
    this.counters = options.store.collection<{ seq: number }>(COUNTERS);
  }

  async init(): Promise<void> {
    await this.vouchers.ensureIndex({
      fields: [
        ['book', 1],
        ['period', 1],
      ],
    });
    await this.vouchers.ensureIndex({ fields: [['source.id', 1]] });
    await this.vouchers.ensureIndex({ fields: [['lines.account', 1]] });
    // One field, present only when a reference is given: a sparse unique index then ignores the
    // vouchers without one (a compound sparse index would not: it indexes any doc with `book`).
    await this.vouchers.ensureIndex({ fields: [['uniqueKey', 1]], unique: true, sparse: true });
    await this.summaries.init();
  }

  /**
   * Posts a voucher. Returns it with `duplicate: true` when this source was posted before (the
   * stored voucher, unchanged). Throws VOUCHER_INVALID (422, every problem), ACCOUNT_UNKNOWN
   * (422), PERIOD_CLOSED (409) or VOUCHER_DUPLICATE_REF (409).
   */
  async post(
    input: VoucherInput,
    options: PostOptions,
  ): Promise<{ voucher: Stored<PostedVoucher>; duplicate: boolean }> {
    const checked = checkVoucher(input);
    if ('problems' in checked) throw ledgerErrors.voucherInvalid(checked.problems);
    const v = checked.voucher;
    const existing = await this.vouchers.get(v.id);
    if (existing) return { voucher: existing, duplicate: true };
    const lines = v.lines.map((line) => {
      if (!options.accounts) return line;
      const info = options.accounts.get(line.account);
      return {
        ...line,
        ...(info?.type ? { accountType: info.type } : {}),
        ...(info?.cash ? { cash: true } : {}),
        ...(info?.name ? { accountName: info.name } : {}),
        ...(info?.nameZh ? { accountNameZh: info.nameZh } : {}),
      };
    });
    if (options.accounts) {
      const unknown: ErrorDetail[] = v.lines
        .filter(
          (l) => !options.accounts!.get(l.account) || options.accounts!.get(l.account)!.active === false,
        )
        .map((l) => ({
          path: `/lines/${l.no - 1}/account`,
          message: `account "${l.account}" is not in the chart of accounts (or inactive)`,
          messageZh: `科目“${l.account}”不在科目表中（或已停用）`,
        }));
      if (unknown.length) throw ledgerErrors.accountUnknown(unknown);
    }
    await this.assertOpen(v.book, v.period);
    const number = `${v.book === 'actual' ? '' : `${v.book.toUpperCase()}-`}${v.period}-${String(await this.nextSeq(v.book, v.period)).padStart(4, '0')}`;
    const doc: PostedVoucher & { id: string } = {
      ...v,
      ...(v.uniqueRef ? { uniqueKey: `${v.book}:${v.uniqueRef}` } : {}),
      lines,
      number,
      postedAt: new Date(this.options.clock.now()).toISOString(),
      postedBy: options.by,
      ...(options.reverses ? { reverses: options.reverses } : {}),
    };
    let posted: Stored<PostedVoucher>;
    try {
      posted = await this.vouchers.insert(doc);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      const raced = await this.vouchers.get(v.id);
      if (raced) return { voucher: raced, duplicate: true };
      throw ledgerErrors.duplicateRef(v.uniqueRef);
    }
    // The voucher is posted whatever becomes of its summary: one left out is found and rebuilt
    // by the next report that reads the summaries.
    await this.summaries.add(posted).catch(() => undefined);
    return { voucher: posted, duplicate: false };
  }

  async get(id: string): Promise<Stored<PostedVoucher>> {
    const v = await this.vouchers.get(id);
    if (!v) throw ledgerErrors.voucherNotFound(id);
    return v;
  }

  async list(
    filter: { book?: string; period?: string; account?: string; sourceId?: string; sourceForm?: string },
    page: { limit?: number; after?: string } = {},
    scope: Filter = {},
  ): Promise<Page<Stored<PostedVoucher>>> {
    const f: Filter = {};
    if (filter.book) f.book = filter.book;
    if (filter.period) f.period = filter.period;
    if (filter.account) f['lines.account'] = filter.account;
    if (filter.sourceId) f['source.id'] = filter.sourceId;
    if (filter.sourceForm) f['source.form'] = filter.sourceForm;
    const query = Object.keys(scope).length ? { $and: [f, scope] } : f;
    return this.vouchers.find(query, {
      sort: [['date', -1]],
      limit: Math.min(Math.max(page.limit ?? 50, 1), 500),
      ...(page.after ? { after: page.after } : {}),
    });
  }

  /** One voucher as a reader with `decision` sees it (outside their rows: null), hidden fields removed. */
  async voucher(id: string, decision: AccessDecision): Promise<Stored<PostedVoucher> | null> {
    return new ScopedCollection(this.vouchers, decision).findOne({ id });
  }

  /** Opens or closes a period (idempotent). */
  async setPeriod(book: string, period: string, status: 'open' | 'closed', by: string): Promise<PeriodDoc> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw ledgerErrors.periodInvalid();
    const id = `${book}.${period}`;
    const doc: PeriodDoc = {
      book,
      period,
      status,
      changedAt: new Date(this.options.clock.now()).toISOString(),
      changedBy: by,
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.periods.get(id);
      if (current?.status === status) return current;
      try {
        return current
          ? await this.periods.replace(id, current.rev, doc)
          : await this.periods.insert({ ...doc, id });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && (e as { code?: string }).code !== 'REVISION_CONFLICT')
          throw e;
      }
    }
    throw ledgerErrors.periodBusy();
  }

  async listPeriods(book = 'actual'): Promise<Array<Stored<PeriodDoc>>> {
    return (await this.periods.find({ book }, { sort: [['period', 1]] })).items;
  }

  /** The vouchers posted for a source document (reversals included), oldest first. */
  async bySource(form: string, id: string): Promise<Array<Stored<PostedVoucher>>> {
    const { items } = await this.vouchers.find({ 'source.id': id }, { sort: [['postedAt', 1]] });
    return items.filter((v) => (v.source.form ?? '') === form);
  }

  /**
   * Marks a voucher reversed by another, and frees its business reference for the document that
   * replaces its source (idempotent). Its lines and amounts never change.
   */
  async markReversed(id: string, reversalId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const v = await this.vouchers.get(id);
      if (!v || v.reversedBy) return;
      try {
        await this.vouchers.update(id, v.rev, { set: { reversedBy: reversalId }, unset: ['uniqueKey'] });
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== 'REVISION_CONFLICT') throw e;
      }
    }
  }

  /** Why a book's period takes no postings (closed), or null. */
  async closedPeriod(book: string, period: string): Promise<ErrorDetail | null> {
    const p = await this.periods.get(`${book}.${period}`);
    return p?.status === 'closed'
      ? { path: '/date', message: `period ${period} is closed`, messageZh: `期间 ${period} 已结账` }
      : null;
  }

  private async assertOpen(book: string, period: string): Promise<void> {
    if (await this.closedPeriod(book, period)) throw ledgerErrors.periodClosed(period);
  }

  /** The next voucher sequence number of a book and period (atomic increment). */
  private async nextSeq(book: string, period: string): Promise<number> {
    const id = `${book}.${period}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const doc = await this.counters.increment(id, { seq: 1 });
        if (doc) return doc.seq;
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
        try {
          await this.counters.insert({ id, seq: 0 });
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
        }
      }
    }
    throw ledgerErrors.numberBusy();
  }
}
