// A user's record query → a DocumentStore filter and sort (pure). Paths are record paths:
// `data.<field path>` for form fields, or an envelope field (status, owner, createdAt, …).
// - Decimal fields (money, percentage) are stored as strings; ranges and sorts use their numeric
//   shadow `num.<path>` so that "900.00" < "1234.50".
// - Sensitive fields are encrypted; only equality (`eq`, `in`) works on them, through the blind
//   index `blind.<path>` (one HMAC per key in the keyring, so rotation never hides a record).
// - Paths the principal reads hidden or masked cannot be filtered or sorted on: that would let
//   them probe the values.
import type { ErrorDetail } from '../errors.ts';
import { recordErrors } from './record-errors.ts';
import type { Filter, Sort } from '#engine/ports/document-store.ts';
import { isDecimalString } from './decimal.ts';
import type { FieldIndex, FieldInfo } from './field-index.ts';
import { DECIMAL_FORMATS } from './formats.ts';
import { normalizeForFormat } from './prepare.ts';
import { RECORD_META_PATHS } from './record-paths.ts';
import { queryTokens } from './search-tokens.ts';
import { joinPointer } from './schema-walk.ts';

export type Condition = {
  eq?: unknown;
  ne?: unknown;
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
  in?: unknown[];
  nin?: unknown[];
  exists?: boolean;
  contains?: string;
};

export interface RecordQuery {
  /** Record path → a value (equality) or a condition object. */
  where?: Record<string, unknown>;
  /** Full-text search on the title. */
  q?: string;
  sort?: ReadonlyArray<{ field: string; direction?: 'asc' | 'desc' }>;
  /** Page size (default 50, at most 1000). */
  limit?: number;
  /** `nextCursor` of the previous page (same where, q and sort). */
  cursor?: string;
  /** Soft-deleted records: left out (default), only them, or both. */
  deleted?: 'exclude' | 'only' | 'include';
}

export interface QueryContext {
  fields: FieldIndex;
  defaultSort?: { field: string; direction?: 'asc' | 'desc' };
  /** Record paths the principal reads hidden or masked. */
  secret: readonly string[];
  /** The blind-index values of a sensitive field's value, one per key. */
  blindIndexes(fieldPath: string, value: unknown): string[];
}

export interface QueryPlan {
  /** Conditions to AND together (kept apart so the caller can merge its row filter). */
  conditions: Filter[];
  sort: Sort;
  limit: number;
  after?: string;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;
const OPERATORS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'exists', 'contains']);

function invalid(details: ErrorDetail[]): never {
  throw recordErrors.queryInvalid(details);
}

function detail(path: string, en: string, zh: string): ErrorDetail {
  return { path, message: en, messageZh: zh };
}

export function planQuery(query: RecordQuery, ctx: QueryContext): QueryPlan {
  const problems: ErrorDetail[] = [];
  const conditions: Filter[] = [];
  const deleted = query.deleted ?? 'exclude';
  if (deleted === 'exclude') conditions.push({ deleted: false });
  else if (deleted === 'only') conditions.push({ deleted: true });
  // Longest tokens first: the first one is what an equality index looks up, and long tokens are
  // rarer than short prefixes.
  const tokens = queryTokens(query.q ?? '').sort((a, b) => [...b].length - [...a].length);
  for (const token of tokens) conditions.push({ search: token });
  for (const [path, raw] of Object.entries(query.where ?? {})) {
    const at = joinPointer('/where', path);
    try {
      conditions.push(...conditionFor(path, raw, ctx, at));
    } catch (e) {
      if (e instanceof QueryProblem) problems.push(e.detail);
      else throw e;
    }
  }
  const sort: Array<readonly [string, 1 | -1]> = [];
  const sortSpec = query.sort?.length
    ? query.sort
    : [ctx.defaultSort ?? { field: 'createdAt', direction: 'desc' }];
  sortSpec.forEach((s, i) => {
    try {
      sort.push([sortPath(s.field, ctx, `/sort/${i}/field`), s.direction === 'desc' ? -1 : 1]);
    } catch (e) {
      if (e instanceof QueryProblem) problems.push(e.detail);
      else throw e;
    }
  });
  const limit = query.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    problems.push(detail('/limit', `limit must be 1 to ${MAX_PAGE}`, `limit 须在 1 到 ${MAX_PAGE} 之间`));
  if (problems.length) invalid(problems);
  return { conditions, sort, limit, ...(query.cursor ? { after: query.cursor } : {}) };
}

/** ANDs filters, keeping single equality keys at the top level (where store indexes see them). */
export function combineFilters(filters: readonly Filter[]): Filter {
  const top: Filter = {};
  const rest: Filter[] = [];
  for (const f of filters) {
    for (const [key, value] of Object.entries(f)) {
      if (key.startsWith('$') || key in top) rest.push({ [key]: value });
      else top[key] = value;
    }
  }
  if (rest.length) top.$and = rest;
  return top;
}

class QueryProblem extends Error {
  constructor(readonly detail: ErrorDetail) {
    super(detail.message);
  }
}

function fail(at: string, en: string, zh: string): never {
  throw new QueryProblem(detail(at, en, zh));
}

