// Bank reconciliation: statement lines (records of a module's form, imported from the bank's
// CSV/XLSX with the records importer) matched to ledger lines on the bank account. Automatic
// matching pairs a statement line with an unmatched ledger line of the same amount (a deposit
// with a debit to the bank account, a withdrawal with a credit) dated within a window, preferring
// one whose reference agrees, then the nearest date; ambiguous lines are left for a person.
// Manual match and unmatch, the unmatched lists and a per-account, per-period report complete it.
//
// A match is one document keyed by the statement line, with a unique index on the ledger line,
// so neither side can be matched twice even by concurrent runs. The statement record's status
// mirrors it ('matched' / 'unmatched') for lists and filters.
import Big from 'big.js';
import { ledgerErrors } from '#engine/core/ledger/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { RecordService } from '../records/record-service.ts';
import type { StoredRecord } from '../records/record-docs.ts';
import { systemActor } from '../modules/system-actor.ts';
import type { LedgerService, PostedVoucher } from './ledger-service.ts';

export const MATCHES = 'ledger_matches';
const DAY = 86_400_000;

/** Field names of the statement form (defaults: date, amount, reference, account). */
export interface StatementFields {
  date: string;
  /** Signed amount: positive for money in, negative for money out. */
  amount: string;
  reference: string;
  /** The bank account's ledger code (each line says which account it belongs to). */
  account: string;
}

export interface MatchDoc {
  form: string;
  recordId: string;
  voucherId: string;
  lineNo: number;
  /** `${voucherId}#${lineNo}`: unique. */
  lineKey: string;
  account: string;
  amount: string;
  auto: boolean;
  at: string;
  by: string;
}

export interface StatementLine {
  recordId: string;
  date: string;
  amount: string;
  reference?: string;
  account: string;
  status: string;
}

export interface LedgerLine {
  voucherId: string;
  voucherNumber: string;
  lineNo: number;
  date: string;
  account: string;
  /** Signed: debit − credit (money in to the bank is positive). */
  amount: string;
  reference?: string;
  memo?: string;
}

export interface ReconcileScope {
  form: string;
  account: string;
  /** YYYY-MM; absent: all periods. */
  period?: string;
}

const DEFAULT_FIELDS: StatementFields = {
  date: 'date',
  amount: 'amount',
  reference: 'reference',
  account: 'account',
};

