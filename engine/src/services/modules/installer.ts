// Applies a checked module definition to the running platform — install and upgrade alike, and
// idempotently (running it twice changes nothing the second time):
// - forms: published (a changed form becomes a new version; records keep the version they were
//   made with), decisions: deployed before the flows that call them (a changed DMN file becomes a
//   new version of its decisions; a business rule task bound to its deployment is bound to the
//   module's version), flows: deployed (a changed BPMN becomes a new version; running instances finish
//   on the version they started with), roles created, the module's grants added to roles (grants a
//   previous version added and this one dropped are removed), automations, reports and dashboards
//   replaced, print formats replaced, reference seed data created (demo seed data on request; a
//   numbered document type's seed records take numbers of its series), seed vouchers and stock
//   movements posted.
// Upgrading a module installed in module format 1, grants naming its old report and dashboard ids
// are renamed first (format-1-upgrade.ts), so the grant sync below sees them under today's ids.
import type { ModuleDefinition } from '#engine/core/modules/definition.ts';
import type { Permission } from '#schemas/generated/index.ts';
import type { Actor } from '#engine/core/actor.ts';
import type { AutomationService } from '../automations/automation-service.ts';
import type { DecisionService, DecisionSummary } from '../decisions/decision-service.ts';
import type { CalendarService } from '../calendars/calendar-service.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { FormService } from '../forms/form-service.ts';
import type { RoleService } from '../identity/roles.ts';
import type { AccountInfo, LedgerService } from '../ledger/ledger-service.ts';
import type { RecordService } from '../records/record-service.ts';
import type { ReportService } from '../reports/report-service.ts';
import { systemActor } from './system-actor.ts';
import { withNumber } from '../records/record-documents.ts';
import type { VoucherInput } from '#engine/core/ledger/voucher.ts';
import { ADMIN_ROLE } from '../identity/system-roles.ts';
import { canonicalJson } from '#engine/core/canonical-json.ts';
import { renameGrants, renameRoleGrants } from './format-1-upgrade.ts';
import { decisionCalls } from '#engine/core/flows/compile/business-rule-task.ts';
import type { NumberingService } from '../documents/numbering-service.ts';
import type { PrintService } from '../documents/print-service.ts';

export interface InstallerDeps {
  forms: FormService;
  records: RecordService;
  flows: FlowService;
  decisions: DecisionService;
  roles: RoleService;
  automations: AutomationService;
  reports: ReportService;
  ledger: LedgerService;
  print: PrintService;
  numbering: NumberingService;
  /** Business calendars the modules ship (calendars/*.json). */
  calendars?: CalendarService;
  /** Posts seed stock movements (opening stock); absent: stock seeds are left out. */
  stock?: { post(input: Record<string, unknown>, options: { by: string }): Promise<{ duplicate: boolean }> };
  /** Looks up account info for seed vouchers (the chart named in them). */
  accounts: (chartForm: string, codes: string[]) => Promise<Map<string, AccountInfo>>;
}

export interface ApplyResult {
  forms: Array<{ id: string; version: number; created: boolean }>;
  flows: Array<{ processId: string; version: number; created: boolean }>;
  decisions: Array<{ drgId: string; version: number; created: boolean }>;
  /** Grants added per role (kept on the module so an upgrade can remove what it drops). */
  grants: Record<string, Permission[]>;
  seeded: number;
}

export class ModuleInstaller {
  constructor(private readonly deps: InstallerDeps) {}

  async apply(
    def: ModuleDefinition,
    options: {
      actor: Actor;
      previousGrants?: Record<string, Permission[]>;
      enabled: boolean;
      demo?: boolean;
      /** The installed version was written in module format 1. */
      fromFormat1?: boolean;
    },
  ): Promise<ApplyResult> {
    const { manifest } = def;
    const by = options.actor.principal?.userId ?? 'system';
    const formsActor = systemActor('forms', 'update', by);
    const forms: ApplyResult['forms'] = [];
    for (const form of def.forms) {
      const published = await this.deps.forms.publishDefinition(formsActor, form);
      forms.push({ id: form.id, version: published.version.version, created: published.created });
    }
    const decisions: ApplyResult['decisions'] = [];
    const deployedDecisions = new Map<string, DecisionSummary>();
    for (const file of def.decisions) {
      const deployed = await this.deps.decisions.deploy(file.xml, { by });
      decisions.push({ drgId: deployed.drgId, version: deployed.version, created: !deployed.duplicate });
      for (const d of deployed.decisions) deployedDecisions.set(d.decisionId, d);
    }
    const flows: ApplyResult['flows'] = [];
    for (const flow of def.flows) {
      const deployed = await this.deps.flows.deploy(flow.xml, { by });
      flows.push({ processId: deployed.processId, version: deployed.version, created: !deployed.duplicate });
      for (const call of decisionCalls(await this.deps.flows.definitions.model(deployed.key))) {
        const decision = deployedDecisions.get(call.decisionId);
        if (call.bindingType === 'deployment' && decision)
          await this.deps.decisions.bind(deployed.key, decision);
      }
    }
    let previousGrants = options.previousGrants ?? {};
    if (options.fromFormat1) {
      await renameRoleGrants(this.deps.roles, manifest.id, options.actor);
      previousGrants = renameGrants(manifest.id, previousGrants);
    }
    const grants = await this.applyRoles(def, previousGrants, options.actor);
    await this.deps.automations.replaceModule(manifest.id, def.automations, options.enabled);
    await this.deps.reports.replaceModule(manifest.id, def.reports, def.dashboards);
    await this.deps.print.replaceModule(manifest.id, def.printFormats);
    await this.deps.calendars?.replaceModule(manifest.id, def.calendars ?? []);
    const seeded = await this.seed(def, options.demo ? ['reference', 'demo'] : ['reference'], by);
    return { forms, flows, decisions, grants, seeded };
  }

