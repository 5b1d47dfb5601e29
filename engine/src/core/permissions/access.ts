// The contract between access control and everything that reads or writes data on a user's
// behalf (records, tasks, reports, exports). Decisions are computed by the permission engine in
// this folder; callers merge `rowFilter` into every store query (list, get, count, export,
// report) and apply `fields` to what they return and accept — never filter in the UI.
import type { Filter } from '../../ports/document-store.ts';

/** Who is acting: resolved once per request from the session. */
export interface Principal {
  userId: string;
  login: string;
  roles: string[];
  department?: string;
  locale: 'en' | 'zh-CN';
}

export interface FieldRestrictions {
  /** Field paths removed from what the principal reads. */
  hidden: string[];
  /** Field paths the principal reads masked (e.g. 138****5678). */
  masked: string[];
  /** Field paths the principal may not write. */
  readOnly: string[];
}

export interface AccessDecision {
  allowed: boolean;
  /**
   * A DocumentStore filter selecting the rows this action may touch; `{}` means every row.
   * Row rules (own, department, assignee field, FEEL condition) become this filter, so that
   * lists, counts, exports and get-by-id all see the same rows (a row outside it is a 404).
   */
  rowFilter: Filter;
  fields: FieldRestrictions;
}
