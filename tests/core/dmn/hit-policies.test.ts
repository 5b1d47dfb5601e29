// Every hit policy against results worked out by hand, in Camunda 8's shapes: a single hit gives
// the value (or a context of the named outputs), several hits a list, COLLECT with an aggregation
// one number; no match gives null (or the outputs' default values). Violations fail with the
// rules named. Money stays exact.
import { describe, expect, it } from 'vitest';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import { DecisionEvaluationError } from '#engine/core/dmn/errors.ts';
import { evaluateDecision, type DecisionOutcome } from '#engine/core/dmn/evaluate.ts';
import { tableDmn, type TableSpec } from '../../support/dmn-builder.ts';

async function decide(table: TableSpec, variables: Record<string, unknown>): Promise<DecisionOutcome> {
  const compiled = await compileDmn(tableDmn(table));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems, null, 2));
  return evaluateDecision(compiled.model, table.id, variables);
}

async function failure(
  table: TableSpec,
  variables: Record<string, unknown>,
): Promise<DecisionEvaluationError> {
  try {
    await decide(table, variables);
  } catch (e) {
    if (e instanceof DecisionEvaluationError) return e;
    throw e;
  }
  throw new Error('the decision did not fail');
}

/** Who approves an expense: keyed by amount and category. */
const approval = (hitPolicy?: string, aggregation?: string): TableSpec => ({
  id: 'approver',
  ...(hitPolicy ? { hitPolicy } : {}),
  ...(aggregation ? { aggregation } : {}),
  inputs: [
    { expression: 'amount', typeRef: 'number', label: 'Amount' },
    { expression: 'category', label: 'Category' },
  ],
  outputs: [{ name: 'level', values: '"ceo","director","manager"' }],
  rules: [
    { id: 'small', in: ['< 1000', '-'], out: ['"manager"'] },
    { id: 'medium', in: ['[1000..5000)', '-'], out: ['"director"'] },
    { id: 'big', in: ['>= 5000', '-'], out: ['"ceo"'] },
    { id: 'travel', in: ['>= 800', '"travel","training"'], out: ['"director"'] },
  ],
});

