// The two ways identity documents are created. An admin creating a department or a role: the id
// must be new (a taken one is a 409 naming /id, not a silent overwrite) and the creation is
// audited with the document as stored. Seeding (built-in roles, the first admin, the demo): a
// document that already exists is left as it is, so several replicas starting at once, or a
// second seeding, create each document exactly once.
import { conflict, type AppError } from '#engine/core/errors.ts';
import {
  DuplicateKeyError,
  type Collection,
  type NewDoc,
  type Stored,
} from '#engine/ports/document-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';

export interface NewDocumentAudit {
  audit: AuditLog;
  actor: Actor;
  /** Audit action, e.g. `role.create`. */
  action: string;
  /** Audit resource, e.g. `roles`. */
  resource: string;
  /** The error when the id is taken (a 409: see idTaken). */
  taken: () => AppError;
}

/** Inserts a document whose id must be new, and audits its creation. */
export async function insertNew<T extends object>(
  col: Collection<T>,
  doc: NewDoc<T>,
  how: NewDocumentAudit,
): Promise<Stored<T>> {
  let created: Stored<T>;
  try {
    created = await col.insert(doc);
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw how.taken();
    throw e;
  }
  await recordAudit(how.audit, how.actor, {
    action: how.action,
    resource: how.resource,
    resourceId: created.id,
    after: created,
  });
  return created;
}

/** The insert's result, or null when the document already exists. */
export async function insertIfMissing<T>(insert: () => Promise<T>): Promise<T | null> {
  try {
    return await insert();
  } catch (e) {
    if (e instanceof DuplicateKeyError) return null;
    throw e;
  }
}

/** 409: the id a new document asked for is taken. */
export function idTaken(code: string, en: string, zh: string): AppError {
  return conflict(code, en, zh, [{ path: '/id', message: 'already used', messageZh: '已被使用' }]);
}
