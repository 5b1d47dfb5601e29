// Ledger actions.
//
// `ledger.post`: posts a voucher whose debit and credit lines balance to the cent; idempotent per
// source document (posting the same source again returns the first voucher); anything else is
// rejected with a BPMN error the model may catch: VOUCHER_INVALID (unbalanced, bad amounts),
// ACCOUNT_UNKNOWN, PERIOD_CLOSED, VOUCHER_DUPLICATE_REF, DOCUMENT_CANCELLED (the source document is
// cancelled: what it posted has been reversed, and it posts nothing more). Amounts: decimal strings, or numbers
// from FEEL (taken by their decimal text); arithmetic with big.js.
//   input: source {form, id, kind}, date, lines [{account, debit | credit, department, costCentre,
//          category, partner, reference, memo}], [memo], [book], [uniqueRef], [chart] (the form of
//          the chart of accounts: every account must be in it), [dropZeroLines] (leave out lines
//          without an amount, e.g. the VAT line of a 0 % invoice — otherwise they are an error)
//   → { voucherId, number, duplicate, totalDebit, totalCredit }
//
// After a reversal (`ledger.reverse`) posting the same source again posts a new voucher (the
// source's next generation, engine/src/services/ledger/voucher-reversal.ts).
//
// `ledger.reverse`: undoes what a status change posted — a reversing voucher (lines swapped) for
// the live posting of the source; nothing when there is none (idempotent).
//   input: source {form, id, kind}, date, [memo], [book]
//   → { reversed, voucherId?, number?, reverses? }
//
// `ledger.period`: opens or closes a period of a book.   input: period (YYYY-MM), status, [book]
// `ledger.reconcile`: matches bank statement lines (records of `form`) with ledger lines of the
//   bank `account`.   input: form, account, [windowDays], [period]   → { matched }
import type { VoucherInput } from '#engine/core/ledger/voucher.ts';
import { chartAccounts } from '#engine/services/ledger/chart.ts';
import { liveKind, reversePosting } from '#engine/services/ledger/voucher-reversal.ts';
import { actingAs, actionInput, asBpmnError, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';
import { refuseCancelledSource } from './source-document.ts';

const bookOf = (input: { book?: unknown }): string =>
  typeof input.book === 'string' && input.book ? input.book : 'actual';

/** The source of a posting when it names one (form, id and kind as texts). */
function sourceOf(value: unknown): { form?: string; id: string; kind: string } | null {
  const s = value as { form?: unknown; id?: unknown; kind?: unknown } | null | undefined;
  if (!s || (typeof s.id !== 'string' && typeof s.id !== 'number') || String(s.id) === '') return null;
  return {
    ...(s.form !== undefined && s.form !== null ? { form: String(s.form) } : {}),
    id: String(s.id),
    kind: s.kind === undefined || s.kind === null ? 'post' : String(s.kind),
  };
}

function ledgerReverseAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'ledger.reverse',
    description: {
      en: 'Reverses what a source document posted (a reversing voucher; the ledger keeps both).',
      zh: '冲销单据已过账的凭证（生成红字冲销凭证，原凭证保留）。',
    },
    async run(ctx) {
      const { ledger } = servicesOf(services);
      const input = actionInput(ctx);
      const source = sourceOf(input.source);
      if (!source) throw new BpmnError('INPUT_INVALID', 'input "source" needs an id (and a kind)');
      try {
        const done = await reversePosting(ledger, {
          book: bookOf(input),
          source,
          date: requireText(input, 'date'),
          ...(typeof input.memo === 'string' && input.memo ? { memo: input.memo } : {}),
          by: actingAs(ctx),
        });
        if (!done) return { reversed: false };
        return {
          reversed: true,
          voucherId: done.reversal.id,
          number: done.reversal.number,
          reverses: done.original.id,
        };
      } catch (e) {
        throw asBpmnError(e);
      }
    },
  };
}

const isZero = (v: unknown): boolean => v === undefined || v === null || v === '' || Number(v) === 0;
const isZeroLine = (l: { debit?: unknown; credit?: unknown } | null | undefined): boolean =>
  !!l && isZero(l.debit) && isZero(l.credit);

export function ledgerActions(services: ActionServicesProvider): ActionDefinition[] {
  return [
    {
      name: 'ledger.post',
      description: {
        en: 'Posts a balanced voucher (idempotent per source document).',
        zh: '过账一张借贷平衡的凭证（同一单据只过账一次）。',
      },
      async run(ctx) {
        const { ledger, records } = servicesOf(services);
        const { chart, dropZeroLines, ...input } = actionInput(ctx) as Record<string, unknown>;
        const voucher = input as unknown as VoucherInput;
        if (!Array.isArray(voucher.lines))
          throw new BpmnError('VOUCHER_INVALID', 'input "lines" must be a list');
        if (dropZeroLines === true) voucher.lines = voucher.lines.filter((l) => !isZeroLine(l));
        await refuseCancelledSource(records, voucher.source);
        try {
          const source = sourceOf(voucher.source);
          if (source) voucher.source = { ...source, kind: await liveKind(ledger, bookOf(voucher), source) };
          const accounts =
            typeof chart === 'string' && chart
              ? await chartAccounts(
                  records,
                  chart,
                  voucher.lines.map((l) => String(l?.account ?? '')),
                )
              : undefined;
          const { voucher: v, duplicate } = await ledger.post(voucher, {
            by: actingAs(ctx),
            ...(accounts ? { accounts } : {}),
          });
          return {
            voucherId: v.id,
            number: v.number,
            duplicate,
            totalDebit: v.totalDebit,
            totalCredit: v.totalCredit,
          };
        } catch (e) {
          throw asBpmnError(e);
        }
      },
    },
    ledgerReverseAction(services),
    {
      name: 'ledger.period',
      description: { en: 'Opens or closes an accounting period.', zh: '打开或关闭会计期间。' },
      async run(ctx) {
        const { ledger } = servicesOf(services);
        const input = actionInput(ctx);
        const status = requireText(input, 'status');
        if (status !== 'open' && status !== 'closed')
          throw new BpmnError('INPUT_INVALID', 'status is open or closed');
        try {
          const p = await ledger.setPeriod(
            typeof input.book === 'string' ? input.book : 'actual',
            requireText(input, 'period'),
            status,
            actingAs(ctx),
          );
          return { period: p.period, status: p.status };
        } catch (e) {
          throw asBpmnError(e);
        }
      },
    },
    {
      name: 'ledger.reconcile',
      description: {
        en: 'Matches bank statement lines with ledger entries.',
        zh: '将银行流水与账簿分录自动对账。',
      },
      async run(ctx) {
        const { reconciliation } = servicesOf(services);
        const input = actionInput(ctx);
        const made = await reconciliation.autoMatch(
          {
            form: requireText(input, 'form'),
            account: requireText(input, 'account'),
            ...(typeof input.period === 'string' ? { period: input.period } : {}),
            ...(input.windowDays !== undefined ? { windowDays: Number(input.windowDays) } : {}),
          },
          actingAs(ctx),
        );
        return { matched: made.length };
      },
    },
  ];
}
