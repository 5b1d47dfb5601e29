// `record.create`: creates a record of a form (validated like any submission), as the automation
// or flow that runs it. Idempotent: without an explicit `id`, the id comes from the job's
// idempotency key, so a retried job finds the record it created and returns it.
//   input: form, data, [id], [status], [owner], [department]   →   { id, rev, status, created }
import { createHash } from 'node:crypto';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { recordRevOf } from '#engine/services/records/record-docs.ts';
import { actingAs, actionInput, asBpmnError, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

export function recordCreateAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'record.create',
    description: {
      en: 'Creates a record of a form (idempotent per job).',
      zh: '新建一条表单记录（每个作业只创建一次）。',
    },
    async run(ctx) {
      const { records } = servicesOf(services);
      const input = actionInput(ctx);
      const form = requireText(input, 'form');
      const data = input.data;
      if (typeof data !== 'object' || data === null || Array.isArray(data))
        throw new BpmnError('INPUT_INVALID', 'input "data" must be an object');
      const id =
        typeof input.id === 'string' && input.id
          ? input.id
          : `r-${createHash('sha256').update(ctx.idempotencyKey).digest('hex').slice(0, 32)}`;
      const existing = await records.collection(form).get(id);
      if (existing) return { id, rev: recordRevOf(existing), status: existing.status, created: false };
      const actor = systemActor(`record:${form}`, 'create', actingAs(ctx));
      try {
        const created = await records.create(actor, form, structuredClone(data), {
          id,
          ...(typeof input.status === 'string' ? { status: input.status } : {}),
          ...(typeof input.owner === 'string' ? { owner: input.owner } : {}),
          ...(typeof input.department === 'string' ? { department: input.department } : {}),
        });
        return { id, rev: created.rev, status: created.status ?? 'active', created: true };
      } catch (e) {
        if ((e as { code?: string }).code === 'RECORD_EXISTS') {
          const row = await records.collection(form).get(id);
          return { id, rev: row ? recordRevOf(row) : 1, status: row?.status ?? 'active', created: false };
        }
        throw asBpmnError(e);
      }
    },
  };
}
