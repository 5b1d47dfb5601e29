// Modules at run time: what is on disk (scanned and checked at startup and on reload), what is
// installed, enabled and configured (the `modules` collection, shared by every replica).
//
//   scan()                      read modules/, check each folder; broken ones are reported (file,
//                               path, message) and cannot be installed or enabled
//   install(id, actor, {enable, demo})  apply the definition (forms, flows, roles and grants,
//                               automations, reports, dashboards, reference seeds)
//   enable / disable            dependencies enforced both ways; disabling hides the catalogue
//                               entries, reports, dashboards and stops the automations — the data,
//                               the forms' records and running flow instances stay
//   configure(id, settings)     checked against the module's settings schema
//   upgrade(id)                 a newer version on disk is applied: new form versions, new flow
//                               versions (running instances finish on theirs)
//
// Each operation is audited and refused with a clear code when it cannot be done.
import type { ModuleManifest } from '#schemas/generated/index.ts';
import { moduleErrors } from '#engine/core/modules/errors.ts';
import type { ModuleDefinition, ModuleProblem } from '#engine/core/modules/definition.ts';
import type { RuleDefinition } from '#engine/core/modules/rules.ts';
import { enabledDependents, unmetDependencies } from '#engine/core/modules/order.ts';
import { validateWith } from '#engine/core/modules/platform-schemas.ts';
import { compareVersionText, satisfies } from '#engine/core/modules/semver.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '#engine/core/actor.ts';
import { recordAudit, type AuditEntryInput } from '../audit/record-audit.ts';
import type { AutomationService } from '../automations/automation-service.ts';
import { moveAutomationRuns, moveDrafts } from './format-1-upgrade.ts';
import type { ModuleInstaller } from './installer.ts';
import type { DemoRequestSeeder } from './demo-requests.ts';
import { MODULES, type ModuleDoc, type ModuleStatus, type ModuleView } from './module-docs.ts';
import { formatProblem, scanModules, type ScanLookups } from './scan.ts';

export { MODULES, type ModuleDoc, type ModuleStatus, type ModuleView } from './module-docs.ts';

