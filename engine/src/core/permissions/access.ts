// The contract between access control and everything that reads or writes data on a user's
// behalf (records, tasks, reports, exports). Decisions are computed by the permission engine in
// this folder (`resolveAccess`); callers merge `rowFilter` into every store query (list, get,
// count, export, report) and apply `fields` to what they return and accept — never filter in the
// UI. `ScopedCollection` (engine/src/services/access/scoped-collection.ts) does both for a store
// collection.
import type { Filter } from '#engine/ports/document-store.ts';
import type { Permission } from '#schemas/generated/index.ts';

/** A grant as stored in a role (schemas/permission.schema.json). */
export type Grant = Permission;

/** Who is acting: resolved once per request from the session. */
export interface Principal {
  userId: string;
  login: string;
  roles: string[];
  department?: string;
  locale: 'en' | 'zh-CN';
  /** Display name, for audit and history entries. */
  displayName?: string;
  /** User id of the direct manager (available to FEEL row rules as `user.manager`). */
  manager?: string;
  /** The principal's department and every department below it (row rule `subDepartments`). */
  departmentTree?: string[];
  /**
   * The grants of the principal's roles. Absent or empty: the principal may do nothing, whatever
   * its role names say (so a principal built by hand never gains rights by accident).
   */
  grants?: Grant[];
}

export interface FieldRestrictions {
  /** Field paths removed from what the principal reads. */
  hidden: string[];
  /** Field paths the principal reads masked (e.g. 138****5678). */
  masked: string[];
  /** Field paths the principal may not write. */
  readOnly: string[];
}

/** The rows one matching grant covers and the field restrictions it carries on them. */
export interface GrantScope {
  rowFilter: Filter;
  fields: FieldRestrictions;
}

export interface AccessDecision {
  allowed: boolean;
  /**
   * A DocumentStore filter selecting the rows this action may touch; `{}` means every row.
   * Row rules (own, department, assignee field, FEEL condition) become this filter, so that
   * lists, counts, exports and get-by-id all see the same rows (a row outside it is a 404).
   * A denied decision carries a filter that matches nothing.
   */
  rowFilter: Filter;
  /**
   * The restrictions that hold whichever grant covers a row (the safe choice when rows are not
   * looked at one by one, e.g. for filters and sorts). `fieldsForRow` is more precise per row.
   */
  fields: FieldRestrictions;
  /** One entry per matching grant; `fieldsForRow(decision, row)` combines those covering a row. */
  scopes?: GrantScope[];
}
