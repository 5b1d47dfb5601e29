// Planned stock (engine/src/services/stock/stock-plans.ts): what documents order, request and
// reserve, stock levels, and allocation. Projected qty = on hand + ordered + requested − reserved,
// on the bins (`GET /api/stock/balance`, report source `stockBalance`).
//
// `stock.plan`: sets what a source document plans of one kind — its lines now replace what it
//   planned before (a line left out drops to nothing; `lines: []` releases everything).
//   input: source {form, id}, kind (ordered | requested | reserved), lines [{item, warehouse,
//   [batch], qty}]   → { lines }
// `stock.reserve`: reserves what is free now (on hand less others' reservations), batch by batch in
//   the order given (first to expire first; batches not named after them), partly when short;
//   replaces the source's reservations.
//   input: source {form, id}, lines [{item, warehouse, qty, [batches] (codes, in the order to use)}]
//   → { lines: [{item, warehouse, requested, reserved, short, batches [{batch, qty}]}], short }
// `stock.unreserve`: releases a source's reservations.   input: source {form, id}   → {}
// `stock.levels`: an item's safety stock, reorder level and reorder qty (in a warehouse, or '*').
//   input: item, [warehouse], [safetyStock], [reorderLevel], [reorderQty]   → {}
import Big from 'big.js';
import { PLAN_KINDS, type PlanKind } from '#engine/services/stock/stock-plans.ts';
import { actionInput, asBpmnError, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

const QTY = /^-?\d{1,12}(\.\d{1,9})?$/;

function qtyOf(value: unknown, path: string, allowZero = true): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : String(value ?? '');
  if (!QTY.test(text) || new Big(text).lt(0) || (!allowZero && new Big(text).eq(0)))
    throw new BpmnError('INPUT_INVALID', `${path} must be a quantity ≥ 0`);
  return new Big(text).toFixed();
}

function sourceOf(input: Record<string, unknown>): { form?: string; id: string } {
  const s = input.source as { form?: unknown; id?: unknown } | undefined;
  if (!s || (typeof s.id !== 'string' && typeof s.id !== 'number') || String(s.id) === '')
    throw new BpmnError('INPUT_INVALID', 'input "source" needs an id');
  return { ...(typeof s.form === 'string' && s.form ? { form: s.form } : {}), id: String(s.id) };
}

function linesOf(input: Record<string, unknown>): Array<Record<string, unknown>> {
  if (!Array.isArray(input.lines)) throw new BpmnError('INPUT_INVALID', 'input "lines" must be a list');
  return input.lines.map((l, i) => {
    const line = (l ?? {}) as Record<string, unknown>;
    for (const key of ['item', 'warehouse'])
      if (typeof line[key] !== 'string' || !line[key])
        throw new BpmnError('INPUT_INVALID', `lines[${i}].${key} is required`);
    return line;
  });
}

export function stockPlanActions(services: ActionServicesProvider): ActionDefinition[] {
  return [
    {
      name: 'stock.plan',
      description: {
        en: 'Sets what a document orders, requests or reserves.',
        zh: '设置单据的在途、请购或预留数量。',
      },
      async run(ctx) {
        const { stock } = servicesOf(services);
        const input = actionInput(ctx);
        const kind = input.kind as PlanKind;
        if (!PLAN_KINDS.includes(kind))
          throw new BpmnError('INPUT_INVALID', 'kind is ordered, requested or reserved');
        const lines = linesOf(input).map((l, i) => ({
          item: String(l.item),
          warehouse: String(l.warehouse),
          ...(typeof l.batch === 'string' && l.batch ? { batch: l.batch } : {}),
          qty: qtyOf(l.qty, `lines[${i}].qty`),
        }));
        try {
          await stock.plans.set(
            sourceOf(input),
            kind,
            lines.filter((l) => l.qty !== '0'),
          );
          return { lines: lines.length };
        } catch (e) {
          throw asBpmnError(e);
        }
      },
    },
    {
      name: 'stock.reserve',
      description: {
        en: 'Reserves free stock for a document (first to expire first).',
        zh: '为单据预留可用库存（先到期先出）。',
      },
      async run(ctx) {
        const { stock } = servicesOf(services);
        const input = actionInput(ctx);
        const lines = linesOf(input).map((l, i) => ({
          item: String(l.item),
          warehouse: String(l.warehouse),
          qty: qtyOf(l.qty, `lines[${i}].qty`, false),
          ...(Array.isArray(l.batches) ? { batches: l.batches.map(String) } : {}),
        }));
        const allocated = await stock.plans.reserve(sourceOf(input), lines);
        return { lines: allocated, short: allocated.some((a) => a.short !== '0') };
      },
    },
    {
      name: 'stock.unreserve',
      description: { en: "Releases a document's reservations.", zh: '释放单据的预留。' },
      async run(ctx) {
        const { stock } = servicesOf(services);
        await stock.plans.set(sourceOf(actionInput(ctx)), 'reserved', []);
        return {};
      },
    },
    {
      name: 'stock.levels',
      description: {
        en: 'Sets the safety stock and reorder level of an item.',
        zh: '设置物料的安全库存与再订货点。',
      },
      async run(ctx) {
        const { stock } = servicesOf(services);
        const input = actionInput(ctx);
        const opt = (key: string) =>
          input[key] === undefined || input[key] === null || input[key] === ''
            ? {}
            : { [key]: qtyOf(input[key], key) };
        await stock.plans.setLevels({
          item: requireText(input, 'item'),
          warehouse: typeof input.warehouse === 'string' && input.warehouse ? input.warehouse : '*',
          ...opt('safetyStock'),
          ...opt('reorderLevel'),
          ...opt('reorderQty'),
        });
        return {};
      },
    },
  ];
}
