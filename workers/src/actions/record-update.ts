// `record.update`: changes fields (`patch`, top-level; null removes) and/or the status of a
// record, as the automation or flow that runs it. Idempotent: applying the same patch again
// changes nothing. A concurrent edit (revision conflict) is retried on a fresh read.
//   input: form, id, [patch], [status]   →   { id, rev, status }
//
// `record.find`: the records of a form whose fields equal the given values (e.g. the same
// supplier and invoice number), for duplicate checks and look-ups in flows.
//   input: form, where {field: value}, [id] (that record only: a look-up by id, e.g. the customer
//          a document links to), [exclude] (a record id), [excludeStatuses] (e.g. rejected),
//          [includeCancelled] (cancelled documents are void: left out unless true),
//          [docstatus] (only documents in that state, e.g. draft), [limit]
//          →   { count, records }
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { recordRevOf } from '#engine/services/records/record-docs.ts';
import { actingAs, actionInput, asBpmnError, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

export function recordUpdateAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'record.update',
    description: { en: 'Changes fields or the status of a record.', zh: '修改记录的字段或状态。' },
    async run(ctx) {
      const { records } = servicesOf(services);
      const input = actionInput(ctx);
      const form = requireText(input, 'form');
      const id = requireText(input, 'id');
      const patch = input.patch;
      if (patch !== undefined && (typeof patch !== 'object' || patch === null || Array.isArray(patch)))
        throw new BpmnError('INPUT_INVALID', 'input "patch" must be an object');
      const by = actingAs(ctx);
      for (let attempt = 0; ; attempt++) {
        const row = await records.collection(form).get(id);
        if (!row) throw new BpmnError('RECORD_NOT_FOUND', `there is no record "${id}" in form "${form}"`);
        try {
          let rev = recordRevOf(row);
          if (patch && Object.keys(patch).length) {
            const updated = await records.update(systemActor(`record:${form}`, 'update', by), form, id, {
              rev,
              patch: structuredClone(patch) as Record<string, unknown>,
            });
            rev = updated.rev;
          }
          let status = row.status;
          if (typeof input.status === 'string' && input.status !== row.status) {
            const updated = await records.setStatus(systemActor(`record:${form}`, 'update', by), form, id, {
              status: input.status,
              rev,
            });
            rev = updated.rev;
            status = input.status;
          }
          return { id, rev, status };
        } catch (e) {
          if ((e as { code?: string }).code === 'RECORD_REVISION_CONFLICT' && attempt < 5) continue;
          throw asBpmnError(e);
        }
      }
    },
  };
}

export function recordFindAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'record.find',
    description: { en: 'Finds records whose fields equal given values.', zh: '查找字段等于给定值的记录。' },
    async run(ctx) {
      const { records } = servicesOf(services);
      const input = actionInput(ctx);
      const form = requireText(input, 'form');
      const where = input.where;
      if (typeof where !== 'object' || where === null || Array.isArray(where))
        throw new BpmnError('INPUT_INVALID', 'input "where" must be an object of field values');
      const filter: Record<string, unknown> = { deleted: false };
      for (const [field, value] of Object.entries(where)) filter[`data.${field}`] = value;
      if (typeof input.exclude === 'string') filter.id = { $ne: input.exclude };
      if (typeof input.id === 'string') filter.id = input.id === input.exclude ? { $in: [] } : input.id;
      if (Array.isArray(input.excludeStatuses)) filter.status = { $nin: input.excludeStatuses.map(String) };
      if (input.includeCancelled !== true) filter.docstatus = { $ne: 'cancelled' };
      if (typeof input.docstatus === 'string') filter.docstatus = input.docstatus;
      const limit = Math.min(Math.max(Number(input.limit ?? 20), 1), 200);
      const { items } = await records.collection(form).find(filter, { limit });
      const count = await records.collection(form).count(filter);
      return {
        count,
        records: items.map((r) => ({ id: r.id, status: r.status, owner: r.owner, data: r.data })),
      };
    },
  };
}
