// The FEEL context an automation's conditions and action inputs are evaluated in: `event`,
// `settings` (the module's), `automation`, now()/today() by the clock, `record` (the record as FEEL
// sees it: envelope fields, data with decimals as numbers), `flow` (flow.ended: the instance and its
// outcome), and — when the automation calls them — the working-time functions on the calendar of
// the record's owner, else the flow's requester, else the company's.
import type { Automation, RecordEnvelope } from '#schemas/generated/index.ts';
import { requesterIdOf } from '#engine/core/approvals/org-functions.ts';
import { feelData } from '#engine/core/automations/feel-values.ts';
import type { DomainEvent } from '#engine/core/automations/triggers.ts';
import { usesWorkingTime } from '#engine/core/calendar/feel-functions.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { FeelSubject, RecordService } from '../records/record-service.ts';
import { flowOutcome } from './outcome.ts';

type AutomationDoc = Automation & { module: string };

export interface RunContextDeps {
  clock: Clock;
  records: RecordService;
  flows: FlowService;
  settings: (module: string) => Promise<Record<string, unknown>>;
  calendars?: { feelFunctions(subject: FeelSubject): Promise<Record<string, unknown>> };
}

export class RunContexts {
  constructor(private readonly deps: RunContextDeps) {}

  /** The context of a run for an event; null when a flow.ended outcome does not match the trigger. */
  async forEvent(a: AutomationDoc, event: DomainEvent): Promise<Record<string, unknown> | null> {
    const ctx = await this.base(a, event);
    if (event.type === 'record') ctx.record = await this.recordView(event.form, event.recordId);
    if (event.type === 'flow.ended') {
      const instance = await this.deps.flows.getInstance(event.instanceId);
      const outcome = flowOutcome(instance.status, instance.variables);
      if (a.trigger.outcome && a.trigger.outcome !== outcome) return null;
      ctx.flow = {
        id: instance.id,
        processId: instance.processId,
        version: instance.version,
        status: instance.status,
        outcome,
        businessKey: instance.businessKey ?? null,
        startedBy: instance.startedBy ?? null,
        variables: instance.variables,
      };
      const record = instance.variables.record as { id?: string; form?: string } | undefined;
      if (record?.id && record.form) ctx.record = await this.recordView(record.form, record.id);
    }
    return this.withWorkingTime(a, ctx);
  }

  /** The context of one record of a record-set run (the record as read for the batch). */
  async forRecord(a: AutomationDoc, record: RecordEnvelope, event: Record<string, unknown>) {
    const ctx = await this.base(a, event);
    const compiled = await this.deps.records.forms.compiled(record.form, record.formVersion);
    ctx.record = {
      id: record.id,
      form: record.form,
      formVersion: record.formVersion,
      status: record.status,
      owner: record.owner,
      department: record.department ?? null,
      createdAt: record.createdAt,
      deleted: record.deleted ?? false,
      data: feelData(compiled.fields, record.data),
    };
    return this.withWorkingTime(a, ctx);
  }

  private async base(a: AutomationDoc, event: unknown): Promise<Record<string, unknown>> {
    return {
      ...clockFunctions(this.deps.clock.now()),
      event,
      settings: await this.deps.settings(a.module),
      automation: { id: a.id, module: a.module },
    };
  }

  private async withWorkingTime(a: AutomationDoc, ctx: Record<string, unknown>) {
    const calendars = this.deps.calendars;
    if (!calendars || !usesWorkingTime(JSON.stringify([a.conditions, a.actions]))) return ctx;
    const record = ctx.record as { owner?: string; department?: string | null } | null | undefined;
    const flow = ctx.flow as { variables: Record<string, unknown>; startedBy?: string } | undefined;
    const user = record?.owner ?? (flow ? requesterIdOf(flow) : null);
    return Object.assign(
      ctx,
      await calendars.feelFunctions({ user, department: record?.department ?? null }),
    );
  }

  /** A record as FEEL sees it: envelope fields and data with decimals as numbers. */
  private async recordView(form: string, id: string): Promise<Record<string, unknown> | null> {
    const row = await this.deps.records.collection(form).get(id);
    if (!row) return null;
    const compiled = await this.deps.records.forms.compiled(row.form, row.formVersion);
    const { data } = this.deps.records.codec.decode(compiled, row.id, row.data);
    return {
      id: row.id,
      form: row.form,
      formVersion: row.formVersion,
      status: row.status,
      owner: row.owner,
      department: row.department ?? null,
      number: row.number ?? null,
      createdAt: row.createdAt,
      deleted: row.deleted,
      data: feelData(compiled.fields, data),
    };
  }
}
