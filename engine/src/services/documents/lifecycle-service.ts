// Submit, cancel and amend a document (core/documents/lifecycle.ts), as a person or the system.
//
//   submit   a draft becomes binding: its links are checked again (none may point to a cancelled
//            document), `submittedAt/By` recorded. Needs the `submit` grant on its rows.
//   cancel   a submitted document becomes void. Refused, with the documents named, while a
//            submitted document links to it (an invoice on the order); refused before anything
//            changes when a ledger could not post the reversal (the period of the reversal date is
//            closed). Then — an outbox, like the flows' — the record is marked cancelled with the
//            reversal still to do, every ledger posts its reversal (idempotent), and the mark is
//            cleared; a crash in between is finished by `finishReversals()` at the next start.
//            A reason is required and kept. The form's `cancelChecks` (named rules, like the
//            submit checks) may refuse it too, before anything changes. Needs the `cancel` grant.
//   amend    a cancelled document gets one amendment: a new draft with its data, linked back
//            (`amendedFrom`), numbered `<first number>-k`. What happened after submitting (the
//            fields allowed after submit: a payment, a delivery date) is not copied, nor what the
//            amender may not write (their read-only fields): those start afresh. The cancelled one is marked
//            `amendedBy` first (a conditional write: two people amending at once make one
//            amendment). Needs `create` on the form and `read` on the cancelled document.
// Everything is audited (record.submit, record.cancel, record.amend) and in the record's history.
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { randomUUID } from 'node:crypto';
import { documentErrors } from '#engine/core/documents/errors.ts';
import { docstatusOf, lifecycleOf } from '#engine/core/documents/lifecycle.ts';
import { assertSubmittable, type RunRule } from '#engine/core/documents/submit-checks.ts';
import { feelData } from '#engine/core/automations/feel-values.ts';
import {
  DEFAULT_TIME_ZONE,
  amendmentBase,
  amendmentNumber,
  datePartsAt,
} from '#engine/core/documents/numbering.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { unsetAt } from '#engine/core/doc-paths.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { RevisionConflictError, type Stored } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordRevOf, type StoredRecord } from '../records/record-docs.ts';
import type { RecordService } from '../records/record-service.ts';
import { systemActor } from '../modules/system-actor.ts';
import type { LedgerRegistry } from './ledgers.ts';
import type { LinkService } from './link-service.ts';

type Row = Stored<StoredRecord>;

export interface CancelInput {
  rev: number;
  reason: string;
  /** The date of the reversing entries (default: today in the platform's time zone). */
  reversalDate?: string;
}

export class LifecycleService {
  constructor(
    private readonly options: {
      records: RecordService;
      links: LinkService;
      ledgers: LedgerRegistry;
      clock: Clock;
      /** Evaluates a module's named rule (the submit checks'); absent: documents have no checks. */
      runRule?: RunRule;
      onError?: (error: unknown, context: Record<string, unknown>) => void;
    },
  ) {}

  async submit(actor: DecidedActor, formId: string, id: string, rev: number): Promise<RecordEnvelope> {
    const { records } = this.options;
    const row = await records.storedRow(actor, formId, id);
    await this.assertSubmittableDraft(formId, row);
    return records.changeLifecycle(actor, formId, id, rev, {
      action: 'submit',
      auditAction: 'record.submit',
      event: 'submitted',
      set: { docstatus: 'submitted', submittedAt: this.now(), submittedBy: actor.principal.userId },
      meta: { docstatus: { before: 'draft', after: 'submitted' } },
    });
  }

  /**
   * What submitting asks of a document, also before its approval starts (draft-approval.ts): a
   * draft of a form with a lifecycle, its links all pointing to live documents, its submit checks
   * — those of the newest version: what binds now is decided by today's rules — holding.
   */
  async assertSubmittableDraft(formId: string, row: Row): Promise<void> {
    const { records } = this.options;
    await this.requireLifecycle(formId, row);
    const docstatus = docstatusOf(row);
    if (docstatus !== 'draft') throw documentErrors.notDraft(docstatus);
    const form = await records.forms.compiled(formId, row.formVersion);
    const { data } = records.codec.decode(form, row.id, row.data);
    await this.options.links.check(form, data, { mode: 'all' });
    const latest = await records.forms.latest(formId);
    if (this.options.runRule)
      await assertSubmittable(
        latest.definition.submitChecks,
        {
          data: feelData(form.fields, data),
          record: { id: row.id, ...(row.number ? { number: row.number } : {}), owner: row.owner },
        },
        this.options.runRule,
      );
  }

  async cancel(actor: DecidedActor, formId: string, id: string, input: CancelInput): Promise<RecordEnvelope> {
    const { records, links, ledgers } = this.options;
    const reason = input.reason?.trim() ?? '';
    if (!reason) throw documentErrors.reasonRequired();
    const row = await records.storedRow(actor, formId, id);
    await this.requireLifecycle(formId, row);
    const docstatus = docstatusOf(row);
    if (docstatus !== 'submitted') throw documentErrors.notSubmitted(docstatus);
    const dependents = await links.dependents(actor.principal, formId, id, { docstatus: 'submitted' });
    if (dependents.visible.length || dependents.hidden)
      throw documentErrors.hasDependents(dependents.visible, dependents.hidden);
    await this.checkCancel(formId, id, row);
    const date = input.reversalDate ?? this.today();
    const problems = await ledgers.reversalProblems({ form: formId, id }, date);
    if (problems.length) throw documentErrors.reversalRefused(problems);
    const cancelled = await records.changeLifecycle(actor, formId, id, input.rev, {
      action: 'cancel',
      auditAction: 'record.cancel',
      event: 'cancelled',
      set: {
        docstatus: 'cancelled',
        cancelledAt: this.now(),
        cancelledBy: actor.principal.userId,
        cancelReason: reason,
        reversal: { pending: true, date, reason },
      },
      meta: { docstatus: { before: 'submitted', after: 'cancelled' }, reason },
    });
    await this.reverse(formId, id, actor.principal.userId);
    return records.get(readerOf(actor, formId), formId, cancelled.id);
  }