describe('hit policies', () => {
  it('UNIQUE: the one matching rule, null when none; two matching rules fail with their ids', async () => {
    const t = approval();
    expect((await decide(t, { amount: 999.99, category: 'office' })).result).toBe('manager');
    expect((await decide(t, { amount: 1000, category: 'office' })).result).toBe('director');
    expect((await decide(t, { amount: 5000, category: 'meals' })).result).toBe('ceo');
    expect((await decide(t, { amount: null, category: 'office' })).result).toBeNull();
    const e = await failure(t, { amount: 900, category: 'travel' });
    expect([e.code, e.decisionId, e.ruleIds]).toEqual([
      'DECISION_UNIQUE_VIOLATED',
      'approver',
      ['small', 'travel'],
    ]);
    expect(e.message).toContain('rules match: 1 (small), 4 (travel)');
    expect(e.messageZh).toContain('2 条规则同时匹配');
  });

  it('FIRST: the first matching rule in table order', async () => {
    const t = approval('FIRST');
    expect((await decide(t, { amount: 900, category: 'travel' })).result).toBe('manager');
    const out = await decide(t, { amount: 6000, category: 'training' });
    expect(out.result).toBe('ceo');
    expect(out.evaluated[0]!.matchedRules.map((r) => r.ruleId)).toEqual(['big']);
  });

  it('PRIORITY: the match whose output comes first in the output values', async () => {
    const t = approval('PRIORITY');
    // small (manager) and travel (director) match: director ranks before manager.
    expect((await decide(t, { amount: 900, category: 'travel' })).result).toBe('director');
    // big (ceo) and travel (director): ceo ranks first.
    expect((await decide(t, { amount: 7000, category: 'travel' })).result).toBe('ceo');
    expect((await decide(t, { amount: 10, category: 'office' })).result).toBe('manager');
  });

  it('ANY: several matches must agree; different outputs fail', async () => {
    const t = approval('ANY');
    // medium and travel both say director.
    expect((await decide(t, { amount: 2000, category: 'travel' })).result).toBe('director');
    const e = await failure(t, { amount: 900, category: 'training' });
    expect([e.code, e.ruleIds]).toEqual(['DECISION_ANY_VIOLATED', ['small', 'travel']]);
  });

  it('RULE ORDER: every match, in table order; OUTPUT ORDER: by the output values', async () => {
    expect((await decide(approval('RULE ORDER'), { amount: 6000, category: 'travel' })).result).toEqual([
      'ceo',
      'director',
    ]);
    expect((await decide(approval('RULE ORDER'), { amount: 900, category: 'travel' })).result).toEqual([
      'manager',
      'director',
    ]);
    expect((await decide(approval('OUTPUT ORDER'), { amount: 900, category: 'travel' })).result).toEqual([
      'director',
      'manager',
    ]);
    // No match: null, as Camunda 8 answers for every hit policy.
    expect((await decide(approval('RULE ORDER'), { amount: null, category: 'x' })).result).toBeNull();
  });

  it('COLLECT without aggregation: a list; with several outputs, a list of contexts', async () => {
    expect((await decide(approval('COLLECT'), { amount: 6000, category: 'travel' })).result).toEqual([
      'ceo',
      'director',
    ]);
    const t: TableSpec = {
      id: 'steps',
      hitPolicy: 'COLLECT',
      inputs: [{ expression: 'amount', typeRef: 'number' }],
      outputs: [
        { name: 'step', typeRef: 'string' },
        { name: 'days', typeRef: 'number' },
      ],
      rules: [
        { in: ['-'], out: ['"manager"', '2'] },
        { in: ['> 5000'], out: ['"finance"', '3'] },
      ],
    };
    expect((await decide(t, { amount: 8000 })).result).toEqual([
      { step: 'manager', days: 2 },
      { step: 'finance', days: 3 },
    ]);
  });

  const bonus = (aggregation: string): TableSpec => ({
    id: 'bonus',
    hitPolicy: 'COLLECT',
    aggregation,
    inputs: [{ expression: 'years', typeRef: 'number' }],
    outputs: [{ name: 'amount', typeRef: 'number' }],
    rules: [
      { in: ['>= 1'], out: ['100.10'] },
      { in: ['>= 2'], out: ['200.10'] },
      { in: ['>= 3'], out: ['0.1 + 0.2'] },
      { in: ['>= 10'], out: ['1000'] },
    ],
  });

  it('COLLECT SUM, MIN, MAX and COUNT over the matches, in exact decimals', async () => {
    // 100.10 + 200.10 + 0.3 = 300.50 exactly (binary floats give 300.50000000000006).
    expect((await decide(bonus('SUM'), { years: 3.5 })).result).toBe(300.5);
    expect((await decide(bonus('MIN'), { years: 3.5 })).result).toBe(0.3);
    expect((await decide(bonus('MAX'), { years: 3.5 })).result).toBe(200.1);
    expect((await decide(bonus('COUNT'), { years: 3.5 })).result).toBe(3);
    expect((await decide(bonus('COUNT'), { years: 12 })).result).toBe(4);
    expect((await decide(bonus('SUM'), { years: 12 })).result).toBe(1300.5);
    // Nothing matches: null (Camunda 8), also for COUNT.
    expect((await decide(bonus('SUM'), { years: 0 })).result).toBeNull();
    expect((await decide(bonus('COUNT'), { years: 0 })).result).toBeNull();
  });

  it('COLLECT SUM of something that is not a number fails at the rule', async () => {
    const t = bonus('SUM');
    t.outputs[0]!.typeRef = 'Any';
    t.rules[1]!.out = ['"a lot"'];
    const e = await failure(t, { years: 2 });
    expect([e.code, e.ruleIds]).toEqual(['DECISION_AGGREGATION_NOT_NUMBER', ['bonus_r2']]);
  });

  it('single hit with several outputs: a context of the named outputs', async () => {
    const t: TableSpec = {
      id: 'route',
      inputs: [{ expression: 'amount', typeRef: 'number' }],
      outputs: [
        { name: 'approver', typeRef: 'string' },
        { name: 'limit', typeRef: 'number' },
      ],
      rules: [
        { in: ['<= 5000'], out: ['"manager"', '5000'] },
        { in: ['> 5000'], out: ['"director"', ''] },
      ],
    };
    expect((await decide(t, { amount: 5000 })).result).toEqual({ approver: 'manager', limit: 5000 });
    expect((await decide(t, { amount: 5000.01 })).result).toEqual({ approver: 'director', limit: null });
  });

  it('money given as a decimal string to a number input compares as the number', async () => {
    expect((await decide(approval(), { amount: '4999.99', category: 'office' })).result).toBe('director');
    expect((await decide(approval(), { amount: '999.99', category: 'office' })).result).toBe('manager');
    // Computed in FEEL: 0.1 + 0.2 is 0.3, not 0.30000000000000004, so `<= 0.3` holds.
    const t: TableSpec = {
      id: 'exact',
      inputs: [{ expression: 'a + b', typeRef: 'number' }],
      outputs: [{ name: 'ok', typeRef: 'boolean' }],
      rules: [
        { in: ['<= 0.3'], out: ['true'] },
        { in: ['> 0.3'], out: ['false'] },
      ],
    };
    expect((await decide(t, { a: 0.1, b: 0.2 })).result).toBe(true);
  });

  it('outputs are checked against their type, at the rule', async () => {
    const t = approval();
    t.rules[0]!.out = ['42'];
    const e = await failure(t, { amount: 1, category: 'office' });
    expect([e.code, e.ruleIds]).toEqual(['DECISION_OUTPUT_TYPE', ['small']]);
    expect(e.message).toContain('rule 1 (small), output "level" gave 42, not a string');
  });

  it('reports what the table saw and which rules matched', async () => {
    const out = await decide(approval('RULE ORDER'), { amount: 6000, category: 'travel' });
    expect(out.evaluated).toEqual([
      {
        decisionId: 'approver',
        decisionName: 'approver',
        kind: 'table',
        hitPolicy: 'RULE ORDER',
        inputs: [
          { id: 'approver_in0', label: 'Amount', expression: 'amount', value: 6000 },
          { id: 'approver_in1', label: 'Category', expression: 'category', value: 'travel' },
        ],
        matchedRules: [
          { ruleId: 'big', rule: 3, outputs: { level: 'ceo' } },
          { ruleId: 'travel', rule: 4, outputs: { level: 'director' } },
        ],
        result: ['ceo', 'director'],
      },
    ]);
  });
});
