// The request catalogue of enabled modules and the flow binding behind each entry:
//
//   catalogue(principal)          entries of enabled modules the principal may start, then the
//                                 entries analysts published (custom-entries.ts): those of the
//                                 built-in 'custom' group and those filed under an enabled module
//   precheck(actor, entry, data)  warnings before submitting (e.g. a budget overrun): the entry's
//                                 named rule is evaluated with inputs computed from the draft,
//                                 then its FEEL conditions decide which warnings show; a warning
//                                 marked `refuse` also refuses the submission (REQUEST_REFUSED)
//   submit(actor, entry, data)    in one pass: the entry is resolved once, the record written once
//                                 (status 'submitted', linked to the instance 'req-<record id>',
//                                 whose id is known before it starts), then the flow started with
//                                 the record as business key; a one-tap entry's tap queued offline
//                                 brings the time it was tapped (core/modules/tap-time.ts)
//   on flow end                   the record's status becomes the outcome (approved, rejected …)
//   approvalEntry, startFlow …    the same flow for a draft that exists already (draft-approval.ts)
//
// Start variables (flow-binding.schema.json): the data with decimals as numbers (FEEL compares
// them), `record`, `requester`, `settings` and `module`.
import { randomUUID } from 'node:crypto';
import type { ModuleEntry, RecordEnvelope } from '#schemas/generated/index.ts';
import { evaluateInput, feelData } from '#engine/core/automations/feel-values.ts';
import { decide, principalOf, type Actor } from '#engine/core/actor.ts';
import { commonErrors } from '#engine/core/errors.ts';
import { moduleErrors } from '#engine/core/modules/errors.ts';
import { withTapTime } from '#engine/core/modules/tap-time.ts';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { flowOutcome } from '../automations/outcome.ts';
import type { FlowService, InstanceRef } from '../flows/flow-service.ts';
import type { FeelSubject, RecordService } from '../records/record-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import type { ReportService } from '../reports/report-service.ts';
import { CUSTOM_MODULE, CUSTOM_MODULE_NAME, entryOf, type CustomEntryService } from './custom-entries.ts';
import type { ModuleService } from './module-service.ts';
import { runRule } from './run-rule.ts';
import { submissionRecordId } from './submission-key.ts';
import { systemActor } from './system-actor.ts';

/** Tries at writing a request flow's outcome on its record when others write it at the same time. */
const OUTCOME_WRITE_ATTEMPTS = 5;
export interface CatalogueEntry extends ModuleEntry {
  module: string;
  moduleName: ModuleEntry['name'];
}

export interface PrecheckResult {
  warnings: Array<{ code: string; message: string; messageZh: string; refuse?: true }>;
  values: Record<string, unknown>;
}

export interface SubmitResult {
  record: RecordEnvelope;
  instance?: InstanceRef;
  /** The submission's idempotency key was seen before: this is the request it made then. */
  replayed: boolean;
}

export const requestInstanceId = (recordId: string): string => `req-${recordId}`;

export interface ResolvedEntry {
  entry: ModuleEntry;
  module: string;
  settings: Record<string, unknown>;
}

export class RequestService {
  constructor(
    private readonly options: {
      clock: Clock;
      modules: ModuleService;
      records: RecordService;
      flows: FlowService;
      reports: ReportService;
      /** Entries kept as data (published from the designer); absent: manifest entries only. */
      customEntries?: CustomEntryService;
      /** Business calendars: the working-time functions of rules (absent: none). */
      calendars?: { feelFunctions(subject: FeelSubject): Promise<Record<string, unknown>> };
      onError?: (error: unknown, context: Record<string, unknown>) => void;
    },
  ) {}

