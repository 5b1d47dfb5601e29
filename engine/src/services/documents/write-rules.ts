// The business-document rules every record write keeps (the record service's DocumentRules port,
// services/records/document-rules.ts): fetch-from and link checks (link-service.ts), numbering
// (numbering-service.ts) and what the lifecycle allows (core/documents/lifecycle.ts).
import type { FormDefinition } from '#schemas/generated/index.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import { docstatusOf, lifecycleOf, refusedChanges } from '#engine/core/documents/lifecycle.ts';
import type { FieldChange } from '#engine/core/forms/diff.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import type { DocumentRules, NumberTaken, WriteContext } from '../records/document-rules.ts';
import type { StoredRecord } from '../records/record-docs.ts';
import type { DuplicateCheck } from './duplicate-check.ts';
import type { LinkService } from './link-service.ts';
import type { NumberingService } from './numbering-service.ts';

type Data = Record<string, unknown>;

export class DocumentWriteRules implements DocumentRules {
  constructor(
    private readonly deps: { links: LinkService; numbering: NumberingService; duplicates?: DuplicateCheck },
  ) {}

  prepare(ctx: WriteContext, data: Data): Promise<Data> {
    return this.deps.links.fetchInto(ctx, data);
  }

  async check(
    ctx: WriteContext,
    data: Data,
    change: { changes: FieldChange[]; upgrading: boolean },
  ): Promise<void> {
    const before = ctx.before;
    const lifecycle = lifecycleOf(ctx.latest);
    if (before && lifecycle) {
      const docstatus = docstatusOf(before.row);
      if (docstatus === 'cancelled') throw documentErrors.cancelledReadOnly();
      if (docstatus === 'submitted') {
        // Moving to another form version would check the document against rules it was not
        // submitted under: a submitted document stays on its version.
        const refused = change.upgrading
          ? ['']
          : refusedChanges(
              docstatus,
              lifecycle,
              change.changes.map((c) => c.path),
            );
        if (refused.length) throw documentErrors.submittedReadOnly(refused);
      }
    }
    await this.deps.links.check(ctx.form, data, {
      ...(before ? { before: before.data } : {}),
      principal: ctx.actor.principal,
      mode: 'changed',
    });
    await this.deps.duplicates?.check(ctx, data);
  }

  async reserveNumber(form: FormDefinition): Promise<NumberTaken | null> {
    return form.numbering ? this.deps.numbering.reserve(form.id, form.numbering) : null;
  }

  releaseNumbers(form: string, numbers: string[]): Promise<void> {
    return this.deps.numbering.releaseNumbers(form, numbers);
  }

  async beforeDelete(actor: DecidedActor, latest: FormDefinition, row: Stored<StoredRecord>): Promise<void> {
    if (lifecycleOf(latest) && docstatusOf(row) === 'submitted') throw documentErrors.deleteSubmitted();
    const { visible, hidden } = await this.deps.links.dependents(actor.principal, row.form, row.id);
    if (visible.length || hidden) throw documentErrors.linked(visible, hidden);
  }

  onStatus(
    latest: FormDefinition,
    row: Stored<StoredRecord>,
    status: string,
    by: string,
    at: string,
  ): Data | null {
    const lifecycle = lifecycleOf(latest);
    if (!lifecycle?.submitOn?.includes(status) || docstatusOf(row) !== 'draft') return null;
    return { docstatus: 'submitted', submittedAt: at, submittedBy: by };
  }
}
