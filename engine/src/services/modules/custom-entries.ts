// Catalogue entries kept as data: the requests an analyst publishes from the designer, in the shape
// of a module manifest's entries (schemas/module-manifest.schema.json, `customEntry`), each filed
// under a module id — CUSTOM_MODULE, the built-in group that is always enabled, or an installed
// module, whose enabled state then decides whether the entry shows (RequestService reads both kinds
// alike).
//
//   create / update / delete      checked first: the form exists and is published, the flow is
//                                 deployed (and, when it names forms, names this one), the module is
//                                 installed, the start roles exist, the id is not taken by another
//                                 entry (a module's or a custom one); every problem at its field
//   grants                        a module brings its permission files; a custom entry brings the
//                                 one grant its requesters need: record:<form> create + read of
//                                 their own rows, for each start role (employee when none). Only
//                                 forms no installed module defines get it (a module's forms keep
//                                 the module's grants). What the catalogue added is remembered per
//                                 role (CUSTOM_ENTRY_GRANTS) so that removing the last entry of a form
//                                 takes back only what it gave, never a grant an admin made.
//
// Every change is audited; grant changes are audited by the role service as permission changes.
import type { CustomEntry, LocalizedText, Permission } from '#schemas/generated/index.ts';
import { conflict, unprocessable, type AppError, type ErrorDetail } from '#engine/core/errors.ts';
import { moduleErrors } from '#engine/core/modules/errors.ts';
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
import { recordAudit } from '../audit/record-audit.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { FormService } from '../forms/form-service.ts';
import type { RoleService } from '../identity/roles.ts';
import { ADMIN_ROLE } from '../identity/system-roles.ts';
import type { ModuleService } from './module-service.ts';
import { canonicalJson } from '#engine/core/canonical-json.ts';

export const CUSTOM_ENTRIES = 'catalogue_entries';
export const CUSTOM_ENTRY_GRANTS = 'catalogue_entry_grants';

/** The built-in group of designer-made entries: always enabled, no settings. */
export const CUSTOM_MODULE = 'custom';
export const CUSTOM_MODULE_NAME: LocalizedText = { en: 'Custom requests', 'zh-CN': '自定义申请' };

/** Who starts an entry without start roles: every signed-in user holds `employee`. */
const DEFAULT_START_ROLE = 'employee';

export interface CustomEntryDoc extends Omit<CustomEntry, 'id'> {
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export type StoredCustomEntry = Stored<CustomEntryDoc>;

export type CustomEntryInput = Omit<CustomEntry, 'module'> & { module?: string };

/** A PATCH: absent leaves a field, null removes an optional one. */
export interface CustomEntryPatch {
  rev?: number;
  module?: string;
  form?: string;
  flow?: string | null;
  name?: LocalizedText;
  description?: LocalizedText | null;
  icon?: string | null;
  startRoles?: string[];
}

interface GrantLedgerDoc {
  /** Grants the catalogue added to this role (the role id is the document id). */
  grants: Permission[];
}

interface Problem extends ErrorDetail {
  code: string;
  messageZh: string;
}

/** The grant a start role needs for an entry's form. */
export const startGrant = (form: string): Permission => ({
  resource: `record:${form}`,
  actions: ['create', 'read'],
  rows: { type: 'own' },
});

export interface CustomEntryServiceOptions {
  store: DocumentStore;
  clock: Clock;
  audit: AuditLog;
  forms: FormService;
  flows: FlowService;
  modules: ModuleService;
  roles: RoleService;
}

export class CustomEntryService {
  readonly col: Collection<CustomEntryDoc>;
  private readonly ledger: Collection<GrantLedgerDoc>;

