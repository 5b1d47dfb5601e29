// The request catalogue of enabled modules and the flow binding behind each entry:
//
//   catalogue(principal)          entries of enabled modules the principal may start, then the
//                                 entries analysts published (custom-entries.ts): those of the
//                                 built-in 'custom' group and those filed under an enabled module
//   precheck(actor, entry, data)  warnings before submitting (e.g. a budget overrun): the entry's
//                                 named rule is evaluated with inputs computed from the draft,
//                                 then its FEEL conditions decide which warnings show
//   submit(actor, entry, data)    the record (status 'submitted') and, when the entry names a flow,
//                                 an instance 'req-<record id>' with the record as business key
//   on flow end                   the record's status becomes the outcome (approved, rejected …)
//
// Start variables (flow-binding.schema.json): the data with decimals as numbers (FEEL compares
// them), `record`, `requester`, `settings` and `module`.
import type { ModuleEntry, RecordEnvelope } from '#schemas/generated/index.ts';
import { evaluateInput, feelData } from '#engine/core/automations/feel-values.ts';
import { AppError, conflict, notFound } from '#engine/core/errors.ts';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { flowOutcome } from '../automations/outcome.ts';
import type { FlowService, InstanceView } from '../flows/flow-service.ts';
import type { Actor } from '../forms/ports.ts';
import type { RecordService } from '../records/record-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import type { ReportService } from '../reports/report-service.ts';
import { CUSTOM_MODULE, CUSTOM_MODULE_NAME, entryOf, type CustomEntryService } from './custom-entries.ts';
import type { ModuleService } from './module-service.ts';
import { runRule } from './run-rule.ts';
import { systemActor } from './system-actor.ts';

export interface CatalogueEntry extends ModuleEntry {
  module: string;
  moduleName: ModuleEntry['name'];
}

export interface PrecheckResult {
  warnings: Array<{ code: string; message: string; messageZh: string }>;
  values: Record<string, unknown>;
}

export const requestInstanceId = (recordId: string): string => `req-${recordId}`;

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
      const row = await this.options.records.collection(record.form).get(record.id);
      const status = flowOutcome(instance.status, instance.variables);
      if (!row || row.status === status) return; // delivered again: already recorded
      await this.options.records.setStatus(
        systemActor(`record:${record.form}`, 'update', 'system'),
        record.form,
        record.id,
        {
          status,
        },
      );
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
    const { entry, module } = await this.entry(actor.principal, entryId);
    const pre = entry.precheck;
    if (!pre) return { warnings: [], values: {} };
    const form = await this.options.records.forms.current(entry.form);
    const prepared = form.check(structuredClone(data)).data;
    const context: Record<string, unknown> = {
      ...clockFunctions(this.options.clock.now()),
      data: feelData(form.fields, prepared),
      requester: requesterOf(actor.principal),
      settings: await this.options.modules.settings(module),
    };
    const values: Record<string, unknown> = {};
    if (pre.rule) {
      const input = evaluateInput(pre.input ?? {}, context) as Record<string, unknown>;
      Object.assign(values, await runRule(this.options, pre.rule, input, this.options.clock.now()));
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
      }));
    return { warnings, values };
  }

  /** Creates the record and starts its flow. `actor` carries the decision for record:<form> create. */
  async submit(
    actor: Actor,
    entryId: string,
    data: Record<string, unknown>,
  ): Promise<{ record: RecordEnvelope; instance?: InstanceView }> {
    const { entry, module } = await this.entry(actor.principal, entryId);
    const record = await this.options.records.create(actor, entry.form, data, { status: 'submitted' });
    if (!entry.flow) return { record };
    const form = await this.options.records.forms.compiled(record.form, record.formVersion);
    const variables = {
      ...(feelData(form.fields, record.data) as Record<string, unknown>),
      record: { id: record.id, form: record.form },
      requester: requesterOf(actor.principal),
      settings: await this.options.modules.settings(module),
      module,
    };
    const system = systemActor(`record:${record.form}`, 'update', actor.principal.userId);
    try {
      const instance = await this.options.flows.startInstance(entry.flow, {
        instanceId: requestInstanceId(record.id),
        businessKey: record.id,
        by: actor.principal.userId,
        variables,
      });
      const current = await this.options.records.collection(record.form).get(record.id);
      const updated =
        current && current.status === 'submitted' && !current.instanceId
          ? await this.options.records.setStatus(system, record.form, record.id, {
              status: 'submitted',
              instanceId: instance.id,
            })
          : await this.options.records.get(system, record.form, record.id);
      return { record: updated, instance };
    } catch (e) {
      // The flow did not start: the record goes back to a draft the requester can submit again.
      await this.options.records
        .setStatus(system, record.form, record.id, { status: 'draft' })
        .catch((err: unknown) =>
          this.options.onError?.(err, { recordId: record.id, during: 'revert to draft' }),
        );
      throw e;
    }
  }

  private async customEntries() {
    return (await this.options.customEntries?.list())?.map(entryOf) ?? [];
  }

  private mayStart(principal: Principal, entry: ModuleEntry): boolean {
    if (!resolveAccess(principal, `record:${entry.form}`, 'create').allowed) return false;
    if (!entry.startRoles?.length) return true;
    return principal.roles.some((r) => entry.startRoles!.includes(r) || PRIVILEGED_ROLES.includes(r));
  }

  private async entry(
    principal: Principal,
    entryId: string,
  ): Promise<{ entry: ModuleEntry; module: string }> {
    for (const m of await this.options.modules.enabledModules()) {
      const entry = (m.manifest.entries ?? []).find((e) => e.id === entryId);
      if (!entry) continue;
      if (!this.mayStart(principal, entry))
        throw new AppError(403, 'FORBIDDEN', 'You may not start this request.', '您不能发起此申请。');
      return { entry, module: m.id };
    }
    const custom = await this.options.customEntries?.col.get(entryId);
    if (
      custom &&
      (custom.module === CUSTOM_MODULE || (await this.options.modules.isEnabled(custom.module)))
    ) {
      const { module, ...entry } = entryOf(custom);
      if (!this.mayStart(principal, entry))
        throw new AppError(403, 'FORBIDDEN', 'You may not start this request.', '您不能发起此申请。');
      return { entry, module };
    }
    const anywhere =
      !!custom ||
      (await this.options.modules.list()).some((m) =>
        (m.manifest?.entries ?? []).some((e) => e.id === entryId),
      );
    if (anywhere)
      throw conflict(
        'MODULE_DISABLED',
        'This request belongs to a disabled module',
        '此申请所属的模块已停用',
      );
    throw notFound(
      'ENTRY_NOT_FOUND',
      `There is no request "${entryId}" in the catalogue`,
      `目录中没有申请“${entryId}”`,
    );
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