  async amend(actor: DecidedActor, formId: string, id: string): Promise<RecordEnvelope> {
    const { records } = this.options;
    const row = await records.storedRow(readerOf(actor, formId), formId, id);
    await this.requireLifecycle(formId, row);
    const docstatus = docstatusOf(row);
    if (docstatus !== 'cancelled') throw documentErrors.notCancelled(docstatus);
    if (row.amendedBy && (await records.collection(formId).get(row.amendedBy)))
      throw documentErrors.amendedAlready({ form: formId, id: row.amendedBy });
    const number = row.number ? this.nextAmendmentNumber(row.number, !!row.amendedFrom) : undefined;
    const newId = randomUUID();
    // One amendment per cancelled document: mark it first (conditional on its revision).
    const system = systemActor(`record:${formId}`, 'update', actor.principal.userId);
    try {
      await records.changeLifecycle(system, formId, id, recordRevOf(row), {
        action: 'amend',
        auditAction: 'record.amend',
        event: 'status',
        set: { amendedBy: newId },
        meta: { amendedBy: newId },
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'RECORD_REVISION_CONFLICT') throw documentErrors.busy();
      throw e;
    }
    const form = await records.forms.compiled(formId, row.formVersion);
    const { data } = records.codec.decode(form, id, row.data);
    const latest = await records.forms.latest(formId);
    const fresh = [
      ...(lifecycleOf(latest.definition)?.allowedAfterSubmit ?? []),
      ...actor.decision.fields.readOnly.filter((p) => p.startsWith('data.')).map((p) => p.slice(5)),
    ];
    for (const path of fresh) unsetAt(data, path);
    try {
      return await records.create(actor, formId, data, {
        id: newId,
        status: 'draft',
        amendedFrom: id,
        ...(number ? { number } : {}),
        owner: row.owner,
        ...(row.department ? { department: row.department } : {}),
      });
    } catch (e) {
      // Not amended after all: the cancelled document may be amended again.
      await this.unmark(formId, id, newId).catch((err: unknown) =>
        this.options.onError?.(err, { formId, id, during: 'undo amendment mark' }),
      );
      throw e;
    }
  }

  /**
   * The cancel checks of the newest version (what depends on the document outside the links: a
   * run's paid payslips), as the submit checks are run: refused before anything changes.
   */
  private async checkCancel(formId: string, id: string, row: Row): Promise<void> {
    const { records, runRule } = this.options;
    const latest = await records.forms.latest(formId);
    if (!runRule || !latest.definition.cancelChecks?.length) return;
    const form = await records.forms.compiled(formId, row.formVersion);
    const { data } = records.codec.decode(form, id, row.data);
    await assertSubmittable(
      latest.definition.cancelChecks,
      {
        data: feelData(form.fields, data),
        record: { id, ...(row.number ? { number: row.number } : {}), owner: row.owner },
      },
      runRule,
    );
  }

  /** Finishes the reversals a crash left half done (run at startup, and safe to run any time). */
  async finishReversals(): Promise<number> {
    const { records } = this.options;
    let done = 0;
    for (const formId of await records.forms.publishedFormIds()) {
      const latest = await records.forms.latest(formId).catch(() => null);
      if (!latest || !lifecycleOf(latest.definition)) continue;
      const { items } = await records.collection(formId).find({ 'reversal.pending': true }, { limit: 500 });
      for (const row of items) {
        await this.reverse(formId, row.id, row.cancelledBy ?? 'system');
        done++;
      }
    }
    return done;
  }

  /** Posts every ledger's reversal, then clears the record's pending mark. */
  private async reverse(formId: string, id: string, by: string): Promise<void> {
    const col = this.options.records.collection(formId);
    const row = await col.get(id);
    if (!row?.reversal) return;
    await this.options.ledgers.reverse(
      { form: formId, id },
      { date: row.reversal.date, by, reason: row.reversal.reason },
    );
    for (let attempt = 0; attempt < 5; attempt++) {
      const fresh = await col.get(id);
      if (!fresh?.reversal) return;
      try {
        await col.update(id, fresh.rev, { unset: ['reversal'] });
        return;
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
      }
    }
  }

  private async unmark(formId: string, id: string, newId: string): Promise<void> {
    const col = this.options.records.collection(formId);
    const row = await col.get(id);
    if (row?.amendedBy !== newId) return;
    await col.update(id, row.rev, { unset: ['amendedBy'] });
  }

  /** `<first>-k`: one more than the amendments of the chain so far. */
  private nextAmendmentNumber(number: string, isAmendment: boolean): string {
    const { first, k } = amendmentBase(number, isAmendment);
    return amendmentNumber(first, k + 1);
  }

  private async requireLifecycle(formId: string, row: Row): Promise<void> {
    const latest = await this.options.records.forms.latest(formId).catch(() => null);
    if (!latest || !lifecycleOf(latest.definition)) throw documentErrors.notSubmittable(row.form);
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }

  private today(): string {
    const d = datePartsAt(this.options.clock.now(), DEFAULT_TIME_ZONE);
    return `${d.YYYY}-${d.MM}-${d.DD}`;
  }
}

/** The actor with its read decision on the form (to return what it may see of the result). */
function readerOf(actor: DecidedActor, formId: string): DecidedActor {
  return { ...actor, decision: resolveAccess(actor.principal, `record:${formId}`, 'read') };
}