  /** Records the outcome of request flows on their records (call once per process). */
  attach(): void {
    this.options.flows.on('instance.ended', async (effect, info) => {
      if (effect.kind !== 'instance.ended' || !info.instanceId.startsWith('req-') || !info.businessKey)
        return;
      const instance = await this.options.flows.getInstance(info.instanceId);
      const record = instance.variables.record as { id?: string; form?: string } | undefined;
      if (!record?.id || !record.form) return;
      const status = flowOutcome(instance.status, instance.variables);
      // The same end starts automations that may write this record at once (a run's totals): a
      // write between our read and ours is a revision conflict, and the outcome is written again
      // on the fresh record rather than lost.
      for (let attempt = 1; ; attempt++) {
        const row = await this.options.records.collection(record.form).get(record.id);
        if (!row || row.status === status) return; // delivered again: already recorded
        try {
          await this.options.records.setStatus(
            systemActor(`record:${record.form}`, 'update', 'system'),
            record.form,
            record.id,
            { status },
          );
          return;
        } catch (e) {
          if (
            (e as { code?: string }).code !== 'RECORD_REVISION_CONFLICT' ||
            attempt >= OUTCOME_WRITE_ATTEMPTS
          )
            throw e;
        }
      }
    });
  }

  async catalogue(principal: Principal): Promise<CatalogueEntry[]> {
    const out: CatalogueEntry[] = [];
    const enabled = await this.options.modules.enabledModules();
    for (const m of enabled)
      for (const entry of m.manifest.entries ?? [])
        if (this.mayStart(principal, entry))
          out.push({ ...entry, module: m.id, moduleName: m.manifest.name });
    const taken = new Set(out.map((e) => e.id));
    const names = new Map(enabled.map((m) => [m.id, m.manifest.name]));
    for (const { module, ...entry } of await this.customEntries()) {
      // A module's own entry wins over a custom one installed later with the same id.
      const moduleName = module === CUSTOM_MODULE ? CUSTOM_MODULE_NAME : names.get(module);
      if (moduleName && !taken.has(entry.id) && this.mayStart(principal, entry))
        out.push({ ...entry, module, moduleName });
    }
    return out;
  }

  async precheck(actor: Actor, entryId: string, data: Record<string, unknown>): Promise<PrecheckResult> {
    const principal = principalOf(actor);
    const { entry, settings } = await this.entry(principal, entryId);
    const pre = entry.precheck;
    if (!pre) return { warnings: [], values: {} };
    const form = await this.options.records.forms.current(entry.form);
    const subject = { user: principal.userId, department: principal.department ?? null };
    const functions = await this.options.records.functionsFor(form, subject);
    const prepared = form.check(structuredClone(data), functions).data;
    const context: Record<string, unknown> = {
      ...clockFunctions(this.options.clock.now()),
      data: feelData(form.fields, prepared),
      requester: requesterOf(principal),
      settings,
    };
    const values: Record<string, unknown> = {};
    if (pre.rule) {
      const input = evaluateInput(pre.input ?? {}, context) as Record<string, unknown>;
      Object.assign(values, await runRule(this.options, pre.rule, input, this.options.clock.now(), subject));
      Object.assign(context, values);
    } else if (pre.report) {
      // Module format 1: a report instead of a rule (installations not upgraded yet).
      const params = evaluateInput(pre.params ?? {}, context) as Record<string, unknown>;
      context.params = params;
      context.report = await this.options.reports.run(null, pre.report, params);
    }
    for (const [name, expr] of Object.entries(pre.values ?? {})) {
      values[name] = evaluateInput(expr, context);
      context[name] = values[name];
    }
    const warnings = pre.warnings
      .filter((w) => evaluateCondition(w.when, context))
      .map((w) => ({
        code: w.code,
        message: fill(w.message.en, values),
        messageZh: fill(w.message['zh-CN'], values),
        ...(w.refuse ? { refuse: true as const } : {}),
      }));
    return { warnings, values };
  }

