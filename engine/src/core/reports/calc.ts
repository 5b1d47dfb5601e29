// Calculated measures (pure): decimal arithmetic over earlier measures — names, decimal literals,
// + - * / and parentheses — evaluated with big.js so that "budget - actual" is exact. A missing
// operand or a division by zero gives null.
import Big from 'big.js';

type Node =
  | { kind: 'num'; value: Big }
  | { kind: 'name'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

export class CalcSyntaxError extends Error {}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new CalcSyntaxError(`unexpected "${text.slice(at).trim()[0]}" at ${at + 1}`);
    out.push((m[1] ?? m[2] ?? m[3])!);
    at = TOKEN.lastIndex;
  }
  return out;
}

export function parseCalc(text: string): Node {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const expr = (): Node => {
    let left = term();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++] as '+' | '-';
      left = { kind: 'bin', op, left, right: term() };
    }
    return left;
  };
  const term = (): Node => {
    let left = factor();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[i++] as '*' | '/';
      left = { kind: 'bin', op, left, right: factor() };
    }
    return left;
  };
  const factor = (): Node => {
    const t = tokens[i++];
    if (t === undefined) throw new CalcSyntaxError('the expression ends too early');
    if (t === '-') return { kind: 'neg', arg: factor() };
    if (t === '(') {
      const inner = expr();
      if (tokens[i++] !== ')') throw new CalcSyntaxError('a ")" is missing');
      return inner;
    }
    if (/^\d/.test(t)) return { kind: 'num', value: new Big(t) };
    if (/^[A-Za-z_]/.test(t)) return { kind: 'name', name: t };
    throw new CalcSyntaxError(`unexpected "${t}"`);
  };
  const node = expr();
  if (i < tokens.length) throw new CalcSyntaxError(`unexpected "${tokens[i]}"`);
  return node;
}

/** Names an expression reads. */
export function calcNames(node: Node, out: Set<string> = new Set()): Set<string> {
  if (node.kind === 'name') out.add(node.name);
  else if (node.kind === 'neg') calcNames(node.arg, out);
  else if (node.kind === 'bin') {
    calcNames(node.left, out);
    calcNames(node.right, out);
  }
  return out;
}

export function evaluateCalc(node: Node, values: (name: string) => Big | null): Big | null {
  switch (node.kind) {
    case 'num':
      return node.value;
    case 'name':
      return values(node.name);
    case 'neg': {
      const v = evaluateCalc(node.arg, values);
      return v ? v.neg() : null;
    }
    case 'bin': {
      const l = evaluateCalc(node.left, values);
      const r = evaluateCalc(node.right, values);
      if (!l || !r) return null;
      if (node.op === '+') return l.plus(r);
      if (node.op === '-') return l.minus(r);
      if (node.op === '*') return l.times(r);
      return r.eq(0) ? null : l.div(r);
    }
  }
}

export type CalcNode = Node;
