// The permission engine's public surface (pure).
export * from './access.ts';
export { resolveAccess, resourceMatches, grantRowFilter, DENIED, ACTIONS, type Action } from './resolve.ts';
export { fieldsForRow, readView, readOnlyViolations, unqueryablePaths, grantFields } from './fields.ts';
export { rowMatches } from './row-match.ts';
export { maskValue } from './mask.ts';
export { compileRowCondition, rowConditionFilter, RowConditionError } from './feel-rows.ts';
export { permissionProblems } from './validate.ts';
