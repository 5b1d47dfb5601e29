// Quantity ledger actions (days of leave, pieces in stock …; engine/src/services/quantities).
//
// `quantity.post`: posts a signed quantity to a party's balance of an item in a book, idempotent
// per source document (posting the same source, party and item again returns the first entry).
// With `floor` (e.g. 0) taking more than the balance is refused. Refusals become BPMN errors a
// model may catch: QUANTITY_ENTRY_INVALID, QUANTITY_INSUFFICIENT, DOCUMENT_CANCELLED (the source
// document is cancelled: what it posted has been reversed, and it posts nothing more).
//   input: book, party, item, quantity, date, source {form, id, kind}, [memo], [floor],
//          [skipZero] (a zero quantity posts nothing instead of being an error)
//   → { entryId, duplicate, quantity, balance }
//
// `quantity.balance`: the sum of a party's entries of an item.
//   input: book, party, item, [asOf (YYYY-MM-DD)], [year (YYYY)]   → { balance }
import { actingAs, actionInput, asBpmnError, requireText } from './input.ts';
import type { ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';
import { refuseCancelledSource } from './source-document.ts';

const optional = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : String(v);

export function quantityActions(services: ActionServicesProvider): ActionDefinition[] {
  return [
    {
      name: 'quantity.post',
      description: {
        en: 'Posts a quantity (days of leave, pieces …) to a balance; idempotent per source document.',
        zh: '向数量台账记一笔（假期天数、库存数量等），同一单据只记一次。',
      },
      async run(ctx) {
        const { quantities, records } = servicesOf(services);
        const { floor, skipZero, ...input } = actionInput(ctx);
        // A month that earns nothing (half days round down) is not an entry: nothing to record.
        if (skipZero === true && (input.quantity === null || Number(input.quantity) === 0))
          return { skipped: true, duplicate: false, quantity: '0' };
        await refuseCancelledSource(records, input.source);
        try {
          const minimum = optional(floor);
          const { entry, duplicate, balance } = await quantities.post(
            input as unknown as Parameters<typeof quantities.post>[0],
            { by: actingAs(ctx), ...(minimum !== undefined ? { floor: minimum } : {}) },
          );
          return { entryId: entry.id, duplicate, quantity: entry.quantity, balance };
        } catch (e) {
          throw asBpmnError(e);
        }
      },
    },
    {
      name: 'quantity.balance',
      description: { en: 'The balance of a quantity ledger.', zh: '查询数量台账余额。' },
      async run(ctx) {
        const { quantities } = servicesOf(services);
        const input = actionInput(ctx);
        const asOf = optional(input.asOf);
        const year = optional(input.year);
        const balance = await quantities.balance({
          book: requireText(input, 'book'),
          party: requireText(input, 'party'),
          item: requireText(input, 'item'),
          ...(asOf ? { asOf: asOf.slice(0, 10) } : {}),
          ...(year ? { year } : {}),
        });
        return { balance };
      },
    },
  ];
}