export class ReconciliationService {
  readonly matches: Collection<MatchDoc>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      clock: Clock;
      ledger: LedgerService;
      records: RecordService;
      fields?: Partial<StatementFields>;
    },
  ) {
    this.matches = options.store.collection<MatchDoc>(MATCHES);
  }

  private get fields(): StatementFields {
    return { ...DEFAULT_FIELDS, ...this.options.fields };
  }

  async init(): Promise<void> {
    await this.matches.ensureIndex({ fields: [['lineKey', 1]], unique: true });
    await this.matches.ensureIndex({
      fields: [
        ['form', 1],
        ['account', 1],
      ],
    });
  }

  /** Statement lines of an account (and period), matched or not. */
  async statementLines(scope: ReconcileScope): Promise<StatementLine[]> {
    const f = this.fields;
    const filter: Record<string, unknown> = { deleted: false, [`data.${f.account}`]: scope.account };
    const { items } = await this.options.records.collection(scope.form).find(filter);
    return items
      .map((r) => this.statementLine(r))
      .filter((l): l is StatementLine => l !== null && (!scope.period || l.date.startsWith(scope.period)))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.recordId < b.recordId ? -1 : 1));
  }

  /** Ledger lines (book 'actual') on the account (and period). */
  async ledgerLines(scope: Omit<ReconcileScope, 'form'>): Promise<LedgerLine[]> {
    const filter: Record<string, unknown> = { book: 'actual', 'lines.account': scope.account };
    const { items } = await this.options.ledger.vouchers.find(filter, { sort: [['date', 1]] });
    const out: LedgerLine[] = [];
    for (const v of items) {
      if (scope.period && v.period !== scope.period) continue;
      for (const line of v.lines)
        if (line.account === scope.account)
          out.push({
            voucherId: v.id,
            voucherNumber: v.number,
            lineNo: line.no,
            date: v.date,
            account: line.account,
            amount: line.balance,
            ...(line.reference ? { reference: line.reference } : {}),
            ...(v.memo ? { memo: v.memo } : {}),
          });
    }
    return out;
  }

  /** Matches what can be matched unambiguously; returns the pairs made. */
  async autoMatch(scope: ReconcileScope & { windowDays?: number }, by: string): Promise<MatchDoc[]> {
    const window = (scope.windowDays ?? 3) * DAY;
    const existing = await this.matchesOf(scope.form, scope.account);
    const matchedRecords = new Set(existing.map((m) => m.recordId));
    const matchedLines = new Set(existing.map((m) => m.lineKey));
    const statement = (await this.statementLines(scope)).filter((s) => !matchedRecords.has(s.recordId));
    const ledger = (await this.ledgerLines({ account: scope.account })).filter(
      (l) => !matchedLines.has(`${l.voucherId}#${l.lineNo}`),
    );
    const made: MatchDoc[] = [];
    for (const s of statement) {
      const day = Date.parse(s.date.slice(0, 10));
      const candidates = ledger.filter(
        (l) =>
          !matchedLines.has(`${l.voucherId}#${l.lineNo}`) &&
          new Big(l.amount).eq(new Big(s.amount)) &&
          Math.abs(Date.parse(l.date) - day) <= window,
      );
      if (candidates.length === 0) continue;
      const byRef = candidates.filter((l) => referencesAgree(s.reference, l));
      const pool = byRef.length ? byRef : candidates;
      const distance = (l: LedgerLine) => Math.abs(Date.parse(l.date) - day);
      pool.sort((a, b) => distance(a) - distance(b));
      // Two equally good candidates without a reference to tell them apart: leave it to a person.
      if (pool.length > 1 && byRef.length !== 1 && distance(pool[0]!) === distance(pool[1]!)) continue;
      const line = pool[0]!;
      const doc = await this.insertMatch(scope.form, s, line, true, by);
      if (!doc) continue;
      matchedLines.add(doc.lineKey);
      made.push(doc);
    }
    return made;
  }

  /** Matches a statement line with a ledger line by hand (amounts must agree). */
  async match(
    form: string,
    recordId: string,
    voucherId: string,
    lineNo: number,
    by: string,
  ): Promise<MatchDoc> {
    const record = await this.options.records.collection(form).get(recordId);
    const s = record && !record.deleted ? this.statementLine(record) : null;
    if (!s) throw ledgerErrors.statementLineNotFound(recordId);
    const voucher = await this.options.ledger.get(voucherId);
    const line = voucher.lines.find((l) => l.no === lineNo);
    if (!line || line.account !== s.account || voucher.book !== 'actual') throw ledgerErrors.lineMismatch();
    if (!new Big(line.balance).eq(new Big(s.amount)))
      throw ledgerErrors.amountMismatch(s.amount, line.balance);
    const doc = await this.insertMatch(form, s, ledgerLine(voucher, line), false, by);
    if (!doc) throw ledgerErrors.alreadyMatched();
    return doc;
  }

  async unmatch(form: string, recordId: string, by: string): Promise<void> {
    const id = `${form}.${recordId}`;
    const doc = await this.matches.get(id);
    if (!doc) throw ledgerErrors.matchNotFound();
    await this.matches.delete(id);
    await this.setStatus(form, recordId, 'unmatched', by);
  }

  async unmatched(scope: ReconcileScope): Promise<{ statement: StatementLine[]; ledger: LedgerLine[] }> {
    const existing = await this.matchesOf(scope.form, scope.account);
    const records = new Set(existing.map((m) => m.recordId));
    const lines = new Set(existing.map((m) => m.lineKey));
    return {
      statement: (await this.statementLines(scope)).filter((s) => !records.has(s.recordId)),
      ledger: (await this.ledgerLines(scope)).filter((l) => !lines.has(`${l.voucherId}#${l.lineNo}`)),
    };
  }

  /** The reconciliation of an account for a period: balances, matched, unmatched, difference. */
  async report(scope: ReconcileScope) {
    const [statement, ledger, open] = await Promise.all([
      this.statementLines(scope),
      this.ledgerLines(scope),
      this.unmatched(scope),
    ]);
    const sum = (xs: Array<{ amount: string }>) => xs.reduce((t, x) => t.plus(new Big(x.amount)), new Big(0));
    const statementTotal = sum(statement);
    const ledgerTotal = sum(ledger);
    const matched = statement.length - open.statement.length;
    return {
      form: scope.form,
      account: scope.account,
      ...(scope.period ? { period: scope.period } : {}),
      statementTotal: statementTotal.toFixed(2),
      ledgerTotal: ledgerTotal.toFixed(2),
      difference: statementTotal.minus(ledgerTotal).toFixed(2),
      matchedCount: matched,
      matchedAmount: sum(statement).minus(sum(open.statement)).toFixed(2),
      unmatchedStatement: open.statement,
      unmatchedLedger: open.ledger,
      reconciled: open.statement.length === 0 && open.ledger.length === 0,
    };
  }

  private async matchesOf(form: string, account: string): Promise<Stored<MatchDoc>[]> {
    return (await this.matches.find({ form, account })).items;
  }

  private async insertMatch(
    form: string,
    s: StatementLine,
    l: LedgerLine,
    auto: boolean,
    by: string,
  ): Promise<MatchDoc | null> {
    const doc: MatchDoc & { id: string } = {
      id: `${form}.${s.recordId}`,
      form,
      recordId: s.recordId,
      voucherId: l.voucherId,
      lineNo: l.lineNo,
      lineKey: `${l.voucherId}#${l.lineNo}`,
      account: s.account,
      amount: s.amount,
      auto,
      at: new Date(this.options.clock.now()).toISOString(),
      by,
    };
    try {
      await this.matches.insert(doc);
    } catch (e) {
      if (e instanceof DuplicateKeyError) return null;
      throw e;
    }
    await this.setStatus(form, s.recordId, 'matched', by);
    return doc;
  }

  private async setStatus(form: string, recordId: string, status: string, by: string): Promise<void> {
    const row = await this.options.records.collection(form).get(recordId);
    if (!row || row.status === status) return;
    await this.options.records.setStatus(systemActor(`record:${form}`, 'update', by), form, recordId, {
      status,
    });
  }

  private statementLine(r: Stored<StoredRecord>): StatementLine | null {
    const f = this.fields;
    const data = r.data as Record<string, unknown>;
    const date = data[f.date];
    const amount = data[f.amount];
    const account = data[f.account];
    if (typeof date !== 'string' || account === undefined || amount === undefined) return null;
    let value: Big;
    try {
      value = new Big(String(amount));
    } catch {
      return null;
    }
    const reference = data[f.reference];
    return {
      recordId: r.id,
      date,
      amount: value.toFixed(2),
      account: String(account),
      status: r.status,
      ...(typeof reference === 'string' && reference ? { reference } : {}),
    };
  }
}

function ledgerLine(v: PostedVoucher & { id: string }, line: PostedVoucher['lines'][number]): LedgerLine {
  return {
    voucherId: v.id,
    voucherNumber: v.number,
    lineNo: line.no,
    date: v.date,
    account: line.account,
    amount: line.balance,
    ...(line.reference ? { reference: line.reference } : {}),
    ...(v.memo ? { memo: v.memo } : {}),
  };
}

/** A statement reference agrees with a ledger line when one contains the other (case-insensitive). */
function referencesAgree(reference: string | undefined, line: LedgerLine): boolean {
  if (!reference) return false;
  const r = reference.trim().toLowerCase();
  if (r.length < 3) return false;
  return [line.reference, line.memo, line.voucherNumber]
    .filter((x): x is string => typeof x === 'string' && x.length >= 3)
    .some((x) => {
      const y = x.toLowerCase();
      return y.includes(r) || r.includes(y);
    });
}
