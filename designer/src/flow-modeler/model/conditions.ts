// The condition of a gateway's outgoing flow, built from rows "field, operator, value" joined by
// "all of" (and) or "any of" (or), ⇄ the FEEL expression the engine evaluates (pure):
//   [{ amount > 5000 }]                              → =amount > 5000
//   [{ category = travel }, { urgent is true }]      → =category = "travel" and urgent = true
//   [{ approval.outcome = rejected }]                → =approval.outcome = "rejected"
// Record fields arrive as flow variables with decimals as numbers (flow-binding.schema.json), so
// amounts compare as numbers. A FEEL text the builder did not write is kept as it is (raw).

export const CLAUSE_OPS = ['=', '!=', '>', '>=', '<', '<=', 'filled', 'empty', 'true', 'false'] as const;
export type ClauseOp = (typeof CLAUSE_OPS)[number];

export type ValueType = 'number' | 'string' | 'boolean' | 'date';

export interface Clause {
  /** A variable path, e.g. amount, trip.city, approval.outcome. */
  field: string;
  op: ClauseOp;
  value?: string;
}

export interface ConditionModel {
  join: 'and' | 'or';
  clauses: Clause[];
}

export function opsForType(type: ValueType): ClauseOp[] {
  switch (type) {
    case 'number':
    case 'date':
      return ['=', '!=', '>', '>=', '<', '<=', 'filled', 'empty'];
    case 'boolean':
      return ['true', 'false'];
    default:
      return ['=', '!=', 'filled', 'empty'];
  }
}

export const takesValue = (op: ClauseOp): boolean => !['filled', 'empty', 'true', 'false'].includes(op);

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function literal(value: string, type: ValueType): string {
  switch (type) {
    case 'number':
      return NUMBER.test(value.trim()) ? value.trim() : JSON.stringify(value);
    case 'date':
      return `date(${JSON.stringify(value.trim())})`;
    case 'boolean':
      return value === 'true' ? 'true' : 'false';
    default:
      return JSON.stringify(value);
  }
}

function clauseFeel(c: Clause, type: ValueType): string {
  const left = type === 'date' ? `date(${c.field})` : c.field;
  switch (c.op) {
    case 'filled':
      return `${c.field} != null`;
    case 'empty':
      return `${c.field} = null`;
    case 'true':
      return `${c.field} = true`;
    case 'false':
      return `${c.field} = false`;
    default:
      return `${left} ${c.op} ${literal(c.value ?? '', type)}`;
  }
}

/** The FEEL expression (with the leading `=`) of a condition; empty clauses are left out. */
export function toFeel(model: ConditionModel, typeOf: (field: string) => ValueType): string {
  const parts = model.clauses
    .filter((c) => PATH.test(c.field) && (!takesValue(c.op) || (c.value ?? '').trim() !== ''))
    .map((c) => clauseFeel(c, typeOf(c.field)));
  if (parts.length === 0) return '';
  const joined = parts.join(` ${model.join} `);
  return `=${joined}`;
}

/** Splits at top-level ` and ` / ` or ` (outside strings and brackets). */
function split(text: string): { parts: string[]; joins: Set<string> } {
  const parts: string[] = [];
  const joins = new Set<string>();
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && ch === ' ') {
      const rest = text.slice(i);
      const m = /^ (and|or) /.exec(rest);
      if (m) {
        parts.push(text.slice(start, i));
        joins.add(m[1]!);
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return { parts: parts.map((p) => p.trim()), joins };
}

const CLAUSE = /^(date\(\s*)?([A-Za-z_][A-Za-z0-9_.]*)(\s*\))?\s*(>=|<=|!=|=|>|<)\s*(.+)$/;

function parseValue(
  text: string,
): { value: string; kind: 'number' | 'string' | 'boolean' | 'null' | 'date' } | null {
  const t = text.trim();
  if (NUMBER.test(t)) return { value: t, kind: 'number' };
  if (t === 'true' || t === 'false') return { value: t, kind: 'boolean' };
  if (t === 'null') return { value: '', kind: 'null' };
  if (/^"(?:[^"\\]|\\.)*"$/.test(t)) {
    try {
      return { value: JSON.parse(t) as string, kind: 'string' };
    } catch {
      return null;
    }
  }
  const d = /^date\(\s*("(?:[^"\\]|\\.)*")\s*\)$/.exec(t);
  if (d) return { value: JSON.parse(d[1]!) as string, kind: 'date' };
  return null;
}

/** Reads a FEEL condition back into rows; null when it is not one the builder writes. */
export function fromFeel(expression: string | undefined): ConditionModel | null {
  const text = (expression ?? '').trim().replace(/^=/, '').trim();
  if (!text) return { join: 'and', clauses: [] };
  const { parts, joins } = split(text);
  if (joins.size > 1) return null;
  const clauses: Clause[] = [];
  for (const part of parts) {
    const m = CLAUSE.exec(part);
    if (!m) return null;
    const wrappedDate = !!m[1];
    if (wrappedDate !== !!m[3]) return null;
    const field = m[2]!;
    const op = m[4] as ClauseOp;
    const value = parseValue(m[5]!);
    if (!value || !PATH.test(field)) return null;
    if (value.kind === 'null') {
      if (op === '!=') clauses.push({ field, op: 'filled' });
      else if (op === '=') clauses.push({ field, op: 'empty' });
      else return null;
    } else if (value.kind === 'boolean' && op === '=')
      clauses.push({ field, op: value.value as 'true' | 'false' });
    else if (value.kind === 'boolean') return null;
    else if (wrappedDate !== (value.kind === 'date')) return null;
    else clauses.push({ field, op, value: value.value });
  }
  return { join: joins.has('or') ? 'or' : 'and', clauses };
}
