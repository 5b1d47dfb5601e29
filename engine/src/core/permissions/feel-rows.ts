// FEEL row conditions → store filters (pure). A permission's row rule may be a FEEL condition over
// `row` (the stored document) and `user` (the principal). Rules are enforced by the store, inside
// every query, so only the part of FEEL a store filter can express is accepted:
//   and / or / not(…) / parentheses / true / false,
//   <row path> (= != < <= > >=) <literal | user value>   (either side may be the row path),
//   <row path> in [<literal>, …],
//   <literal | user value> (= != …) <literal | user value>   (decided per user, e.g. a department).
// Literals are strings, numbers, booleans and null (null only with = and !=). User values:
// user.id, user.login, user.department, user.manager, user.locale. Anything else (functions,
// arithmetic, two row paths compared, …) is rejected when the permission is saved, with the reason.
//
// Semantics follow FEEL where a store filter can: `not(row.amount > 5000)` excludes rows without an
// amount (FEEL gives null, not true); `row.status != "open"` includes them. A comparison with a
// user value the user lacks (no department) is false, so it never matches rows lacking it too.
import { parseExpression } from 'feelin';
import type { Filter } from '#engine/ports/document-store.ts';
import { feelSyntaxError } from '../feel/feel.ts';
import type { Principal } from './access.ts';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];
type Literal = string | number | boolean | null;
type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Operand = { row: string } | { user: UserField } | { literal: Literal };

/** A row condition in normal form (negations pushed to the comparisons). */
export type RowCondition =
  | { kind: 'const'; value: boolean }
  | { kind: 'and' | 'or'; items: RowCondition[] }
  | { kind: 'compare'; left: Operand; op: CompareOp; right: Operand }
  | { kind: 'in'; path: string; values: Literal[]; negate: boolean };

export const USER_FIELDS = ['id', 'login', 'department', 'manager', 'locale'] as const;
type UserField = (typeof USER_FIELDS)[number];

export class RowConditionError extends Error {}

const MAX_DEPTH = 32;
const NEGATED: Record<CompareOp, CompareOp> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};
const MIRRORED: Record<CompareOp, CompareOp> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/** Compiles a FEEL condition; throws RowConditionError naming what is not supported. */
export function compileRowCondition(expression: string): RowCondition {
  const syntax = feelSyntaxError(expression);
  if (syntax) throw new RowConditionError(syntax);
  const source = expression.startsWith('=') ? expression.slice(1) : expression;
  const tree = parseExpression(source, {}, undefined);
  const text = (n: SyntaxNode): string => source.slice(n.from, n.to);
  const children = (n: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  };
  const unsupported = (n: SyntaxNode, why: string): never => {
    throw new RowConditionError(`"${text(n)}": ${why}`);
  };

  const operand = (n: SyntaxNode): Operand => {
    switch (n.type.name) {
      case 'StringLiteral':
        try {
          return { literal: JSON.parse(text(n)) as string };
        } catch {
          return unsupported(n, 'unsupported string escape');
        }
      case 'NumericLiteral': {
        const value = Number(text(n).replace(/\s+/g, ''));
        return Number.isFinite(value) ? { literal: value } : unsupported(n, 'not a number');
      }
      case 'BooleanLiteral':
        return { literal: text(n) === 'true' };
      case 'null':
        return { literal: null };
      case 'ParenthesizedExpression': {
        const inner = children(n).filter((c) => c.type.name !== '(' && c.type.name !== ')');
        if (inner.length !== 1) return unsupported(n, 'expected one value in parentheses');
        return operand(inner[0] as SyntaxNode);
      }
      case 'PathExpression': {
        const parts: string[] = [];
        let cur: SyntaxNode | null = n;
        while (cur && cur.type.name === 'PathExpression') {
          const kids = children(cur);
          const name = kids[kids.length - 1];
          if (!name || name.type.name !== 'PathName') return unsupported(n, 'not a plain path');
          parts.unshift(text(name));
          cur = kids[0] ?? null;
        }
        if (!cur || cur.type.name !== 'VariableName') return unsupported(n, 'not a plain path');
        const root = text(cur);
        if (parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)))
          return unsupported(n, 'path segments must be plain names');
        if (root === 'row') return { row: parts.join('.') };
        if (root === 'user') {
          const field = parts.join('.');
          if (!(USER_FIELDS as readonly string[]).includes(field))
            return unsupported(n, `user values are ${USER_FIELDS.map((f) => `user.${f}`).join(', ')}`);
          return { user: field as UserField };
        }
        return unsupported(n, 'only `row.…` and `user.…` can be referenced');
      }
      case 'VariableName':
        return unsupported(n, 'name a field: `row.<field>` or `user.<field>`');
      default:
        return unsupported(n, 'only literals, `row.…` paths and `user.…` values can be compared');
    }
  };

  const literalList = (n: SyntaxNode): Literal[] => {
    let node = n;
    if (node.type.name === 'PositiveUnaryTest') {
      const kids = children(node);
      if (kids.length !== 1) return unsupported(n, 'expected a list of literals');
      node = kids[0] as SyntaxNode;
    }
    const items =
      node.type.name === 'List'
        ? children(node).filter((c) => !['[', ']', ','].includes(c.type.name))
        : [node];
    return items.map((item) => {
      const o = operand(item);
      if (!('literal' in o)) return unsupported(item, 'the list after `in` may hold literals only');
      return o.literal;
    });
  };

  const compile = (n: SyntaxNode, negate: boolean, depth: number): RowCondition => {
    if (depth > MAX_DEPTH) return unsupported(n, 'nested too deeply');
    switch (n.type.name) {
      case 'Expression':
      case 'ParenthesizedExpression': {
        const inner = children(n).filter((c) => c.type.name !== '(' && c.type.name !== ')');
        if (inner.length !== 1) return unsupported(n, 'expected one condition');
        return compile(inner[0] as SyntaxNode, negate, depth + 1);
      }
      case 'Conjunction':
      case 'Disjunction': {
        const parts = children(n).filter((c) => c.type.name !== 'and' && c.type.name !== 'or');
        const isAnd = (n.type.name === 'Conjunction') !== negate; // De Morgan under not()
        return { kind: isAnd ? 'and' : 'or', items: parts.map((p) => compile(p, negate, depth + 1)) };
      }
      case 'BooleanLiteral':
        return { kind: 'const', value: (text(n) === 'true') !== negate };
      case 'FunctionInvocation': {
        const [name, ...rest] = children(n);
        if (!name || text(name) !== 'not')
          return unsupported(n, 'functions other than not() are not supported');
        const params = rest.find((c) => c.type.name === 'PositionalParameters');
        const args = params ? children(params).filter((c) => c.type.name !== ',') : [];
        if (args.length !== 1) return unsupported(n, 'not() takes one condition');
        return compile(args[0] as SyntaxNode, !negate, depth + 1);
      }
      case 'Comparison': {
        const [leftNode, opNode, ...rightNodes] = children(n);
        if (!leftNode || !opNode || rightNodes.length !== 1) return unsupported(n, 'unsupported comparison');
        const rightNode = rightNodes[0] as SyntaxNode;
        if (opNode.type.name === 'in') {
          const left = operand(leftNode);
          if (!('row' in left)) return unsupported(n, '`in` needs a row path on the left');
          return { kind: 'in', path: left.row, values: literalList(rightNode), negate };
        }
        if (opNode.type.name !== 'CompareOp') return unsupported(n, `"${text(opNode)}" is not supported`);
        let op = text(opNode) as CompareOp;
        if (!(op in NEGATED)) return unsupported(n, `operator ${op} is not supported`);
        let left = operand(leftNode);
        let right = operand(rightNode);
        if ('row' in right && !('row' in left)) {
          [left, right] = [right, left];
          op = MIRRORED[op];
        }
        if ('row' in left && 'row' in right) return unsupported(n, 'two row fields cannot be compared');
        if ('literal' in right && right.literal === null && op !== '=' && op !== '!=')
          return unsupported(n, 'null can only be compared with = or !=');
        if ('literal' in right && typeof right.literal === 'boolean' && op !== '=' && op !== '!=')
          return unsupported(n, 'booleans can only be compared with = or !=');
        return { kind: 'compare', left, op: negate ? NEGATED[op] : op, right };
      }
      default:
        return unsupported(n, 'not a condition a store query can express');
    }
  };

  return compile(tree.topNode, false, 0);
}