  /**
   * Creates the record and starts its flow, in one pass: one entry lookup, one compiled form, one
   * record write (one audit entry, one record event) already linked to the instance it starts.
   * When the flow does not start, the record goes back to a draft the requester can submit again.
   * With an idempotency key (submission-key.ts) a submission that arrives again returns the
   * request the first arrival made (`replayed`), finishing what that one did not get to.
   */
  async submit(
    requester: Actor,
    entryId: string,
    data: Record<string, unknown>,
    options: { idempotencyKey?: string; tappedAt?: string } = {},
  ): Promise<SubmitResult> {
    const principal = principalOf(requester);
    const resolved = await this.entry(principal, entryId);
    const { entry } = resolved;
    const { records } = this.options;
    if (options.tappedAt !== undefined && !entry.tap?.tappedAt) throw moduleErrors.tapTimeNotAccepted();
    await this.assertNotRefused(requester, entry, data);
    // The requester's access is decided once the entry names its form.
    const actor = decide(requester, `record:${entry.form}`, 'create');
    const form = await records.forms.current(entry.form);
    const key = options.idempotencyKey;
    const id = key ? submissionRecordId(principal.userId, entryId, key) : randomUUID();
    if (key && (await records.collection(entry.form).get(id))) return this.resume(requester, resolved, id);
    // A tap queued offline (core/modules/tap-time.ts): checked after the replay above, so a retry
    // of one that arrived in time is answered with it even once the window has passed.
    const tap = withTapTime(entry, data, options.tappedAt, this.options.clock.now());
    let record: RecordEnvelope;
    try {
      record = await records.createIn(actor, form, tap.data, {
        id,
        status: 'submitted',
        ...(tap.serverSet.length ? { serverSet: tap.serverSet } : {}),
        ...(entry.flow ? { instanceId: requestInstanceId(id) } : {}),
      });
    } catch (e) {
      // The same submission, arrived twice at once: the other copy's insert won.
      if (key && (e as { code?: string }).code === 'RECORD_EXISTS')
        return this.resume(requester, resolved, id);
      throw e;
    }
    return { ...(await this.startFlow(principal, resolved, record)), replayed: false };
  }

  /**
   * A refusal of the precheck (leave above the balance) stops a submission before anything is
   * stored — the warning the requester saw and the refusal come from the same rule.
   */
  async assertNotRefused(requester: Actor, entry: ModuleEntry, data: Record<string, unknown>): Promise<void> {
    if (!entry.precheck?.warnings.some((w) => w.refuse)) return;
    const refusals = (await this.precheck(requester, entry.id, data)).warnings.filter((w) => w.refuse);
    if (refusals.length) throw moduleErrors.requestRefused(refusals);
  }

  /**
   * The entry whose flow approves records of a form (draft-approval.ts), the module's first, then
   * a published one; null when no enabled entry starts a flow for it. Whether the principal may
   * start it is `mayStart`'s question.
   */
  async approvalEntry(formId: string): Promise<ResolvedEntry | null> {
    for (const m of await this.options.modules.enabledModules()) {
      const entry = (m.manifest.entries ?? []).find((e) => e.form === formId && e.flow);
      if (entry) return { entry, module: m.id, settings: m.settings ?? {} };
    }
    for (const { module, ...entry } of await this.customEntries()) {
      if (entry.form !== formId || !entry.flow) continue;
      if (module !== CUSTOM_MODULE && !(await this.options.modules.isEnabled(module))) continue;
      return { entry, module, settings: await this.options.modules.settings(module) };
    }
    return null;
  }

  /** A submission seen before: its record, and its flow started if the first arrival did not. */
  private async resume(requester: Actor, resolved: ResolvedEntry, id: string): Promise<SubmitResult> {
    const principal = principalOf(requester);
    const { records } = this.options;
    const formId = resolved.entry.form;
    const reader = decide(requester, `record:${formId}`, 'read');
    let record = await records.get(reader, formId, id);
    if (!resolved.entry.flow) return { record, replayed: true };
    if (record.status === 'draft') {
      // Its flow failed to start the first time: the retry is a fresh attempt at it.
      const system = systemActor(`record:${formId}`, 'update', principal.userId);
      await records.setStatus(system, formId, id, { status: 'submitted', instanceId: requestInstanceId(id) });
      record = await records.get(reader, formId, id);
    }
    // Starting an instance id that exists returns that instance (flows/flow-service.ts).
    return { ...(await this.startFlow(principal, resolved, record)), replayed: true };
  }

