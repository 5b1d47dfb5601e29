// The document types a person may read, and how each is shown — what the web app's "Records"
// section lists (grouped by module) and what its list, board and calendar screens are made from.
// A document type is a published form: of an enabled module, or one made in the designer (custom
// or filed under a module that is not installed). A disabled module's forms leave the list (their
// records stay, like its catalogue entries). Who may read is decided as the records service decides
// it: the grant `record:<form>` read, and the form's own role list.
import type { FormDefinition, LocalizedText } from '#schemas/generated/index.ts';
import { doctypeViews, type DoctypeViews } from '#engine/core/forms/doctype-views.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess, type Action } from '#engine/core/permissions/resolve.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FormService } from '../forms/form-service.ts';
import { CUSTOM_MODULE, CUSTOM_MODULE_NAME } from '../modules/custom-entries.ts';
import type { ModuleView } from '../modules/module-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';

/** What the caller may do with the records of a document type (buttons to show). */
export interface DoctypeRights {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  export: boolean;
}

export interface DoctypeSummary {
  form: string;
  module: string;
  moduleName: LocalizedText;
  name: LocalizedText;
  description?: LocalizedText;
  /** The screens it has: always a table; a board and a calendar when it has what they need. */
  views: Array<'table' | 'kanban' | 'calendar'>;
}

export interface DoctypeDetail extends DoctypeSummary, DoctypeViews {
  titleField?: string;
  version: number;
  rights: DoctypeRights;
}

export interface DirectoryDeps {
  forms: FormService;
  /** Every module the platform knows (installed or not). */
  modules: () => Promise<ModuleView[]>;
}

/** The form's own role list for an action passes (absent: the grants alone decide). */
function formRoleAllows(
  def: FormDefinition,
  principal: Principal,
  action: 'read' | 'create' | 'update',
): boolean {
  const roles = def.permissions?.[action];
  return !roles || principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r));
}

export function rightsOn(def: FormDefinition, principal: Principal): DoctypeRights {
  const grant = (action: Action) => resolveAccess(principal, `record:${def.id}`, action).allowed;
  // Deleting is an update as far as the form's role lists go (the records service decides so too).
  return {
    read: grant('read') && formRoleAllows(def, principal, 'read'),
    create: grant('create') && formRoleAllows(def, principal, 'create'),
    update: grant('update') && formRoleAllows(def, principal, 'update'),
    delete: grant('delete') && formRoleAllows(def, principal, 'update'),
    export: grant('export') && formRoleAllows(def, principal, 'read'),
  };
}

export class DoctypeDirectory {
  constructor(private readonly deps: DirectoryDeps) {}

  /** The document types the principal may read, by module (enabled modules first, by id). */
  async list(principal: Principal): Promise<DoctypeSummary[]> {
    const out: DoctypeSummary[] = [];
    for (const { form, moduleName } of await this.readable()) {
      const def = form.definition;
      if (!rightsOn(def, principal).read) continue;
      out.push(summaryOf(form, moduleName));
    }
    return out;
  }

  /** One document type with its views and the principal's rights; null when it is not theirs to read. */
  async get(principal: Principal, formId: string): Promise<DoctypeDetail | null> {
    const found = (await this.readable()).find((f) => f.form.definition.id === formId);
    if (!found) return null;
    const def = found.form.definition;
    const rights = rightsOn(def, principal);
    if (!rights.read) return null;
    return {
      ...summaryOf(found.form, found.moduleName),
      ...doctypeViews(def, found.form.fields),
      ...(def.titleField ? { titleField: def.titleField } : {}),
      version: found.form.version,
      rights,
    };
  }

  /** Every listed document type's compiled form (the newest version) and its module's name. */
  async readable(): Promise<Array<{ form: CompiledForm; moduleName: LocalizedText }>> {
    const modules = new Map((await this.deps.modules()).map((m) => [m.id, m]));
    const out: Array<{ form: CompiledForm; moduleName: LocalizedText }> = [];
    for (const id of (await this.deps.forms.publishedFormIds()).sort()) {
      let form: CompiledForm;
      try {
        form = await this.deps.forms.current(id);
      } catch {
        continue; // deprecated as a whole: no new records, no screen
      }
      const moduleId = form.definition.module;
      const module = modules.get(moduleId);
      if (module?.installed && !module.enabled) continue;
      const moduleName =
        module?.name ??
        (moduleId === CUSTOM_MODULE ? CUSTOM_MODULE_NAME : { en: moduleId, 'zh-CN': moduleId });
      out.push({ form, moduleName });
    }
    // Installed modules first (in id order), then custom and stray forms.
    const rank = (m: string) => (modules.get(m)?.installed ? 0 : 1);
    return out.sort(
      (a, b) =>
        rank(a.form.definition.module) - rank(b.form.definition.module) ||
        a.form.definition.module.localeCompare(b.form.definition.module) ||
        a.form.definition.id.localeCompare(b.form.definition.id),
    );
  }
}

function summaryOf(form: CompiledForm, moduleName: LocalizedText): DoctypeSummary {
  const def = form.definition;
  const views = doctypeViews(def, form.fields);
  return {
    form: def.id,
    module: def.module,
    moduleName,
    name: def.name,
    ...(def.description ? { description: def.description } : {}),
    views: [
      'table',
      ...(views.kanban ? (['kanban'] as const) : []),
      ...(views.calendar ? (['calendar'] as const) : []),
    ],
  };
}
