// Stock actions (the stock ledger: engine/src/services/stock).
//
// `stock.post`: posts the stock movements of a source document — idempotent per source (posting
// the same source again returns the first posting's lines, `duplicate: true`). Refusals are BPMN
// errors the model may catch: STOCK_POSTING_INVALID (bad lines, every problem with its path),
// NEGATIVE_STOCK (a line would take more than is in stock at any point from its posting time on;
// the message names item, warehouse, batch and the qty available), DOCUMENT_CANCELLED (the source
// document is cancelled), STOCK_POSTING_REVERSED, ACCOUNT_UNKNOWN / PERIOD_CLOSED (stock accounts).
//   input: source {form, id, kind}, postingDate (YYYY-MM-DD; `date` also accepted), [postingTime]
//          (HH:MM[:SS]), lines [{item, warehouse, [batch], qty (signed: + in, − out, stock units),
//          [rate] (incoming lines: required), [valuationMethod] (fifo | moving-average; fifo)}],
//          [allowNegative] (or the calling module's setting allowNegativeStock: true),
//          [accounts] {stock, offset, [chart]} (perpetual inventory: one voucher for the value)
//   → { postingId, duplicate, totalValue, lines: [{no, item, warehouse, batch?, qty, rate,
//        valueChange, qtyAfter, valueAfter, entryId}] }
//   A delivery's cost of goods sold is −valueChange of its lines (−totalValue); `rate` is the cost
//   per stock unit it was valued at.
import type { StockAccountsInput } from '#engine/services/stock/stock-accounts.ts';
import { actingAs, actionInput, asBpmnError } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

function accountsOf(value: unknown): StockAccountsInput | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const a = value as { stock?: unknown; offset?: unknown; chart?: unknown };
  return {
    stock: typeof a.stock === 'string' ? a.stock : '',
    offset: typeof a.offset === 'string' ? a.offset : '',
    ...(typeof a.chart === 'string' && a.chart ? { chart: a.chart } : {}),
  };
}

export function stockPostAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'stock.post',
    description: {
      en: 'Posts stock movements of a document (valued; idempotent per document).',
      zh: '过账单据的库存移动（计价；同一单据只过账一次）。',
    },
    async run(ctx) {
      const { stock, records, modules } = servicesOf(services);
      const input = actionInput(ctx);
      const source = input.source as { form?: unknown; id?: unknown } | undefined;
      if (typeof source?.form === 'string' && typeof source.id === 'string') {
        const row = await records.collection(source.form).get(source.id);
        if (row?.docstatus === 'cancelled')
          throw new BpmnError(
            'DOCUMENT_CANCELLED',
            `${source.form} "${source.id}" is cancelled: it moves no more stock`,
          );
      }
      let allowNegative = input.allowNegative === true;
      if (!allowNegative) {
        const module = ctx.automation?.module ?? (await modules.moduleOfProcess(ctx.processId));
        allowNegative = module ? (await modules.settings(module)).allowNegativeStock === true : false;
      }
      const accounts = accountsOf(input.accounts);
      try {
        const posted = await stock.post(
          {
            source: input.source as never,
            postingDate: input.postingDate ?? input.date,
            postingTime: input.postingTime,
            lines: input.lines,
            allowNegative,
            ...(accounts ? { accounts } : {}),
          },
          { by: actingAs(ctx) },
        );
        return { ...posted };
      } catch (e) {
        throw asBpmnError(e);
      }
    },
  };
}