  /**
   * Starts the entry's flow for a record already marked as in it (`instanceId`, default
   * `req-<record id>`). When it does not start, the record gets `revertTo` back (default: a draft
   * linked to no instance).
   */
  async startFlow(
    principal: Principal,
    { entry, module, settings }: ResolvedEntry,
    record: RecordEnvelope,
    options: { instanceId?: string; revertTo?: { status: string; instanceId: string | null } } = {},
  ): Promise<{ record: RecordEnvelope; instance?: InstanceRef }> {
    const { records, flows } = this.options;
    if (!entry.flow) return { record };
    const form = await records.forms.current(entry.form);
    const variables = {
      ...(feelData(form.fields, record.data) as Record<string, unknown>),
      record: { id: record.id, form: record.form },
      requester: requesterOf(principal),
      settings,
      module,
    };
    try {
      const instance = await flows.start(entry.flow, {
        instanceId: options.instanceId ?? requestInstanceId(record.id),
        businessKey: record.id,
        by: principal.userId,
        variables,
      });
      return { record, instance };
    } catch (e) {
      const system = systemActor(`record:${record.form}`, 'update', principal.userId);
      await records
        .setStatus(system, record.form, record.id, options.revertTo ?? { status: 'draft', instanceId: null })
        .catch((err: unknown) =>
          this.options.onError?.(err, { recordId: record.id, during: 'revert to draft' }),
        );
      throw e;
    }
  }

  private async customEntries() {
    return (await this.options.customEntries?.list())?.map(entryOf) ?? [];
  }

  mayStart(principal: Principal, entry: ModuleEntry): boolean {
    if (!resolveAccess(principal, `record:${entry.form}`, 'create').allowed) return false;
    if (!entry.startRoles?.length) return true;
    return principal.roles.some((r) => entry.startRoles!.includes(r) || PRIVILEGED_ROLES.includes(r));
  }

  /** The entry (a module's, or a custom one), its module and the module's settings. */
  private async entry(principal: Principal, entryId: string): Promise<ResolvedEntry> {
    for (const m of await this.options.modules.enabledModules()) {
      const entry = (m.manifest.entries ?? []).find((e) => e.id === entryId);
      if (!entry) continue;
      if (!this.mayStart(principal, entry))
        throw commonErrors.forbidden({ en: 'You may not start this request.', zh: '您不能发起此申请。' });
      return { entry, module: m.id, settings: m.settings ?? {} };
    }
    const custom = await this.options.customEntries?.col.get(entryId);
    if (
      custom &&
      (custom.module === CUSTOM_MODULE || (await this.options.modules.isEnabled(custom.module)))
    ) {
      const { module, ...entry } = entryOf(custom);
      if (!this.mayStart(principal, entry))
        throw commonErrors.forbidden({ en: 'You may not start this request.', zh: '您不能发起此申请。' });
      return { entry, module, settings: await this.options.modules.settings(module) };
    }
    const anywhere =
      !!custom ||
      (await this.options.modules.list()).some((m) =>
        (m.manifest?.entries ?? []).some((e) => e.id === entryId),
      );
    if (anywhere) throw moduleErrors.entryModuleDisabled();
    throw moduleErrors.entryNotFound(entryId);
  }
}

function requesterOf(p: Principal): Record<string, unknown> {
  return {
    id: p.userId,
    login: p.login,
    department: p.department ?? null,
    manager: p.manager ?? null,
    roles: p.roles,
    displayName: p.displayName ?? p.login,
  };
}

/** "{overrun}" in a message → the value computed under that name. */
function fill(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) =>
    name in values ? String(values[name]) : m,
  );
}
