// What every ledger-posting action checks first: a cancelled source document posts nothing more
// (what it posted has been reversed by its cancellation). Shared by `ledger.post` and
// `quantity.post`, so both refuse it alike, as a BPMN error a model may catch.
import type { RecordService } from '#engine/services/records/record-service.ts';
import { BpmnError } from './registry.ts';

export async function refuseCancelledSource(records: RecordService, source: unknown): Promise<void> {
  const s = source as { form?: unknown; id?: unknown } | null | undefined;
  if (typeof s?.form !== 'string' || typeof s.id !== 'string') return;
  const row = await records.collection(s.form).get(s.id);
  if (row?.docstatus === 'cancelled')
    throw new BpmnError('DOCUMENT_CANCELLED', `${s.form} "${s.id}" is cancelled: it posts nothing more`);
}
