// Upgrading an installation whose module was installed in module format 1. That format named
// reports, dashboards, automations and catalogue entries '<module>.<name>'; format 2 names them
// '<module>-<name>' (core/modules/ids.ts). Forms and processes kept their ids, so records,
// vouchers and flow instances need nothing; what mentions the old ids is brought along:
//
//   role grants     report:<old> and dashboard:<old>, also those an admin added by hand
//                   (through the role service: audited as permission changes)
//   drafts          a user's unfinished request is kept under its entry's id
//   automation runs the run log follows its automation
//
// Each step is idempotent (a second run finds nothing to move). Old ids that cannot be rewritten
// — links in notifications, headers in deployed BPMN versions, jobs already queued — are read as
// the new ids where they are looked up (format-1-lookup.ts).
import { currentId, isFormat1IdOf } from '#engine/core/modules/ids.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { Permission } from '#schemas/generated/index.ts';
import type { Actor } from '#engine/core/actor.ts';
import { AUTOMATION_RUNS } from '../automations/automation-service.ts';
import { DRAFTS, type DraftDoc } from '../drafts/draft-service.ts';
import type { RoleService } from '../identity/roles.ts';

const RENAMED_KINDS = ['report', 'dashboard'];

/** A grant's resource with a format 1 id of `module` in it, renamed; other resources unchanged. */
export function renameResource(module: string, resource: string): string {
  const [kind, id] = resource.split(':', 2) as [string, string | undefined];
  if (!id || !RENAMED_KINDS.includes(kind) || !isFormat1IdOf(module, id)) return resource;
  return `${kind}:${currentId(id)}`;
}

export function renameGrants(
  module: string,
  grants: Record<string, Permission[]>,
): Record<string, Permission[]> {
  return Object.fromEntries(
    Object.entries(grants).map(([role, list]) => [
      role,
      list.map((g) => ({ ...g, resource: renameResource(module, g.resource) })),
    ]),
  );
}

/** Renames the module's format 1 resources in every role's grants; returns the roles changed. */
export async function renameRoleGrants(roles: RoleService, module: string, actor: Actor): Promise<string[]> {
  const changed: string[] = [];
  for (const role of await roles.list()) {
    if (!role.permissions.some((g) => renameResource(module, g.resource) !== g.resource)) continue;
    const permissions = role.permissions.map((g) => ({ ...g, resource: renameResource(module, g.resource) }));
    await roles.update(role.id, { rev: role.rev, permissions }, actor);
    changed.push(role.id);
  }
  return changed;
}

/** Moves drafts kept under a format 1 entry id to the entry's id; returns how many moved. */
export async function moveDrafts(store: DocumentStore, module: string): Promise<number> {
  const drafts = store.collection<Omit<DraftDoc, 'id'>>(DRAFTS);
  let moved = 0;
  for (;;) {
    const page = await drafts.find({ key: { $regex: `^${module}\\.` } }, { limit: 500 });
    const todo = page.items.filter((d) => isFormat1IdOf(module, d.key));
    if (todo.length === 0) return moved;
    for (const draft of todo) {
      const key = currentId(draft.key)!;
      const id = `${draft.userId}:${key}`;
      // A draft already saved under the new id is newer than the old one: it wins.
      if (!(await drafts.get(id))) {
        const { id: _id, rev: _rev, ...rest } = draft;
        await drafts.insert({ ...rest, id, key }).catch((e: unknown) => {
          if ((e as { code?: string }).code !== 'DUPLICATE_KEY') throw e;
        });
      }
      await drafts.delete(draft.id);
      moved++;
    }
  }
}

/** Points the run log of each renamed automation at its new id; returns how many runs moved. */
export async function moveAutomationRuns(store: DocumentStore, module: string): Promise<number> {
  const runs = store.collection<{ automation: string }>(AUTOMATION_RUNS);
  let moved = 0;
  for (;;) {
    const page = await runs.find({ automation: { $regex: `^${module}\\.` } }, { limit: 500 });
    const todo = page.items.filter((r) => isFormat1IdOf(module, r.automation));
    if (todo.length === 0) return moved;
    for (const run of todo) {
      await runs.update(run.id, run.rev, { set: { automation: currentId(run.automation)! } });
      moved++;
    }
  }
}
