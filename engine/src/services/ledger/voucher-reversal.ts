// Undoing what a status change posted. The ledger is append-only: a posting that is undone (a
// claim marked paid, then unpaid again) is answered by a reversing voucher — the original's lines
// with debit and credit swapped, dated when the undoing happened — and the original is marked
// `reversedBy` it (its lines never change). The reversal's source is the original's with kind
// `reversal:<kind>`, so its id is fixed and a retried undo posts nothing twice.
//
// Generations: a voucher's id comes from its source (book, form, id, kind), which made posting
// the same status change twice post once. After a reversal the same change may happen again
// (paid once more): it then posts under `<kind>#2`, `<kind>#3` …, the first generation not
// reversed. Posting while a generation is live still returns that one (idempotent).
import type { Stored } from '#engine/ports/document-store.ts';
import { voucherId, type VoucherInput } from '#engine/core/ledger/voucher.ts';
import type { AccountInfo, LedgerService, PostedVoucher } from './ledger-service.ts';

export const REVERSAL_KIND = 'reversal:';
/** More generations than any document's status can plausibly go back and forth. */
const MAX_GENERATIONS = 200;

export interface PostingSource {
  form?: string;
  id: string;
  kind: string;
}

const generationKind = (kind: string, n: number): string => (n === 1 ? kind : `${kind}#${n}`);
const reversalSource = (v: PostedVoucher): PostingSource => ({
  ...(v.source.form ? { form: v.source.form } : {}),
  id: v.source.id,
  kind: `${REVERSAL_KIND}${v.source.kind}`,
});

/**
 * The generations of a source posted so far, oldest first. A generation whose reversal was posted
 * but not yet marked (an undo interrupted between its two writes) is marked now.
 */
async function generations(
  ledger: LedgerService,
  book: string,
  source: PostingSource,
): Promise<Array<Stored<PostedVoucher>>> {
  const out: Array<Stored<PostedVoucher>> = [];
  for (let n = 1; n <= MAX_GENERATIONS; n++) {
    const v = await ledger.vouchers.get(voucherId(book, { ...source, kind: generationKind(source.kind, n) }));
    if (!v) return out;
    if (!v.reversedBy) {
      const reversal = await ledger.vouchers.get(voucherId(book, reversalSource(v)));
      if (!reversal) return [...out, v];
      await ledger.markReversed(v.id, reversal.id);
      v.reversedBy = reversal.id;
    }
    out.push(v);
  }
  return out;
}

/** The source kind a posting goes under now: the first generation that is not reversed. */
export async function liveKind(ledger: LedgerService, book: string, source: PostingSource): Promise<string> {
  const posted = await generations(ledger, book, source);
  const last = posted.at(-1);
  if (last && !last.reversedBy) return last.source.kind;
  return generationKind(source.kind, posted.length + 1);
}

/**
 * Reverses the live posting of a source (its latest generation, unless reversed already): the
 * reversing voucher, or null when there is nothing to reverse.
 */
export async function reversePosting(
  ledger: LedgerService,
  input: { book?: string; source: PostingSource; date: string; memo?: string; by: string },
): Promise<{ reversal: Stored<PostedVoucher>; original: Stored<PostedVoucher> } | null> {
  const book = input.book ?? 'actual';
  const original = (await generations(ledger, book, input.source)).at(-1);
  if (!original || original.reversedBy) return null;
  const { voucher } = await ledger.post(reversalOf(original, input.date, input.memo), {
    by: input.by,
    accounts: accountsOf(original),
    reverses: original.id,
  });
  await ledger.markReversed(original.id, voucher.id);
  return { reversal: voucher, original };
}

/** The reversing voucher of `v` (also the cancellation of a document: document-ledger.ts). */
export function reversalOf(v: PostedVoucher, date: string, memo: string | undefined): VoucherInput {
  return {
    book: v.book,
    date,
    memo: (memo ?? `Reversal of ${v.number} / 冲销 ${v.number}`).slice(0, 500),
    source: reversalSource(v),
    lines: v.lines.map((l) => {
      const { no: _n, balance: _b, debit, credit, accountType: _t, cash: _c, ...rest } = l;
      const { accountName: _an, accountNameZh: _az, ...dimensions } = rest;
      return { ...dimensions, debit: credit, credit: debit };
    }),
  };
}

/** The chart details the original lines carried, so the reversal's lines carry the same. */
export function accountsOf(v: PostedVoucher): Map<string, AccountInfo> {
  return new Map(
    v.lines.map((l) => [
      l.account,
      {
        ...(l.accountType ? { type: l.accountType } : {}),
        ...(l.cash ? { cash: true } : {}),
        ...(l.accountName ? { name: l.accountName } : {}),
        ...(l.accountNameZh ? { nameZh: l.accountNameZh } : {}),
      },
    ]),
  );
}