  /** Creates or updates seed data of the given kinds; returns how many items were new. */
  async seed(def: ModuleDefinition, kinds: Array<'reference' | 'demo'>, by: string): Promise<number> {
    let created = 0;
    for (const seed of def.seeds) {
      // Demo requests are submitted through the catalogue once the module is enabled (demo-requests.ts).
      if (seed.kind === 'demo-requests' || !kinds.includes(seed.kind)) continue;
      if (seed.form && seed.records) created += await this.seedRecords(seed.form, seed.records, by);
      for (const raw of seed.vouchers ?? []) {
        const v = raw as unknown as VoucherInput & { chart?: string };
        const { chart, ...input } = v;
        const codes = (input.lines ?? []).map((l) => String(l.account));
        const accounts = chart ? await this.deps.accounts(chart, codes) : undefined;
        const posted = await this.deps.ledger.post(input, { by, ...(accounts ? { accounts } : {}) });
        if (!posted.duplicate) created++;
      }
      for (const input of seed.stock ?? []) {
        const posted = await this.deps.stock?.post(input, { by });
        if (posted && !posted.duplicate) created++;
      }
    }
    return created;
  }

  /**
   * Creates the seed records not there yet, in one batch: validated like any record, each with
   * its creation history entry; seeding is audited once by the caller (module.install / module.seed) and does
   * not trigger automations (reference data is not business activity).
   */
  private async seedRecords(
    formId: string,
    items: NonNullable<ModuleDefinition['seeds'][number]['records']>,
    by: string,
  ): Promise<number> {
    const records = this.deps.records;
    const col = records.collection(formId);
    const existing = new Set(
      (await col.find({ id: { $in: items.map((r) => r.id) } }, { projection: ['id'] })).items.map(
        (r) => r.id,
      ),
    );
    const fresh = items.filter((r) => !existing.has(r.id));
    if (fresh.length === 0) return 0;
    const form = await records.forms.current(formId);
    await records.ensureIndexes(form);
    const actor = systemActor(`record:${formId}`, 'create', by);
    const docs = fresh.map((r) => {
      const { data } = records.checkData(form, structuredClone(r.data));
      return records.newRecord(actor, form, data, {
        id: r.id,
        ...(r.status ? { status: r.status } : {}),
        ...(r.owner ? { owner: r.owner } : {}),
        ...(r.department ? { department: r.department } : {}),
        ...(r.docstatus ? { docstatus: r.docstatus } : {}),
      });
    });
    const numbering = form.definition.numbering;
    if (numbering) {
      // Numbered one by one, in seed order: each number confirmed once its record is in, given
      // back when another replica seeded that record first.
      for (const doc of docs) {
        const taken = await this.deps.numbering.reserve(formId, numbering);
        try {
          await col.insert({ ...doc, number: taken.number, search: withNumber(doc.search, taken.number) });
          await taken.confirm(doc.id);
        } catch (err) {
          await taken.release();
          if ((err as { code?: string }).code !== 'DUPLICATE_KEY') throw err;
        }
      }
      return docs.length;
    }
    try {
      await col.insertMany(docs);
    } catch (e) {
      // Another replica seeded at the same time: what it wrote stays, the rest one by one.
      if ((e as { code?: string }).code !== 'DUPLICATE_KEY') throw e;
      for (const doc of docs)
        await col.insert(doc).catch((err: unknown) => {
          if ((err as { code?: string }).code !== 'DUPLICATE_KEY') throw err;
        });
    }
    // Each record carries its creation entry (`lastChange`); the history shows it from there.
    return docs.length;
  }

  /** Roles of the manifest created; the module's grants added, stale ones removed. */
  private async applyRoles(
    def: ModuleDefinition,
    previous: Record<string, Permission[]>,
    actor: Actor,
  ): Promise<Record<string, Permission[]>> {
    const roles = this.deps.roles;
    for (const r of def.manifest.roles ?? []) {
      if (await roles.col.get(r.id)) continue;
      try {
        await roles.create(
          {
            id: r.id,
            name: r.name,
            ...(r.description ? { description: r.description } : {}),
            module: def.manifest.id,
            permissions: [],
          },
          actor,
        );
      } catch (e) {
        if ((e as { code?: string }).code !== 'ROLE_EXISTS') throw e;
      }
    }
    const wanted = def.grants;
    const touched = new Set([...Object.keys(wanted), ...Object.keys(previous)]);
    touched.delete(ADMIN_ROLE); // the admin's grants are fixed (and cover everything)
    for (const roleId of touched) {
      const role = await roles.col.get(roleId);
      if (!role) continue;
      const stale = new Set((previous[roleId] ?? []).map(canonicalJson));
      const add = wanted[roleId] ?? [];
      const kept = role.permissions.filter(
        (g) => !stale.has(canonicalJson(g)) || add.some((a) => canonicalJson(a) === canonicalJson(g)),
      );
      const next = [...kept];
      for (const g of add) if (!next.some((k) => canonicalJson(k) === canonicalJson(g))) next.push(g);
      if (canonicalJson(next) === canonicalJson(role.permissions)) continue;
      await roles.update(roleId, { rev: role.rev, permissions: next as typeof role.permissions }, actor);
    }
    return wanted;
  }
}
