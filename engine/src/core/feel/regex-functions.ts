// FEEL's regular-expression functions — matches(), replace(), split() — on the linear-time engine
// of form patterns (re2js), in place of feelin's, which run an analyst's pattern on JavaScript's
// backtracking RegExp: `matches(name, "^(a+)+$")` would stall the server on a crafted value.
// Same results as feelin's for what both engines accept (flags i, s, m; `$0` in a replacement is
// the whole match); a pattern RE2 cannot run (a backreference, a lookahead) gives null, as an
// invalid pattern does in FEEL.
import { RE2JS } from 're2js';

type Fn = ((...args: never[]) => unknown) & { $args: string[] };

const cache = new Map<string, RE2JS | null>();

function compile(pattern: unknown, flags: unknown): RE2JS | null {
  if (typeof pattern !== 'string' || (flags !== undefined && flags !== null && typeof flags !== 'string'))
    return null;
  const key = `${String(flags ?? '')}/${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    let bits = 0;
    for (const f of String(flags ?? '')) {
      if (f === 'i') bits |= RE2JS.CASE_INSENSITIVE;
      else if (f === 's') bits |= RE2JS.DOTALL;
      else if (f === 'm') bits |= RE2JS.MULTILINE;
      else bits = -1;
    }
    try {
      re = bits < 0 ? null : RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
    } catch {
      re = null;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

const fn = (f: (...args: never[]) => unknown, args: string[]): Fn => Object.assign(f, { $args: args });

export const REGEX_FUNCTIONS = ['matches', 'replace', 'split'] as const;

export const regexFunctions: Record<(typeof REGEX_FUNCTIONS)[number], Fn> = {
  matches: fn(
    (input: unknown, pattern: unknown, flags?: unknown) => {
      const re = typeof input === 'string' ? compile(pattern, flags) : null;
      return re ? re.test(input as string) : null;
    },
    ['input', 'pattern', 'flags'],
  ),
  replace: fn(
    (input: unknown, pattern: unknown, replacement: unknown, flags?: unknown) => {
      const re =
        typeof input === 'string' && typeof replacement === 'string' ? compile(pattern, flags) : null;
      return re
        ? re.matcher(input as string).replaceAll((replacement as string).replace(/\$0/g, '$$&'))
        : null;
    },
    ['input', 'pattern', 'replacement', 'flags'],
  ),
  split: fn(
    (string: unknown, delimiter: unknown) => {
      const re = typeof string === 'string' ? compile(delimiter, '') : null;
      return re ? re.split(string as string, -1) : null;
    },
    ['string', 'delimiter'],
  ),
};