  constructor(private readonly options: CustomEntryServiceOptions) {
    this.col = options.store.collection<CustomEntryDoc>(CUSTOM_ENTRIES);
    this.ledger = options.store.collection<GrantLedgerDoc>(CUSTOM_ENTRY_GRANTS);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['module', 1]] });
  }

  async list(filter: { module?: string } = {}): Promise<StoredCustomEntry[]> {
    return (await this.col.find(filter.module ? { module: filter.module } : {}, { sort: [['id', 1]] })).items;
  }

  async get(id: string): Promise<StoredCustomEntry> {
    const doc = await this.col.get(id);
    if (!doc) throw moduleErrors.entryNotFound(id);
    return doc;
  }

  async create(input: CustomEntryInput, actor: Actor): Promise<StoredCustomEntry> {
    const entry: CustomEntry = { ...input, module: input.module ?? CUSTOM_MODULE };
    await this.check(entry, true);
    const now = this.now();
    const by = actor.principal?.userId ?? 'system';
    let created: StoredCustomEntry;
    try {
      const { id, ...rest } = entry;
      created = await this.col.insert({
        id,
        ...rest,
        createdAt: now,
        createdBy: by,
        updatedAt: now,
        updatedBy: by,
      });
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw taken(entry.id);
      throw e;
    }
    await recordAudit(this.options.audit, actor, {
      action: 'catalogue.entry.create',
      resource: 'catalogue',
      resourceId: created.id,
      after: created,
    });
    await this.syncGrants(actor);
    return created;
  }

  async update(id: string, patch: CustomEntryPatch, actor: Actor): Promise<StoredCustomEntry> {
    const current = await this.get(id);
    if (patch.rev !== undefined && patch.rev !== current.rev) throw revConflict(id);
    const { rev: _rev, ...changes } = patch;
    const next: CustomEntry = { ...entryOf(current) };
    for (const [key, value] of Object.entries(changes) as [keyof CustomEntry, unknown][])
      if (value === null) delete next[key];
      else if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    await this.check(next, false);
    const { id: _id, ...rest } = next;
    let updated: StoredCustomEntry;
    try {
      updated = await this.col.replace(id, current.rev, {
        ...rest,
        createdAt: current.createdAt,
        createdBy: current.createdBy,
        updatedAt: this.now(),
        updatedBy: actor.principal?.userId ?? 'system',
      });
    } catch (e) {
      if (e instanceof RevisionConflictError) throw revConflict(id);
      throw e;
    }
    await recordAudit(this.options.audit, actor, {
      action: 'catalogue.entry.update',
      resource: 'catalogue',
      resourceId: id,
      before: current,
      after: updated,
    });
    await this.syncGrants(actor);
    return updated;
  }

  /** Removes the entry: requests already started run on; new ones cannot be started. */
  async delete(id: string, actor: Actor): Promise<void> {
    const current = await this.get(id);
    if (!(await this.col.delete(id, current.rev))) throw revConflict(id);
    await recordAudit(this.options.audit, actor, {
      action: 'catalogue.entry.delete',
      resource: 'catalogue',
      resourceId: id,
      before: current,
    });
    await this.syncGrants(actor);
  }

  // ---- checks -------------------------------------------------------------------------------

  /** Every problem of an entry at once, each at its field; the first one names the error. */
  private async check(entry: CustomEntry, isNew: boolean): Promise<void> {
    const problems: Problem[] = [];
    const { modules, forms, flows, roles } = this.options;

    const installed = (await modules.list()).filter((m) => m.installed);
    if (isNew) {
      const owner = installed.find((m) => (m.manifest?.entries ?? []).some((e) => e.id === entry.id));
      if (owner)
        throw conflict(
          'ENTRY_EXISTS',
          `The module "${owner.id}" already has a request "${entry.id}": choose another id`,
          `模块“${owner.id}”已有申请“${entry.id}”，请换一个 ID`,
          [{ path: '/id', message: 'already used', messageZh: '已被使用' }],
        );
      if (await this.col.get(entry.id)) throw taken(entry.id);
    }

    if (entry.module !== CUSTOM_MODULE) {
      if (!installed.some((m) => m.id === entry.module))
        problems.push({
          code: 'ENTRY_MODULE_UNKNOWN',
          path: '/module',
          message: `There is no installed module "${entry.module}" (file it under "${CUSTOM_MODULE}", or have an administrator install it)`,
          messageZh: `没有已安装的模块“${entry.module}”（请归入“${CUSTOM_MODULE}”，或请管理员先安装该模块）`,
        });
    }

    try {
      await forms.current(entry.form);
    } catch (e) {
      const code = (e as AppError).code;
      if (code === 'FORM_NOT_FOUND')
        problems.push({
          code: 'ENTRY_FORM_UNKNOWN',
          path: '/form',
          message: `There is no form "${entry.form}"`,
          messageZh: `没有表单“${entry.form}”`,
        });
      else if (code === 'FORM_NOT_PUBLISHED')
        problems.push({
          code: 'ENTRY_FORM_NOT_PUBLISHED',
          path: '/form',
          message: `Form "${entry.form}" has not been published yet: publish it first`,
          messageZh: `表单“${entry.form}”尚未发布，请先发布`,
        });
      else if (code === 'FORM_DEPRECATED')
        problems.push({
          code: 'ENTRY_FORM_DEPRECATED',
          path: '/form',
          message: `Form "${entry.form}" is deprecated: it takes no new requests`,
          messageZh: `表单“${entry.form}”已停用，不能再发起申请`,
        });
      else throw e;
    }

    const formOk = !problems.some((p) => p.path === '/form');
    if (entry.flow !== undefined) {
      const deployed = (await flows.definitions.versions(entry.flow)).at(-1);
      if (!deployed)
        problems.push({
          code: 'ENTRY_FLOW_NOT_DEPLOYED',
          path: '/flow',
          message: `There is no deployed flow "${entry.flow}": deploy it first`,
          messageZh: `没有已部署的流程“${entry.flow}”，请先部署`,
        });
      else if (formOk && deployed.formIds.length && !deployed.formIds.includes(entry.form))
        problems.push({
          code: 'ENTRY_FLOW_FORM_MISMATCH',
          path: '/flow',
          message: `Flow "${entry.flow}" uses the form(s) ${deployed.formIds.join(', ')}, not "${entry.form}"`,
          messageZh: `流程“${entry.flow}”使用的表单是 ${deployed.formIds.join('、')}，不是“${entry.form}”`,
        });
    }

    const wanted = entry.startRoles ?? [];
    const known = new Set((await roles.byIds(wanted)).map((r) => r.id));
    wanted.forEach((role, i) => {
      if (!known.has(role))
        problems.push({
          code: 'ENTRY_ROLE_UNKNOWN',
          path: `/startRoles/${i}`,
          message: `There is no role "${role}"`,
          messageZh: `没有角色“${role}”`,
        });
    });

    const first = problems[0];
    if (first)
      throw unprocessable(
        first.code,
        problems.length === 1 ? first.message : `${first.message} (and ${problems.length - 1} more)`,
        problems.length === 1 ? first.messageZh : `${first.messageZh}（另有 ${problems.length - 1} 个问题）`,
        problems.map(({ path, message, messageZh }) => ({ path, message, messageZh })),
      );
  }

  // ---- grants -------------------------------------------------------------------------------

  /**
   * Brings the roles' grants in line with the entries: each start role of each entry on a form no
   * module defines has startGrant(form); grants the catalogue added that no entry wants any more
   * are taken back. Idempotent, so a retry (or the next change) repairs an interrupted run.
   */
  private async syncGrants(actor: Actor): Promise<void> {
    const moduleForms = new Set(
      (await this.options.modules.list()).filter((m) => m.installed).flatMap((m) => m.forms ?? []),
    );
    const wanted = new Map<string, Map<string, Permission>>();
    for (const entry of await this.list()) {
      if (moduleForms.has(entry.form)) continue;
      const grant = startGrant(entry.form);
      const startRoles = entry.startRoles?.length ? entry.startRoles : [DEFAULT_START_ROLE];
      for (const role of startRoles) {
        if (role === ADMIN_ROLE) continue; // admins may do everything; their grants are fixed
        const grants = wanted.get(role) ?? new Map<string, Permission>();
        grants.set(canonicalJson(grant), grant);
        wanted.set(role, grants);
      }
    }
    const ledger = (await this.ledger.find({})).items;
    const roleIds = new Set([...wanted.keys(), ...ledger.map((l) => l.id)]);
    for (const roleId of roleIds) await this.syncRole(roleId, wanted.get(roleId) ?? new Map(), actor);
  }

  private async syncRole(roleId: string, want: Map<string, Permission>, actor: Actor): Promise<void> {
    const { roles } = this.options;
    // Grants this call added to the role: still ours when a retry finds them already there.
    const claimed = new Map<string, Permission>();
    for (let attempt = 0; ; attempt++) {
      const [role, entry] = await Promise.all([roles.col.get(roleId), this.ledger.get(roleId)]);
      if (!role) {
        if (entry) await this.ledger.delete(roleId);
        return;
      }
      const added = new Map([
        ...(entry?.grants ?? []).map((g) => [canonicalJson(g), g] as const),
        ...claimed,
      ]);
      // Take back what the catalogue added and no entry wants; add what is wanted and missing.
      const kept = role.permissions.filter(
        (g) => !(added.has(canonicalJson(g)) && !want.has(canonicalJson(g))),
      );
      const have = new Set(kept.map(canonicalJson));
      const next = [...kept];
      const ours = [...added.entries()].filter(([key]) => want.has(key)).map(([, g]) => g);
      for (const [key, grant] of want)
        if (!have.has(key)) {
          next.push(grant);
          ours.push(grant);
        }
      try {
        if (canonicalJson(next) !== canonicalJson(role.permissions)) {
          await roles.update(roleId, { rev: role.rev, permissions: next }, actor);
          for (const grant of ours) claimed.set(canonicalJson(grant), grant);
        }
        if (canonicalJson(ours) === canonicalJson(entry?.grants ?? [])) return;
        if (!entry) await this.ledger.insert({ id: roleId, grants: ours });
        else if (ours.length) await this.ledger.replace(roleId, entry.rev, { grants: ours });
        else await this.ledger.delete(roleId, entry.rev);
        return;
      } catch (e) {
        const retry = e instanceof RevisionConflictError || e instanceof DuplicateKeyError;
        if (!retry || attempt >= 5) throw e;
      }
    }
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}

/** The entry's own fields (what a manifest entry has, plus its module). */
export function entryOf(doc: StoredCustomEntry): CustomEntry {
  const { rev: _rev, createdAt: _ca, createdBy: _cb, updatedAt: _ua, updatedBy: _ub, ...entry } = doc;
  return entry;
}

function taken(id: string): AppError {
  return conflict(
    'ENTRY_EXISTS',
    `There is already a catalogue entry "${id}": choose another id`,
    `目录中已有申请“${id}”，请换一个 ID`,
    [{ path: '/id', message: 'already used', messageZh: '已被使用' }],
  );
}

function revConflict(id: string): AppError {
  return conflict(
    'ENTRY_REVISION_CONFLICT',
    `Catalogue entry "${id}" was changed by someone else; reload it`,
    `目录申请“${id}”已被他人修改，请刷新`,
  );
}
