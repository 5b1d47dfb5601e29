// Camunda's search requests: `{ filter, page: { limit, after }, sort }`. A filter property is a
// value or an advanced filter; Forma answers equality (`value`, `{ "$eq": value }`) and
// `{ "$in": [...] }` on the properties each search lists, and refuses anything else with a 400
// naming the property — a filter silently ignored would return the wrong items. Results come in
// their store order (creation), so `sort` is accepted and not applied (documented in the README).
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import type { JsonSchema } from '#engine/http/schemas.ts';
import { cursorOf } from './shapes.ts';

export interface SearchBody {
  filter?: Record<string, unknown>;
  page?: { limit?: number; after?: string; from?: number };
  sort?: unknown[];
}

export const searchBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filter: { type: 'object', additionalProperties: true, maxProperties: 50 },
    page: {
      type: 'object',
      additionalProperties: false,
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 500 },
        after: { type: 'string', maxLength: 4096, pattern: '^[A-Za-z0-9+/]*={0,2}$' },
        from: {
          type: 'integer',
          minimum: 0,
          maximum: 0,
          description: 'Offsets are not served: page with `after`',
        },
      },
    },
    sort: { type: 'array', maxItems: 10, items: { type: 'object' } },
  },
};

export type Match = string | number | boolean | Array<string | number>;

/**
 * The filter's properties as values to match, keyed by name. Throws 400 on a property outside
 * `known`, or an operator other than $eq / $in.
 */
export function readFilter(
  filter: Record<string, unknown> | undefined,
  known: readonly string[],
): Map<string, Match> {
  const out = new Map<string, Match>();
  for (const [name, given] of Object.entries(filter ?? {})) {
    const path = `/filter/${name}`;
    if (!known.includes(name))
      throw camundaErrors.requestInvalid(
        path,
        `is not a filter Forma answers (it answers ${known.join(', ')})`,
        `不是 Forma 支持的筛选条件（支持：${known.join('、')}）`,
      );
    if (given === null || given === undefined) continue;
    if (typeof given !== 'object') {
      out.set(name, given as Match);
      continue;
    }
    const ops = Object.keys(given);
    const g = given as Record<string, unknown>;
    if (ops.length === 1 && ops[0] === '$eq' && g.$eq !== null && typeof g.$eq !== 'object')
      out.set(name, g.$eq as Match);
    else if (ops.length === 1 && ops[0] === '$in' && Array.isArray(g.$in))
      out.set(name, g.$in as Array<string | number>);
    else
      throw camundaErrors.requestInvalid(
        path,
        'uses an operator Forma does not answer (only a value, $eq or $in)',
        '使用了 Forma 不支持的运算符（仅支持值、$eq 或 $in）',
      );
  }
  return out;
}

/** A store filter value for a match: the value, or `$in` for a list. */
export const storeMatch = (m: Match): unknown => (Array.isArray(m) ? { $in: m } : m);

export function pageOf(body: SearchBody): { limit: number; after?: string } {
  const after = cursorOf(body.page?.after);
  return { limit: body.page?.limit ?? 100, ...(after ? { after } : {}) };
}
