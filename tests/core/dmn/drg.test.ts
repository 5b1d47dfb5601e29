// Decision requirements graphs and literal expressions: required decisions run first and once,
// their results known by their result names; defaults when no rule matches; FEEL functions the
// caller gives (now() by the injectable clock). And the fast unary tests answer as feelin does.
import { unaryTest } from 'feelin';
import { describe, expect, it } from 'vitest';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import { evaluateDecision } from '#engine/core/dmn/evaluate.ts';
import type { DrgModel } from '#engine/core/dmn/model.ts';
import { fastUnary, NOT_SIMPLE } from '#engine/core/dmn/unary-fast.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import { buildDmn } from '../../support/dmn-builder.ts';

async function model(xml: string): Promise<DrgModel> {
  const compiled = await compileDmn(xml);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems, null, 2));
  return compiled.model;
}

describe('decision requirements graphs', () => {
  it('evaluates required decisions first, once, by their result names', async () => {
    const drg = await model(
      buildDmn('claim', [
        { id: 'total', expression: 'sum(lines.amount)', variable: 'claimTotal', typeRef: 'number' },
        {
          id: 'level',
          requires: ['total'],
          inputs: [{ expression: 'claimTotal', typeRef: 'number' }],
          outputs: [{ name: 'level' }],
          rules: [
            { in: ['<= 5000'], out: ['"manager"'] },
            { in: ['> 5000'], out: ['"director"'] },
          ],
        },
        {
          id: 'summary',
          requires: ['total', 'level'],
          expression: '"claim of " + string(claimTotal) + " for the " + level',
          typeRef: 'string',
        },
      ]),
    );
    const out = evaluateDecision(drg, 'summary', { lines: [{ amount: 4200 }, { amount: 1300.5 }] });
    expect(out.result).toBe('claim of 5500.5 for the director');
    expect(out.evaluated.map((e) => e.decisionId)).toEqual(['total', 'level', 'summary']);
  });

  it('gives the outputs’ default values when no rule matches', async () => {
    const xml = buildDmn('d', [
      {
        id: 'discount',
        inputs: [{ expression: 'customer' }],
        outputs: [{ name: 'rate', typeRef: 'number' }],
        rules: [{ in: ['"gold"'], out: ['0.1'] }],
      },
    ]).replace(
      '<output id="discount_out0" name="rate" typeRef="number" />',
      '<output id="discount_out0" name="rate" typeRef="number"><defaultOutputEntry id="dflt"><text>0.02</text></defaultOutputEntry></output>',
    );
    const drg = await model(xml);
    expect(evaluateDecision(drg, 'discount', { customer: 'gold' }).result).toBe(0.1);
    expect(evaluateDecision(drg, 'discount', { customer: 'new' }).result).toBe(0.02);
  });

  it('lets tests and outputs use variables, `?` and the caller’s now()', async () => {
    const drg = await model(
      buildDmn('t', [
        {
          id: 'due',
          hitPolicy: 'FIRST',
          inputs: [{ expression: 'amount', typeRef: 'number' }],
          outputs: [{ name: 'due' }],
          rules: [
            { in: ['> settings.threshold'], out: ['string(today() + duration("P2D"))'] },
            { in: ['? >= 0'], out: ['string(today())'] },
          ],
        },
      ]),
    );
    const functions = clockFunctions(Date.parse('2026-03-10T02:00:00Z'));
    const vars = { settings: { threshold: 100 } };
    expect(evaluateDecision(drg, 'due', { ...vars, amount: 150 }, { functions }).result).toBe('2026-03-12');
    expect(evaluateDecision(drg, 'due', { ...vars, amount: 50 }, { functions }).result).toBe('2026-03-10');
  });
});

describe('fast unary tests', () => {
  const tests = [
    '-',
    '',
    '"x"',
    'not("x")',
    '"a","b"',
    'not("a", "b")',
    '5',
    '5, 7.5',
    '< 5',
    '<= 5',
    '> 5',
    '>= 5',
    '< "b"',
    '[1..5]',
    '[1..5)',
    '(1..5]',
    'not(< 5)',
    'null',
    'not(null)',
    '-3.5',
    '> -3.5, "x"',
  ];
  const inputs: unknown[] = [5, 1, 0, -3.5, 7.5, 4.999, 'x', 'a', 'c', null, '5'];

  // feelin 8 lets a text pass `<=`, `>=` and closed ranges of numbers ("x" <= 5 is true there);
  // FEEL compares values of different types to null, which matches nothing, and so do we.
  const feelinSlip = (t: string, input: unknown): boolean =>
    typeof input === 'string' && /(<=?|>=?)\s*-?\d|\.\.\s*-?\d/.test(t);

  it('answer as feelin for every test and input they handle (and as FEEL where feelin slips)', () => {
    let handled = 0;
    for (const t of tests) {
      const fast = fastUnary(t);
      expect(fast, t).not.toBeNull();
      for (const input of inputs) {
        const quick = fast!(input);
        if (quick === NOT_SIMPLE) continue;
        handled++;
        const slow = t === '' ? true : unaryTest(t, { '?': input }).value === true;
        if (feelinSlip(t, input)) continue;
        expect(quick, `${t} with ${JSON.stringify(input)}`).toBe(slow);
      }
    }
    expect(handled).toBe(tests.length * inputs.length);
    // Where feelin slips: a text is no number.
    expect(fastUnary('<= 5')!('x')).toBe(false);
    expect(fastUnary('[1..5]')!('5')).toBe(false);
    expect(fastUnary('> -3.5, "x"')!('5')).toBe(false);
    expect(fastUnary('> -3.5, "x"')!('x')).toBe(true);
  });

  it('leave variables, `?`, functions and other inputs to feelin', () => {
    for (const t of [
      ']1..5[',
      '> limit',
      '? > 3',
      'date("2024-01-01")',
      'true',
      '[a..b]',
      'starts with("x")',
    ])
      expect(fastUnary(t), t).toBeNull();
    expect(fastUnary('"a"')!(true)).toBe(NOT_SIMPLE);
    expect(fastUnary('< 5')!([1])).toBe(NOT_SIMPLE);
  });
});