const NOTHING: Filter = { id: { $in: [] } };
const MONGO_OP: Record<Exclude<CompareOp, '='>, string> = {
  '!=': '$ne',
  '<': '$lt',
  '<=': '$lte',
  '>': '$gt',
  '>=': '$gte',
};

function userValue(principal: Principal, field: UserField): Literal | undefined {
  const value = {
    id: principal.userId,
    login: principal.login,
    department: principal.department,
    manager: principal.manager,
    locale: principal.locale,
  }[field];
  return value === undefined || value === '' ? undefined : value;
}

function compareLiterals(a: Literal, op: CompareOp, b: Literal): boolean {
  if (op === '=') return a === b;
  if (op === '!=') return a !== b;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
  const x = a as number | string;
  const y = b as number | string;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

type Partial = Filter | boolean;

/** The store filter of a compiled condition for one principal. */
export function rowConditionFilter(condition: RowCondition, principal: Principal): Filter {
  const build = (c: RowCondition): Partial => {
    switch (c.kind) {
      case 'const':
        return c.value;
      case 'in': {
        if (c.values.length === 0) return c.negate;
        return { [c.path]: { [c.negate ? '$nin' : '$in']: c.values } };
      }
      case 'compare': {
        const resolve = (o: Operand): Literal | undefined =>
          'literal' in o ? o.literal : 'user' in o ? userValue(principal, o.user) : undefined;
        const right = resolve(c.right);
        if (right === undefined) return false;
        if (!('row' in c.left)) {
          const left = resolve(c.left);
          return left === undefined ? false : compareLiterals(left, c.op, right);
        }
        const path = c.left.row;
        return c.op === '=' ? { [path]: right } : { [path]: { [MONGO_OP[c.op]]: right } };
      }
      case 'and':
      case 'or': {
        const parts: Filter[] = [];
        for (const item of c.items) {
          const p = build(item);
          if (p === (c.kind === 'or')) return p; // true in an or, false in an and decides it
          if (typeof p !== 'boolean') parts.push(p);
        }
        if (parts.length === 0) return c.kind === 'and';
        return parts.length === 1 ? (parts[0] as Filter) : { [`$${c.kind}`]: parts };
      }
    }
  };
  const result = build(condition);
  if (result === true) return {};
  if (result === false) return NOTHING;
  return result;
}

/** The filter that matches no row (a denied decision, or a rule covering nothing). */
export const MATCH_NOTHING: Filter = NOTHING;

export function isMatchNothing(filter: Filter): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== 'id') return false;
  const cond = filter.id as { $in?: unknown };
  return Array.isArray(cond?.$in) && cond.$in.length === 0;
}
