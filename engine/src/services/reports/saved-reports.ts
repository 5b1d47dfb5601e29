// Reports made in the web app's report builder, kept in the store next to the modules' reports
// (the `reports` collection, module SAVED_MODULE) so running, dashboards, drill-down, exports and
// alerts treat both alike. Each save is a new version (report_versions keeps every one, as forms
// keep their versions); saving over a version that is no longer the latest is a conflict, so two
// analysts editing one report never overwrite each other silently. A saved report is shared with
// roles: their members may run it (with their own row rules), its owner may change it.
import type { Report } from '#schemas/generated/index.ts';
import { commonErrors } from '#engine/core/errors.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { reportProblems } from '#engine/core/reports/validate.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';

/** The module name of builder-made reports (ids `saved-<name>`); no module may take it. */
export const SAVED_MODULE = 'saved';
export const REPORT_VERSIONS = 'report_versions';

export interface SavedInfo {
  owner: string;
  /** Roles whose members may run the report. */
  roles: string[];
  version: number;
  savedAt: string;
  savedBy: string;
}

export type SavedReportDoc = Report & { module: string; saved?: SavedInfo };

/** What the builder sends: a definition without id or module. */
export type ReportDraft = Omit<Report, 'id' | 'module'>;

interface VersionDoc {
  report: string;
  version: number;
  definition: ReportDraft;
  roles: string[];
  savedAt: string;
  savedBy: string;
}

/** Whether a principal may build reports (preview a draft, save one). */
export function mayBuild(principal: Principal): boolean {
  return resolveAccess(principal, 'reports', 'create').allowed;
}

/** Whether a principal may run a builder-made report: its owner, its roles, admins, or a grant. */
export function mayRunSaved(principal: Principal, doc: SavedReportDoc): boolean {
  const saved = doc.saved;
  if (!saved) return false;
  return (
    principal.roles.some((r) => PRIVILEGED_ROLES.includes(r) || saved.roles.includes(r)) ||
    principal.userId === saved.owner ||
    resolveAccess(principal, `report:${doc.id}`, 'read').allowed
  );
}

/** Problems of a draft as one 422 error with every problem at its path. */
export function assertValidDraft(draft: ReportDraft): void {
  const problems = reportProblems({ ...draft, id: 'draft' } as Report);
  if (problems.length)
    throw reportErrors.definitionInvalid(
      problems.map((p) => ({ path: `/definition${p.path}`, message: p.message, messageZh: p.messageZh })),
    );
}

export class SavedReports {
  private readonly versions: Collection<VersionDoc>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      clock: Clock;
      reports: Collection<SavedReportDoc>;
      /** Checks the draft's sources exist (forms, registered collections). */
      checkSources: (draft: ReportDraft, principal: Principal) => Promise<void>;
    },
  ) {
    this.versions = options.store.collection<VersionDoc>(REPORT_VERSIONS);
  }

  async init(): Promise<void> {
    await this.versions.ensureIndex({ fields: [['report', 1]] });
  }

  /** Saves a new report (version 1) owned by the principal. */
  async create(
    principal: Principal,
    name: string,
    draft: ReportDraft,
    roles: string[],
  ): Promise<SavedReportDoc> {
    if (!mayBuild(principal)) throw commonErrors.forbidden();
    assertValidDraft(draft);
    await this.options.checkSources(draft, principal);
    const id = `${SAVED_MODULE}-${name}`;
    if (await this.options.reports.get(id)) throw reportErrors.savedExists(id);
    const doc = this.document(principal, id, draft, roles, 1, principal.userId);
    await this.options.reports.insert(doc as never);
    await this.keepVersion(doc);
    return doc;
  }

  /** Saves a new version over `version` (the latest, or a conflict). */
  async update(
    principal: Principal,
    id: string,
    version: number,
    draft: ReportDraft,
    roles: string[],
  ): Promise<SavedReportDoc> {
    const current = await this.options.reports.get(id);
    if (!current?.saved) throw reportErrors.notFound(id);
    if (!this.mayChange(principal, current)) throw commonErrors.forbidden();
    if (current.saved.version !== version) throw reportErrors.versionConflict(id, current.saved.version);
    assertValidDraft(draft);
    await this.options.checkSources(draft, principal);
    const doc = this.document(principal, id, draft, roles, version + 1, current.saved.owner);
    const { id: _id, ...rest } = doc;
    await this.options.reports.replace(id, current.rev, rest as never);
    await this.keepVersion(doc);
    return doc;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const current = await this.options.reports.get(id);
    if (!current?.saved) throw reportErrors.notFound(id);
    if (!this.mayChange(principal, current)) throw commonErrors.forbidden();
    await this.options.reports.delete(id);
  }

  /** Every saved version of a report, newest first. */
  async history(id: string): Promise<Array<Omit<VersionDoc, 'definition'>>> {
    const { items } = await this.versions.find({ report: id }, { sort: [['version', -1]] });
    return items.map(({ report, version, roles, savedAt, savedBy }) => ({
      report,
      version,
      roles,
      savedAt,
      savedBy,
    }));
  }

  /**
   * The report as a module's reports/<name>.json: the definition with `readers` (the roles it is
   * shared with), without id and module (the installer derives them from the file's place).
   */
  moduleFile(doc: SavedReportDoc): { file: string; content: Record<string, unknown> } {
    const { id, module: _m, saved, ...definition } = doc;
    if (!saved) throw reportErrors.notFound(id);
    return {
      file: `reports/${id.slice(SAVED_MODULE.length + 1)}.json`,
      content: { ...definition, readers: saved?.roles ?? [] },
    };
  }

  private mayChange(principal: Principal, doc: SavedReportDoc): boolean {
    return (
      principal.roles.some((r) => PRIVILEGED_ROLES.includes(r)) ||
      (mayBuild(principal) && doc.saved?.owner === principal.userId)
    );
  }

  private document(
    principal: Principal,
    id: string,
    draft: ReportDraft,
    roles: string[],
    version: number,
    owner: string,
  ): SavedReportDoc {
    const { saved: _s, ...definition } = draft as ReportDraft & { saved?: unknown };
    return {
      ...definition,
      id,
      module: SAVED_MODULE,
      saved: {
        owner,
        roles: [...new Set(roles)],
        version,
        savedAt: new Date(this.options.clock.now()).toISOString(),
        savedBy: principal.userId,
      },
    };
  }

  private async keepVersion(doc: SavedReportDoc): Promise<void> {
    const { id, module: _m, saved, ...definition } = doc;
    await this.versions.insert({
      id: `${id}@${saved!.version}`,
      report: id,
      version: saved!.version,
      definition,
      roles: saved!.roles,
      savedAt: saved!.savedAt,
      savedBy: saved!.savedBy,
    } as never);
  }
}
