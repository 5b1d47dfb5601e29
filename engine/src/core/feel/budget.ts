// An evaluation budget for FEEL (pure). feelin interprets an expression synchronously on the
// server's one thread, and some expressions are unbounded: `count(for i in 1..3000000 return i)`
// took a second and 1.4 GB, a nested loop blocked the server for 84 s and then crashed it, and
// feelin never ends a `for` over a range with a non-integer bound. So:
//
// - at publish, `feelBudgetProblem` refuses what can be seen in the text: a range with literal
//   bounds larger than the budget, literal ranges nested into a product larger than it, and the
//   names the run-time guard reserves;
// - at run time, an expression that iterates (for, some, every, filters) or defines functions is
//   evaluated in an instrumented form: `instrument` rewrites the source so that feelin calls back
//   into a per-evaluation meter — each iteration domain before it is built (`for i in 1..N` never
//   materialises N numbers over budget), each result of a `for`, each call of a FEEL function —
//   and the meter throws FeelBudgetError when the steps, the time or the size of a value run over.
//   It also gets FEEL's regex functions on a linear-time engine (regex-functions.ts). Expressions
//   without iteration, functions or regexes (the common case) are evaluated as they are.
//
// Steps, not time, are the primary measure, so that an expression succeeds or fails alike on every
// replica; the time limit is a safety net. One step is one iteration or call; each costs more the
// larger the context, because feelin copies the context into every iteration's scope.
import { parseExpression, parseUnaryTests } from 'feelin';
import { FeelBudgetError, type BudgetProblem } from './feel-error.ts';
import { REGEX_FUNCTIONS, regexFunctions } from './regex-functions.ts';

export interface FeelBudget {
  /** Iterations and function calls per evaluation (weighted by the context's size). */
  maxSteps: number;
  /** Wall-clock time per evaluation, checked at every step (ms). */
  maxMillis: number;
  /** Longest string and list a step may produce. */
  maxValueLength: number;
}

export const DEFAULT_FEEL_BUDGET: FeelBudget = {
  // feelin needs ≈4-5 µs per iteration with an empty context, more with a large one or a heavy
  // loop body: 20 000 steps are ≈0.1 s, and a thousand times what a claim's lines need.
  maxSteps: 20_000,
  maxMillis: 1_000,
  maxValueLength: 1_000_000,
};

/** The names the instrumented form calls; an expression may not use them itself. */
const RESERVED = '__feel_';
const RANGE = `${RESERVED}range`;
const EACH = `${RESERVED}each`;
const ITEM = `${RESERVED}item`;
const CALL = `${RESERVED}call`;

type Kind = 'expression' | 'unaryTests';

const overSteps = (limit: number): BudgetProblem => ({
  en: `the expression needs more than ${limit} evaluation steps (loops, ranges or function calls), the most one evaluation may take`,
  zh: `表达式需要超过 ${limit} 个计算步骤（循环、区间或函数调用），超出单次计算的上限`,
});

// ---- analysis of the parse tree -----------------------------------------------------------------

interface Node {
  name: string;
  from: number;
  to: number;
  children: Node[];
}

const ITERATING = new Set([
  'ForExpression',
  'QuantifiedExpression',
  'FilterExpression',
  'FunctionDefinition',
]);
const REGEX = new Set<string>(REGEX_FUNCTIONS);

/** Whether evaluating the tree needs the meter: it iterates, defines functions or uses a regex. */
function needsMeter(tree: Node, source: string): boolean {
  return someNode(
    tree,
    (n) =>
      ITERATING.has(n.name) ||
      (n.name === 'FunctionInvocation' &&
        n.children[0]?.name === 'VariableName' &&
        REGEX.has(source.slice(n.children[0].from, n.children[0].to).trim())),
  );
}

function treeOf(source: string, kind: Kind): Node | null {
  let tree;
  try {
    tree =
      kind === 'expression' ? parseExpression(source, {}, undefined) : parseUnaryTests(source, {}, undefined);
  } catch {
    return null;
  }
  const root: Node = { name: '', from: 0, to: source.length, children: [] };
  const stack = [root];
  tree.iterate({
    enter(ref) {
      const node: Node = { name: ref.name, from: ref.from, to: ref.to, children: [] };
      stack[stack.length - 1]!.children.push(node);
      stack.push(node);
    },
    leave() {
      stack.pop();
    },
  });
  return root;
}