export interface ModuleServiceOptions {
  store: DocumentStore;
  clock: Clock;
  audit: AuditLog;
  installer: ModuleInstaller;
  automations: AutomationService;
  modulesDir: string;
  lookups: () => ScanLookups;
  log?: { warn(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
}

export class ModuleService {
  readonly col: Collection<ModuleDoc>;
  /** Checked definitions from disk (this process's scan). */
  private definitions = new Map<string, ModuleDefinition>();

  constructor(private readonly options: ModuleServiceOptions) {
    this.col = options.store.collection<ModuleDoc>(MODULES);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['processes', 1]] });
  }

  private scanning: Promise<unknown> | null = null;

  /**
   * Starts a scan without waiting for it (startup: the platform serves requests meanwhile); the
   * calls that need the definitions on disk wait for it.
   */
  scanInBackground(): void {
    this.scanning = this.scan().catch((err: unknown) =>
      this.options.log?.warn({ err }, 'scanning the modules failed'),
    );
  }

  /** Waits for a scan started in the background (also before the app closes its store). */
  async scanned(): Promise<void> {
    if (this.scanning) await this.scanning;
  }

  /** Reads and checks modules/; records what is available and what is broken. */
  async scan(): Promise<Array<{ id: string; version?: string; problems: ModuleProblem[] }>> {
    const scanned = await scanModules(this.options.modulesDir, this.options.lookups());
    const definitions = new Map<string, ModuleDefinition>();
    for (const m of scanned) {
      if (m.definition) definitions.set(m.id, m.definition);
      else
        this.options.log?.warn(
          { module: m.id, problems: m.problems.map(formatProblem) },
          `module ${m.id} is broken and stays disabled:\n  ${m.problems.map(formatProblem).join('\n  ')}`,
        );
      await this.mutate(
        m.folder,
        (doc) => {
          const manifest = m.definition?.manifest;
          return {
            ...doc,
            ...(manifest
              ? {
                  name: manifest.name,
                  description: manifest.description,
                  ...(manifest.icon ? { icon: manifest.icon } : {}),
                }
              : {}),
            ...(m.version ? { availableVersion: m.version } : {}),
            problems: m.problems,
          };
        },
        true,
      );
    }
    this.definitions = definitions;
    return scanned.map((m) => ({
      id: m.id,
      ...(m.version ? { version: m.version } : {}),
      problems: m.problems,
    }));
  }

  async list(): Promise<ModuleView[]> {
    await this.scanned();
    const { items } = await this.col.find({}, { sort: [['id', 1]] });
    return items.map((d) => this.view(d));
  }

  async get(id: string): Promise<ModuleView> {
    await this.scanned();
    const doc = await this.col.get(id);
    if (!doc) throw moduleErrors.notFound(id);
    return this.view(doc);
  }

  /** The checked definition on disk (for the admin console and tests). */
  definition(id: string): ModuleDefinition | undefined {
    return this.definitions.get(id);
  }

  async isEnabled(id: string): Promise<boolean> {
    return (await this.col.get(id))?.enabled === true;
  }

  async settings(id: string): Promise<Record<string, unknown>> {
    return (await this.col.get(id))?.settings ?? {};
  }

  /** The module a deployed process belongs to (http.request's allow-list, settings of flows). */
  async moduleOfProcess(processId: string): Promise<string | null> {
    return (await this.col.findOne({ processes: processId }))?.id ?? null;
  }

  /** A named rule of an installed module, as installed ('<module>-<name>'). */
  async rule(id: string): Promise<RuleDefinition | null> {
    const { items } = await this.col.find({ installed: true });
    for (const doc of items) {
      const rule = doc.rules?.find((r) => r.id === id);
      if (rule) return rule;
    }
    return null;
  }

  /** Enabled modules with their installed manifests (the catalogue reads their entries). */
  async enabledModules(): Promise<Array<Stored<ModuleDoc> & { manifest: ModuleManifest }>> {
    const { items } = await this.col.find({ enabled: true }, { sort: [['id', 1]] });
    return items.filter((d): d is Stored<ModuleDoc> & { manifest: ModuleManifest } => !!d.manifest);
  }

  // ---- operations -------------------------------------------------------------------------------

  async install(
    id: string,
    actor: Actor,
    options: { enable?: boolean; demo?: boolean } = {},
  ): Promise<ModuleView> {
    await this.scanned();
    const doc = await this.docOf(id);
    if (doc.installed) throw moduleErrors.installed(id);
    const def = this.validDefinition(id, doc);
    await this.assertDependencies(def.manifest, 'install');
    const enabled = options.enable ?? false;
    const applied = await this.options.installer.apply(def, { actor, enabled, demo: options.demo ?? false });
    const now = this.now();
    const view = await this.mutate(id, (d) => ({
      ...d,
      installed: true,
      installedVersion: def.manifest.version,
      installedHash: def.hash,
      installedAt: now,
      manifest: def.manifest,
      enabled,
      changedAt: now,
      settings: { ...(def.manifest.defaultSettings ?? {}), ...d.settings },
      grants: applied.grants,
      forms: def.forms.map((f) => f.id),
      processes: def.flows.map((f) => f.processId),
      rules: def.rules,
    }));
    await this.audit(actor, 'install', id, {
      details: {
        version: def.manifest.version,
        enabled,
        forms: applied.forms,
        flows: applied.flows,
        decisions: applied.decisions,
        seeded: applied.seeded,
      },
    });
    // Requests go through the catalogue, which offers only enabled modules' entries.
    if (options.demo && enabled) {
      const requests = await this.demoRequests?.seed(def);
      if (requests) await this.audit(actor, 'seed', id, { details: { created: requests } });
    }
    return view;
  }

  async enable(id: string, actor: Actor): Promise<ModuleView> {
    await this.scanned();
    const doc = await this.installedDoc(id);
    if (doc.enabled) return this.view(doc);
    if (doc.problems.length && !this.definitions.has(id) && doc.availableVersion === doc.installedVersion)
      throw moduleErrors.broken(id, doc.problems);
    await this.assertDependencies(doc.manifest!, 'enable');
    const view = await this.mutate(id, (d) => ({ ...d, enabled: true, changedAt: this.now() }));
    await this.options.automations.setSchedules(id, true);
    await this.audit(actor, 'enable', id);
    return view;
  }

  async disable(id: string, actor: Actor): Promise<ModuleView> {
    const doc = await this.installedDoc(id);
    if (!doc.enabled) return this.view(doc);
    const all = (await this.col.find({ installed: true })).items;
    const dependents = enabledDependents(
      id,
      all.map((m) => ({
        id: m.id,
        version: m.installedVersion ?? '0.0.0',
        depends: m.manifest?.depends ?? [],
        enabled: m.enabled,
      })),
    );
    if (dependents.length) throw moduleErrors.required(id, dependents);
    const view = await this.mutate(id, (d) => ({ ...d, enabled: false, changedAt: this.now() }));
    await this.options.automations.setSchedules(id, false);
    await this.audit(actor, 'disable', id);
    return view;
  }

  async configure(
    id: string,
    settings: Record<string, unknown>,
    actor: Actor,
    rev?: number,
  ): Promise<ModuleView> {
    const doc = await this.installedDoc(id);
    if (rev !== undefined && rev !== doc.rev) throw moduleErrors.revisionConflict(id);
    const schema = doc.manifest?.settingsSchema;
    if (schema) {
      const problems = validateWith(schema, settings);
      if (typeof problems === 'string' || problems.length)
        throw moduleErrors.settingsInvalid(
          typeof problems === 'string'
            ? [{ path: '', message: problems }]
            : problems.map((p) => ({
                path: `/settings${p.path}`,
                message: p.message,
                messageZh: `不符合要求：${p.message}`,
              })),
        );
    }
    const before = doc.settings;
    const view = await this.mutate(id, (d) => ({ ...d, settings, changedAt: this.now() }), false, doc.rev);
    await this.audit(actor, 'configure', id, {
      before,
      after: settings,
    });
    return view;
  }

  /** Applies the newer version on disk to an installed module. */
  async upgrade(id: string, actor: Actor): Promise<ModuleView> {
    await this.scanned();
    const doc = await this.installedDoc(id);
    const def = this.validDefinition(id, doc);
    const cmp = compareVersionText(def.manifest.version, doc.installedVersion ?? '0.0.0');
    if (cmp < 0) throw moduleErrors.downgrade(def.manifest.version, doc.installedVersion ?? '0.0.0');
    if (cmp === 0) {
      if (def.hash === doc.installedHash) return this.view(doc);
      throw moduleErrors.versionUnchanged(def.manifest.version);
    }
    await this.assertDependencies(def.manifest, 'upgrade');
    // Installed in module format 1 (no `format` in its manifest): its old ids move along.
    const fromFormat1 = (doc.manifest as { format?: number } | undefined)?.format === undefined;
    const applied = await this.options.installer.apply(def, {
      actor,
      enabled: doc.enabled,
      previousGrants: doc.grants ?? {},
      fromFormat1,
    });
    const moved = fromFormat1
      ? {
          drafts: await moveDrafts(this.options.store, id),
          automationRuns: await moveAutomationRuns(this.options.store, id),
        }
      : undefined;
    const now = this.now();
    const view = await this.mutate(id, (d) => ({
      ...d,
      installedVersion: def.manifest.version,
      installedHash: def.hash,
      manifest: def.manifest,
      changedAt: now,
      settings: { ...(def.manifest.defaultSettings ?? {}), ...d.settings },
      grants: applied.grants,
      forms: def.forms.map((f) => f.id),
      processes: [...new Set([...(d.processes ?? []), ...def.flows.map((f) => f.processId)])],
      rules: def.rules,
    }));
    await this.audit(actor, 'upgrade', id, {
      details: {
        from: doc.installedVersion,
        to: def.manifest.version,
        forms: applied.forms,
        flows: applied.flows,
        decisions: applied.decisions,
        ...(moved ? { fromFormat1: moved } : {}),
      },
    });
    return view;
  }

  private demoRequests: DemoRequestSeeder | undefined;

  /**
   * Who submits and approves demo requests (set by the composition root once the approvals exist,
   * which are made after the modules); without one, demo seeding makes no requests.
   */
  useDemoRequests(seeder: DemoRequestSeeder): void {
    this.demoRequests = seeder;
  }

  /** Seeds the module's demo data (idempotent; the demo company's users must exist). */
  async seedDemo(id: string, actor: Actor): Promise<number> {
    await this.scanned();
    const doc = await this.installedDoc(id);
    const def = this.validDefinition(id, doc);
    let created = await this.options.installer.seed(
      def,
      ['reference', 'demo'],
      actor.principal?.userId ?? 'system',
    );
    if (doc.enabled) created += (await this.demoRequests?.seed(def)) ?? 0;
    if (created)
      await this.audit(actor, 'seed', id, {
        details: { created },
      });
    return created;
  }

  // ---- internals --------------------------------------------------------------------------------

  private view(doc: Stored<ModuleDoc>): ModuleView {
    const def = this.definitions.get(doc.id);
    const status: ModuleStatus = doc.installed
      ? doc.enabled
        ? 'enabled'
        : 'disabled'
      : doc.problems.length
        ? 'broken'
        : 'available';
    const manifest = doc.manifest ?? def?.manifest;
    return {
      ...doc,
      status,
      upgradeAvailable:
        doc.installed &&
        !!def &&
        !!doc.installedVersion &&
        compareVersionText(def.manifest.version, doc.installedVersion) > 0,
      ...(manifest?.settingsSchema ? { settingsSchema: manifest.settingsSchema } : {}),
      // Labels are words only: the ones on disk show even before an upgrade installs them.
      ...((def?.manifest ?? manifest)?.settingsLabels
        ? { settingsLabels: (def?.manifest ?? manifest)?.settingsLabels }
        : {}),
      depends: manifest?.depends ?? [],
    };
  }

  private async docOf(id: string): Promise<Stored<ModuleDoc>> {
    const doc = await this.col.get(id);
    if (!doc) throw moduleErrors.notFound(id);
    return doc;
  }

  private async installedDoc(id: string): Promise<Stored<ModuleDoc>> {
    const doc = await this.docOf(id);
    if (!doc.installed) throw moduleErrors.notInstalled(id);
    return doc;
  }

  private validDefinition(id: string, doc: ModuleDoc): ModuleDefinition {
    const def = this.definitions.get(id);
    if (!def) throw moduleErrors.broken(id, doc.problems);
    return def;
  }

  private async assertDependencies(
    manifest: ModuleManifest,
    during: 'install' | 'enable' | 'upgrade',
  ): Promise<void> {
    const all = (await this.col.find({ installed: true })).items;
    const available = new Map(
      all.map((m) => [m.id, { version: m.installedVersion ?? '0.0.0', enabled: m.enabled }]),
    );
    const unmet = unmetDependencies(
      { id: manifest.id, version: manifest.version, depends: manifest.depends ?? [] },
      available,
      satisfies,
    );
    if (unmet.length) throw moduleErrors.dependencyUnmet(manifest.id, during, unmet);
  }

  /** Reads, changes and writes a module document with its revision (retrying on conflicts). */
  private async mutate(
    id: string,
    change: (doc: ModuleDoc) => ModuleDoc,
    create = false,
    expectedRev?: number,
  ): Promise<ModuleView> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.col.get(id);
      if (!current && !create) throw moduleErrors.notFound(id);
      if (current && expectedRev !== undefined && current.rev !== expectedRev)
        throw moduleErrors.revisionConflict(id);
      const base: ModuleDoc = current
        ? stripStore(current)
        : {
            name: { en: id, 'zh-CN': id },
            description: { en: id, 'zh-CN': id },
            problems: [],
            installed: false,
            enabled: false,
            settings: {},
          };
      const next = change(base);
      try {
        const stored = current
          ? await this.col.replace(id, current.rev, next)
          : await this.col.insert({ ...next, id });
        return this.view(stored);
      } catch (e) {
        if (!(e instanceof RevisionConflictError) && !(e instanceof DuplicateKeyError)) throw e;
        if (expectedRev !== undefined) throw moduleErrors.revisionConflict(id);
      }
    }
    throw moduleErrors.revisionConflict(id);
  }

  /** Records `module.<verb>` on module `id` in the actor's name. */
  private audit(actor: Actor, verb: string, id: string, entry: Partial<AuditEntryInput> = {}): Promise<void> {
    return recordAudit(this.options.audit, actor, {
      ...entry,
      action: `module.${verb}`,
      resource: 'modules',
      resourceId: id,
    });
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

function stripStore(doc: Stored<ModuleDoc>): ModuleDoc {
  const { id: _id, rev: _rev, ...rest } = doc;
  return rest;
}