function isSecret(path: string, ctx: QueryContext): boolean {
  return ctx.secret.some((s) => path === s || path.startsWith(`${s}.`) || s.startsWith(`${path}.`));
}

function fieldOf(path: string, ctx: QueryContext, at: string): FieldInfo | null {
  if (isSecret(path, ctx)) fail(at, `You may not filter or sort on "${path}"`, `您无权按“${path}”筛选或排序`);
  if (RECORD_META_PATHS.has(path)) return null;
  const field = path.startsWith('data.') ? ctx.fields.get(path.slice(5)) : undefined;
  if (!field) fail(at, `"${path}" is not a field of this form`, `“${path}”不是此表单的字段`);
  return field;
}

function sortPath(path: string, ctx: QueryContext, at: string): string {
  const field = fieldOf(path, ctx, at);
  if (!field) return path;
  if (field.inArray || field.container || field.sensitive)
    fail(at, `"${path}" cannot be sorted on`, `不能按“${path}”排序`);
  return isDecimal(field) ? `num.${field.path}` : path;
}

function isDecimal(field: FieldInfo): boolean {
  const format = field.types.includes('array') ? field.itemFormat : field.format;
  return format !== undefined && DECIMAL_FORMATS.has(format);
}

function conditionFor(path: string, raw: unknown, ctx: QueryContext, at: string): Filter[] {
  const field = fieldOf(path, ctx, at);
  const cond: Condition =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Condition) : { eq: raw };
  const ops = Object.keys(cond);
  if (ops.length === 0) fail(at, 'An empty condition', '条件为空');
  for (const op of ops)
    if (!OPERATORS.has(op))
      fail(
        joinPointer(at, op),
        `Unknown operator "${op}" (use ${[...OPERATORS].join(', ')})`,
        `未知运算符“${op}”`,
      );
  if (field?.sensitive) return sensitiveCondition(field, cond, ctx, at);
  const storePath = field && isDecimal(field) ? `num.${field.path}` : path;
  const out: Filter[] = [];
  for (const [op, value] of Object.entries(cond)) {
    const opAt = joinPointer(at, op);
    switch (op) {
      case 'exists':
        if (typeof value !== 'boolean')
          fail(opAt, 'exists takes true or false', 'exists 只接受 true 或 false');
        out.push({ [path]: { $exists: value } });
        break;
      case 'contains':
        if (typeof value !== 'string' || value === '')
          fail(opAt, 'contains takes a text', 'contains 需要文本');
        if (field && !field.types.includes('string') && !field.itemTypes.includes('string'))
          fail(opAt, 'contains works on text fields', 'contains 只适用于文本字段');
        out.push({ [path]: { $regex: escapeRegex(value), $options: 'i' } });
        break;
      case 'in':
      case 'nin':
        if (!Array.isArray(value) || value.length === 0 || value.length > 500)
          fail(opAt, `${op} takes a list of 1 to 500 values`, `${op} 需要 1 到 500 个值的列表`);
        out.push({
          [storePath]: { [`$${op}`]: value.map((v, i) => coerce(field, v, joinPointer(opAt, i))) },
        });
        break;
      default:
        out.push({ [storePath]: { [`$${op}`]: coerce(field, value, opAt) } });
    }
  }
  return out;
}

function sensitiveCondition(field: FieldInfo, cond: Condition, ctx: QueryContext, at: string): Filter[] {
  const out: Filter[] = [];
  for (const [op, value] of Object.entries(cond)) {
    const values = op === 'eq' ? [value] : op === 'in' && Array.isArray(value) ? value : null;
    if (!values || values.length === 0 || values.length > 100)
      fail(
        joinPointer(at, op),
        `"data.${field.path}" is encrypted: only eq and in (up to 100 values) work on it`,
        `“data.${field.path}”已加密：只能使用 eq 和 in（最多 100 个值）`,
      );
    const hashes = values.flatMap((v) => ctx.blindIndexes(field.path, normalizeForFormat(field.format, v)));
    out.push({ [`blind.${field.path}`]: { $in: hashes } });
  }
  return out;
}

/** A query value in the type the field stores (query strings arrive as text). */
function coerce(field: FieldInfo | null, value: unknown, at: string): unknown {
  if (value === null) return null;
  if (!field) return at.startsWith('/where/formVersion') && typeof value === 'string' ? Number(value) : value;
  if (isDecimal(field)) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (isDecimalString(value)) return Number(value);
    fail(
      at,
      `"data.${field.path}" takes a decimal number like 1234.50`,
      `“data.${field.path}”需要十进制数，如 1234.50`,
    );
  }
  const types = field.types.includes('array') ? field.itemTypes : field.types;
  if (types.includes('integer') || types.includes('number')) {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
    fail(at, `"data.${field.path}" takes a number`, `“data.${field.path}”需要数字`);
  }
  if (types.includes('boolean')) {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    fail(at, `"data.${field.path}" takes true or false`, `“data.${field.path}”需要 true 或 false`);
  }
  if (types.includes('string')) {
    if (typeof value === 'string') return normalizeForFormat(field.format ?? field.itemFormat, value);
    if (typeof value === 'number') return String(value);
    fail(at, `"data.${field.path}" takes a text`, `“data.${field.path}”需要文本`);
  }
  return value;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
