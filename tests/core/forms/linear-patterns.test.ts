// Form patterns run on a linear-time engine (engine/src/core/forms/linear-regexp.ts): the pattern
// that backtracks for seconds in JavaScript's RegExp (`^(a+)+$` on 31 a's and a "!") answers at
// once on the server and in the browser's validator, both agree on what every pattern matches, and
// a pattern the engine cannot run (a backreference, a lookahead) is refused at publish with its path.
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { FormCompiler } from '#engine/core/forms/compiled-form.ts';
import { patternProblem } from '#engine/core/forms/linear-regexp.ts';
import { checkField } from '#designer/form-designer/model/checks.ts';
import { validatorFor } from '#designer/ui/rjsf/validation.ts';
import { at, expenseClaim } from './fixtures.ts';

const withPattern = (pattern: string, version = 1) => {
  const def = expenseClaim({ id: `p${version}` });
  at(def.schema, 'properties', 'title').pattern = pattern;
  return { ...def, version };
};

// A JavaScript RegExp needs about 2^n steps for `^(a+)+$` on n a's and a mismatch; n = 31 took
// 8.4 s on the reported machine. This test would run into vitest's timeout on a backtracking engine.
const EVIL = `${'a'.repeat(31)}!`;

describe('form patterns on a linear-time engine', () => {
  it('rejects a catastrophic-backtracking input at once, on the server and in the browser', () => {
    const def = withPattern('^(a+)+$');
    expect(checkDefinition(def)).toEqual([]);
    const form = new FormCompiler().compile(def);
    const data = {
      title: EVIL,
      category: 'travel',
      lines: [{ date: '2026-03-01', quantity: 1, unitPrice: '1.00' }],
    };
    expect(form.validate(data).map((p) => p.path)).toEqual(['/title']);
    expect(form.validate({ ...data, title: 'aaaa' })).toEqual([]);
    const browser = validatorFor('en').validateFormData(data, def.schema as never);
    expect(browser.errors.map((e) => e.property)).toEqual(['.title']);
    // Long inputs too (over maxLength as well): linear, whatever the pattern.
    const long = form.validate({ ...data, title: `${'a'.repeat(100_000)}!` });
    expect(long.map((p) => p.path)).toEqual(['/title', '/title']);
  });

  it('matches what the browser matches, pattern by pattern', () => {
    const cases: Array<[string, string[]]> = [
      ['^[0-9]{4}-(0[1-9]|1[0-2])$', ['2026-03', '2026-13', 'x2026-03', '2026-3']],
      ['^[A-Z0-9-]{2,20}$', ['AB-1', 'a', 'ABCDEFGHIJKLMNOPQRSTU']],
      ['\\d{3}', ['12', 'ab123cd', '١٢٣']],
      ['^\\p{L}+$', ['发票', 'abc', 'a1']],
      ['^.$', ['😀', 'ab', 'é']],
      ['(?<year>\\d{4})', ['in 2026', 'none']],
      ['^\\w+@\\w+\\.com$', ['a@b.com', 'é@b.com']],
    ];
    let version = 2;
    for (const [pattern, inputs] of cases) {
      const def = withPattern(pattern, version++);
      expect(checkDefinition(def), pattern).toEqual([]);
      const form = new FormCompiler().compile(def);
      for (const title of inputs) {
        const data = { title, lines: [{ date: '2026-03-01', quantity: 1, unitPrice: '1.00' }] };
        const server = form.validate(data).some((p) => p.path === '/title');
        const browser = validatorFor('zh-CN')
          .validateFormData(data, def.schema as never)
          .errors.some((e) => e.property === '.title');
        expect([pattern, title, browser], 'browser and server disagree').toEqual([pattern, title, server]);
      }
    }
  });

  it('refuses at publish a pattern that needs backtracking, with its path, in both languages', () => {
    for (const pattern of ['^(a)\\1$', '^(?=.*[0-9]).{8,}$', '^(?!admin).*$']) {
      const problems = checkDefinition(withPattern(pattern));
      expect(problems.map((p) => p.path)).toContain('/schema/properties/title/pattern');
      const problem = problems.find((p) => p.path === '/schema/properties/title/pattern')!;
      expect(problem.message).toMatch(/linear-time/);
      expect(problem.messageZh).toMatch(/线性时间/);
      expect(patternProblem(pattern)).not.toBeNull();
    }
    // The designer flags it while the analyst types, with the same engine.
    const field = { uid: 'f', key: 'code', kind: 'text', label: { en: 'Code', 'zh-CN': '代码' } };
    expect(checkField({ ...field, pattern: '(a)\\1' } as never, []).pattern).toBe('check.pattern');
    expect(checkField({ ...field, pattern: '^(a+)+$' } as never, []).pattern).toBeUndefined();
  });
});
