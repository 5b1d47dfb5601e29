// Form patterns (JSON Schema `pattern`) on a linear-time engine: re2js, a pure-JS port of RE2.
// JavaScript's own RegExp backtracks, so an analyst's `^(a+)+$` takes seconds on 30 characters
// and blocks the server for everyone; RE2 matches in time linear in the input whatever the
// pattern. RE2 has no backreferences and no lookahead — the constructs that need backtracking —
// so a pattern using them is refused when the form is published (`patternProblem`).
//
// Browser-safe: the designer's rjsf validator uses the same engine (ajv's `code.regExp` option),
// so a value matches a pattern in the browser exactly when it does on the server.
import { RE2JS } from 're2js';

export interface RegExpLike {
  test(input: string): boolean;
  toString(): string;
}

const cache = new Map<string, RE2JS>();

function compile(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (!re) {
    // ECMAScript syntax (what JSON Schema patterns are) into RE2's: named groups, `\/`, \u{…}.
    re = RE2JS.compile(RE2JS.translateRegExp(pattern));
    if (cache.size > 2000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/**
 * ajv's `code.regExp` engine: (pattern, flags) → an object with `test`. JSON Schema patterns are
 * unanchored searches, which `test` is. ajv passes the "u" flag; RE2 is always Unicode-aware.
 */
export const linearRegExp = Object.assign(
  (pattern: string, _flags?: string): RegExpLike => {
    const re = compile(pattern);
    // ajv keys its compiled patterns by toString(): each pattern needs its own.
    return { test: (input: string) => re.test(input), toString: () => `/${pattern}/re2` };
  },
  // ajv's standalone code would call it by this name (forms never use standalone code).
  { code: 'linearRegExp' },
);

/** Why the linear-time engine cannot run `pattern` (null when it can). */
export function patternProblem(pattern: string): { en: string; zh: string } | null {
  try {
    compile(pattern);
    return null;
  } catch (e) {
    const why = (e as Error).message;
    return {
      en: `The pattern cannot run on the safe (linear-time) regular-expression engine: ${why}. Backreferences (\\1) and lookaround ((?=…), (?!…), (?<=…)) are not supported`,
      zh: `该正则表达式无法在安全（线性时间）的正则引擎上运行：${why}。不支持反向引用（\\1）和前后断言（(?=…)、(?!…)、(?<=…)）`,
    };
  }
}