function someNode(node: Node, test: (n: Node) => boolean): boolean {
  return test(node) || node.children.some((c) => someNode(c, test));
}

/** The literal integer a node holds (`3`, `-3`), or null. */
function literalNumber(node: Node | undefined, source: string): number | null {
  if (!node) return null;
  const text = source.slice(node.from, node.to).trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/**
 * The most iterations the expression's literal ranges certainly give, nested ones multiplied
 * (`for i in 1..1000 return for j in 1..1000 return …` is 1 000 000); ranges over data count 1.
 */
function literalIterations(node: Node, source: string): number {
  let own = 1;
  if (node.name === 'IterationContext' && node.children.length === 3) {
    const from = literalNumber(node.children[0], source);
    const to = literalNumber(node.children[2], source);
    if (from !== null && to !== null) own = Math.abs(to - from) + 1;
  }
  if (node.name === 'InExpressions') {
    // `for i in A, j in B`: the cartesian product.
    return node.children.reduce((n, c) => n * literalIterations(c, source), 1);
  }
  if (node.name === 'ForExpression' || node.name === 'QuantifiedExpression') {
    const domains = node.children.find((c) => c.name === 'InExpressions');
    const body = node.children[node.children.length - 1];
    const outer = domains ? literalIterations(domains, source) : 1;
    return outer * (body && body !== domains ? literalIterations(body, source) : 1);
  }
  const inner = node.children.reduce((n, c) => Math.max(n, literalIterations(c, source)), 1);
  return own * inner;
}

/** What can be told from the text alone: an expression certainly over budget, or using reserved names. */
export function feelBudgetProblem(
  expression: string,
  kind: Kind = 'expression',
  budget: FeelBudget = DEFAULT_FEEL_BUDGET,
): BudgetProblem | null {
  const source = expression.startsWith('=') ? expression.slice(1) : expression;
  if (source.includes(RESERVED))
    return {
      en: `names starting with "${RESERVED}" are reserved`,
      zh: `以“${RESERVED}”开头的名称为系统保留`,
    };
  const tree = treeOf(source, kind);
  if (!tree || !someNode(tree, (n) => ITERATING.has(n.name))) return null;
  const iterations = literalIterations(tree, source);
  return iterations > budget.maxSteps ? overSteps(budget.maxSteps) : null;
}

// ---- the instrumented form ----------------------------------------------------------------------

interface Edit {
  at: number;
  /** Text inserted (or replacing [at, end)). */
  text: string;
  end?: number;
  /** Order among edits at one position: closings of deeper nodes first, then openings outside-in. */
  order: number;
}

/**
 * The source rewritten to call the meter, or null when it needs none (no iteration, no
 * functions, no regular expressions). Ranges `A..B` of iteration contexts become `__feel_range(A, B)`, other iteration
 * domains `__feel_each(X)`, a `for`'s result `__feel_item(R)`, a function's body `__feel_call(B)`.
 */
export function instrument(source: string, kind: Kind = 'expression'): string | null {
  const tree = treeOf(source, kind);
  if (!tree || !needsMeter(tree, source)) return null;
  const edits: Edit[] = [];
  const wrap = (node: Node, fn: string, depth: number): void => {
    edits.push({ at: node.from, text: `${fn}(`, order: 1_000 + depth });
    edits.push({ at: node.to, text: ')', order: -depth });
  };
  const visit = (node: Node, depth: number): void => {
    if (node.name === 'IterationContext') {
      const [a, dots, b] = node.children;
      if (a && dots?.name === '..' && b) {
        edits.push({ at: node.from, text: `${RANGE}(`, order: 1_000 + depth });
        edits.push({ at: dots.from, end: dots.to, text: ', ', order: 0 });
        edits.push({ at: node.to, text: ')', order: -depth });
      } else wrap(node, EACH, depth);
    } else if (node.name === 'ForExpression') {
      const result = node.children[node.children.length - 1];
      if (result && result.name !== 'return') wrap(result, ITEM, depth + 1);
    } else if (node.name === 'FilterExpression') {
      const target = node.children[0];
      if (target) wrap(target, EACH, depth + 1);
    } else if (node.name === 'FunctionBody') wrap(node, CALL, depth);
    for (const c of node.children) visit(c, depth + 2);
  };
  visit(tree, 0);
  edits.sort((x, y) => x.at - y.at || x.order - y.order);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += source.slice(pos, e.at) + e.text;
    pos = e.end ?? e.at;
  }
  return out + source.slice(pos);
}

