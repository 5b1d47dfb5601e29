// The request forms behind approvals, over records and modules: the approvals layer reads a
// request's record through this (its summary, the fields a step shows) without row rules — an
// approver decides on a request whether or not the record is in their rows — and writes the fields
// an approver's step lets them edit as a step of the request's own flow (its lock lets it through).
// Also where a flow's requests get their name and their field permissions from: the catalogue
// entry (a module's, or one published from the designer) that starts the flow.
import type { LocalizedText, ModuleEntry } from '#schemas/generated/index.ts';
import type { FieldPermissions } from '#engine/core/approvals/field-access.ts';
import { DEFAULT_CURRENCY } from '#engine/core/approvals/summary.ts';
import { NotFoundError } from '#engine/ports/document-store.ts';
import type { RequestDocument, RequestDocuments } from '../approvals/ports.ts';
import type { RecordService } from '../records/record-service.ts';
import { entryOf, type CustomEntryService } from './custom-entries.ts';
import type { ModuleService } from './module-service.ts';
import { systemActor } from './system-actor.ts';

const CURRENCY = /^[A-Z]{3}$/;

export class ModuleRequestDocuments implements RequestDocuments {
  constructor(
    private readonly d: {
      records: RecordService;
      modules: ModuleService;
      customEntries?: CustomEntryService;
    },
  ) {}

  /** The catalogue entry that starts a flow: a module's first, then one made in the designer. */
  async entryOf(processId: string): Promise<ModuleEntry | null> {
    for (const m of await this.d.modules.enabledModules()) {
      const entry = (m.manifest.entries ?? []).find((e) => e.flow === processId);
      if (entry) return entry;
    }
    const custom = (await this.d.customEntries?.list())?.find((e) => e.flow === processId);
    return custom ? entryOf(custom) : null;
  }

  async name(processId: string): Promise<LocalizedText | null> {
    return (await this.entryOf(processId))?.name ?? null;
  }

  /** The field permissions a flow's catalogue entry declares (a module's), if any. */
  async fieldPermissions(processId: string): Promise<FieldPermissions | undefined> {
    return (await this.entryOf(processId))?.fieldPermissions as FieldPermissions | undefined;
  }

  async read(ref: { id: string; form: string }): Promise<RequestDocument | null> {
    const { records } = this.d;
    let record;
    try {
      record = await records.get(systemActor(`record:${ref.form}`, 'read'), ref.form, ref.id);
    } catch (e) {
      // Deleted since, or never made (a request that failed to start): nothing to summarise.
      if (e instanceof NotFoundError || (e as { status?: number }).status === 404) return null;
      throw e;
    }
    const form = await records.forms.compiled(ref.form, record.formVersion);
    return {
      ref,
      form,
      data: record.data as Record<string, unknown>,
      rev: record.rev,
      ...(record.owner ? { owner: record.owner } : {}),
      currency: await this.currencyOf(form.definition),
    };
  }

  async write(
    doc: RequestDocument,
    patch: Record<string, unknown>,
    by: string,
    instanceId: string,
  ): Promise<RequestDocument> {
    const { form, id } = { form: doc.ref.form, id: doc.ref.id };
    // The system acts for the approver (their id in the record's history): the flow's own lock
    // lets a step of the flow through, and the step's field permissions were checked before.
    await this.d.records.update(
      systemActor(`record:${form}`, 'update', by),
      form,
      id,
      { rev: doc.rev, patch },
      { withinInstance: instanceId },
    );
    return (await this.read(doc.ref))!;
  }

  private async currencyOf(definition: { currency?: string; module: string }): Promise<string> {
    if (definition.currency) return definition.currency;
    const settings: Record<string, unknown> = await this.d.modules
      .settings(definition.module)
      .catch(() => ({}));
    const setting = settings.currency;
    return typeof setting === 'string' && CURRENCY.test(setting) ? setting : DEFAULT_CURRENCY;
  }
}
