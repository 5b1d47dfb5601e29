// Camunda 7 expressions (JUEL, `${…}` or `#{…}`) to FEEL (`=…`), for the simple shapes models
// mostly hold: variables and paths, literals, comparison and boolean operators (symbols or the
// JUEL words eq, ne, lt, gt, le, ge, and, or, not), arithmetic and parentheses. Anything else —
// method calls, `empty`, the ternary operator, beans like `execution` — is reported, not guessed.

export type Converted = { ok: true; feel: string } | { ok: false; reason: string };

const WORDS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  and: 'and',
  or: 'or',
};
const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!()]))/y;

/** Whether a value is a JUEL expression at all (a literal stays a literal). */
export const isJuel = (value: string): boolean => /^\s*[$#]\{[\s\S]*\}\s*$/.test(value);

export function juelToFeel(value: string): Converted {
  const body = value
    .trim()
    .replace(/^[$#]\{/, '')
    .replace(/\}$/, '')
    .trim();
  if (!body) return { ok: false, reason: 'the expression is empty' };
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < body.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(body);
    if (!m) {
      if (/^\s+$/.test(body.slice(pos))) break;
      return { ok: false, reason: `"${body.slice(pos, pos + 12)}" has no FEEL equivalent here` };
    }
    pos = TOKEN.lastIndex;
    const [, num, str, ident, op] = m;
    if (num) out.push(num);
    else if (str) out.push(`"${str.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
    else if (ident) {
      if (ident === 'true' || ident === 'false' || ident === 'null') out.push(ident);
      else if (ident === 'not') out.push('not');
      else if (ident === 'empty') return { ok: false, reason: '"empty" has no direct FEEL equivalent' };
      else if (WORDS[ident]) out.push(WORDS[ident]!);
      else if (ident === 'execution' || ident.startsWith('execution.') || ident === 'task')
        return { ok: false, reason: `"${ident}" is a Camunda 7 engine object` };
      else {
        if (/^\s*\(/.test(body.slice(pos))) return { ok: false, reason: `"${ident}(…)" calls a method` };
        out.push(ident);
      }
    } else if (op) {
      if (op === '&&') out.push('and');
      else if (op === '||') out.push('or');
      else if (op === '==') out.push('=');
      else if (op === '!') out.push('not');
      else out.push(op);
    }
  }
  // JUEL's prefix `not x` / `!x` is FEEL's function not(x): wrap the operand that follows.
  const feel = wrapNot(out);
  return feel
    ? { ok: true, feel: `=${feel}` }
    : { ok: false, reason: 'a negation FEEL cannot express simply' };
}

function wrapNot(tokens: string[]): string | null {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'not') {
      out.push(tokens[i]!);
      continue;
    }
    const next = tokens[i + 1];
    if (!next) return null;
    if (next === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        if (tokens[j] === '(') depth++;
        else if (tokens[j] === ')' && --depth === 0) break;
      }
      const inner = wrapNot(tokens.slice(i + 2, j));
      if (inner === null) return null;
      out.push(`not(${inner})`);
      i = j;
    } else {
      out.push(`not(${next})`);
      i++;
    }
  }
  return out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}