// ---- the meter ------------------------------------------------------------------------------------

type Fn = ((...args: never[]) => unknown) & { $args: string[] };
const fn = <F extends (...args: never[]) => unknown>(f: F, args: string[]): F & Fn =>
  Object.assign(f, { $args: args });

/** Steps shared by several evaluations (all the computed fields of one record, say). */
export interface SharedSteps {
  steps: number;
  maxSteps: number;
}

/**
 * The functions an instrumented expression calls, metering one evaluation. `contextSize` (the
 * number of variables) weighs each step; `now` reads a monotonic clock (ms); `shared`, when
 * given, is charged too.
 */
export function meter(
  expression: string,
  contextSize: number,
  budget: FeelBudget,
  now: () => number,
  shared: SharedSteps | null = null,
): Record<string, Fn> {
  // feelin copies the context into each iteration's scope: 50 variables made a loop ≈2.3× slower
  // than an empty context (100 000 iterations: 1.06 s against 0.46 s, measured here).
  const weight = 1 + Math.floor(contextSize / 32);
  const deadline = now() + budget.maxMillis;
  let steps = 0;
  const charge = (n: number): void => {
    steps += n * weight;
    if (steps > budget.maxSteps) throw new FeelBudgetError(expression, overSteps(budget.maxSteps));
    if (shared && (shared.steps += n * weight) > shared.maxSteps)
      throw new FeelBudgetError(expression, overSteps(shared.maxSteps));
    if (now() > deadline)
      throw new FeelBudgetError(expression, {
        en: `the expression ran longer than ${budget.maxMillis} ms, the most one evaluation may take`,
        zh: `表达式运行超过 ${budget.maxMillis} 毫秒，超出单次计算的时间上限`,
      });
  };
  const sized = <T>(value: T): T => {
    const length = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
    if (length > budget.maxValueLength)
      throw new FeelBudgetError(expression, {
        en: `the expression builds a value of more than ${budget.maxValueLength} characters or items`,
        zh: `表达式生成的值超过 ${budget.maxValueLength} 个字符或元素`,
      });
    return value;
  };
  return {
    // The regex functions on a linear-time engine (regex-functions.ts).
    ...regexFunctions,
    [RANGE]: fn(
      (from: unknown, to: unknown): unknown => {
        // Integer ranges (FEEL iterates those), built here: feelin loops forever on 1.5..3.
        if (typeof from === 'number' && typeof to === 'number') {
          if (!Number.isInteger(from) || !Number.isInteger(to)) return null;
          const count = Math.abs(to - from) + 1;
          charge(count);
          const step = to >= from ? 1 : -1;
          return Array.from({ length: count }, (_, i) => from + i * step);
        }
        // One-character strings ("a".."z"), as feelin iterates them.
        if (typeof from === 'string' && typeof to === 'string' && from.length === 1 && to.length === 1) {
          const a = from.charCodeAt(0);
          const b = to.charCodeAt(0);
          charge(Math.abs(b - a) + 1);
          const step = b >= a ? 1 : -1;
          return Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => String.fromCharCode(a + i * step));
        }
        return null;
      },
      ['from', 'to'],
    ),
    [EACH]: fn(
      (domain: unknown): unknown => {
        if (Array.isArray(domain)) charge(domain.length);
        return domain;
      },
      ['domain'],
    ),
    [ITEM]: fn(
      (value: unknown): unknown => {
        charge(0);
        return sized(value);
      },
      ['value'],
    ),
    [CALL]: fn(
      (value: unknown): unknown => {
        charge(1);
        return sized(value);
      },
      ['value'],
    ),
  };
}
