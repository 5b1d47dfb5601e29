// The permission engine (pure): which rows and fields a principal may touch for one action on one
// resource, from the grants of its roles. Grants add up: the row filter is the union (OR) of the
// matching grants' row rules; field restrictions combine as fields.ts says.
import type { Filter } from '#engine/ports/document-store.ts';
import type { PermissionAction } from '#schemas/generated/index.ts';
import type { AccessDecision, Grant, GrantScope, Principal } from './access.ts';
import {
  compileRowCondition,
  isMatchNothing,
  MATCH_NOTHING,
  rowConditionFilter,
  type RowCondition,
} from './feel-rows.ts';
import { grantFields, NO_RESTRICTIONS, unionFields } from './fields.ts';

export type Action = PermissionAction;
export const ACTIONS: readonly Action[] = [
  'read',
  'create',
  'update',
  'delete',
  'approve',
  'export',
  'admin',
  'submit',
  'cancel',
];

export const DENIED: AccessDecision = Object.freeze({
  allowed: false,
  rowFilter: MATCH_NOTHING,
  fields: NO_RESTRICTIONS,
  scopes: [],
}) as AccessDecision;

/** `*` covers everything, `record:*` every `record:…`, anything else itself. */
export function resourceMatches(pattern: string, resource: string): boolean {
  if (pattern === '*' || pattern === resource) return true;
  return pattern.endsWith(':*') && resource.startsWith(pattern.slice(0, -1));
}

// Compiled FEEL conditions by expression text (compilation is pure; the cache only saves time).
const compiled = new Map<string, RowCondition | null>();
function compiledCondition(expression: string): RowCondition | null {
  let c = compiled.get(expression);
  if (c === undefined) {
    try {
      c = compileRowCondition(expression);
    } catch {
      c = null; // a rule that does not compile covers no row (checked on save; fail closed here)
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(expression, c);
  }
  return c;
}

/** The rows one grant's row rule covers for a principal. */
export function grantRowFilter(rows: Grant['rows'], principal: Principal): Filter {
  switch (rows?.type ?? 'all') {
    case 'all':
      return {};
    case 'own':
      return { owner: principal.userId };
    case 'department': {
      if (!principal.department) return MATCH_NOTHING;
      if (!rows?.subDepartments) return { department: principal.department };
      const tree = principal.departmentTree?.length ? principal.departmentTree : [principal.department];
      return { department: { $in: [...new Set(tree)] } };
    }
    case 'field':
      return rows?.field ? { [rows.field]: principal.userId } : MATCH_NOTHING;
    case 'feel': {
      const condition = rows?.expression ? compiledCondition(rows.expression) : null;
      return condition ? rowConditionFilter(condition, principal) : MATCH_NOTHING;
    }
    default:
      return MATCH_NOTHING;
  }
}

export function resolveAccess(principal: Principal | null, resource: string, action: Action): AccessDecision {
  if (!principal) return DENIED;
  const matching = (principal.grants ?? []).filter(
    (g) => resourceMatches(g.resource, resource) && g.actions.includes(action),
  );
  if (matching.length === 0) return DENIED;
  const scopes: GrantScope[] = matching.map((g) => ({
    rowFilter: grantRowFilter(g.rows, principal),
    fields: grantFields(g),
  }));
  const live = scopes.filter((s) => !isMatchNothing(s.rowFilter));
  let rowFilter: Filter;
  if (live.length === 0) rowFilter = MATCH_NOTHING;
  else if (live.some((s) => Object.keys(s.rowFilter).length === 0)) rowFilter = {};
  else {
    const distinct = [...new Map(live.map((s) => [JSON.stringify(s.rowFilter), s.rowFilter])).values()];
    rowFilter = distinct.length === 1 ? (distinct[0] as Filter) : { $or: distinct };
  }
  return { allowed: true, rowFilter, fields: unionFields(live.map((s) => s.fields)), scopes: live };
}
