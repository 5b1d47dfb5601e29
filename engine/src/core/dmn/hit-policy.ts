// What a decision table returns from the rules that matched, by hit policy (DMN 1.3 §8.2.11), in
// the shapes Camunda 8 returns them:
//   single hit (UNIQUE, FIRST, PRIORITY, ANY): the output value, or a context of the named
//   outputs when there are several; multiple hits (RULE ORDER, OUTPUT ORDER, COLLECT): a list of
//   those; COLLECT with SUM, MIN, MAX or COUNT: one number. Nothing matched: the outputs' default
//   values, else null (for every hit policy, as Camunda 8 answers).
// COUNT counts, and SUM adds, every matched output, not only the distinct ones the DMN text asks
// for: Camunda's engines do so, and models written for them expect it (a salary bonus of
// 100 + 100 is 200). Sums are exact decimals (big.js), never binary floats.
import Big from 'big.js';
import { DecisionEvaluationError } from './errors.ts';
import type { DecisionTableLogic, OutputClause, Rule } from './model.ts';

export interface Match {
  rule: Rule;
  /** One value per output column. */
  values: unknown[];
}

export interface HitResult {
  result: unknown;
  /** The matches the result is made of, in the order they contribute to it. */
  chosen: Match[];
}

/** The result of one match: the single output's value, or a context of the named outputs. */
export function shapeOutputs(outputs: readonly OutputClause[], values: readonly unknown[]): unknown {
  if (outputs.length === 1) return values[0] ?? null;
  const ctx: Record<string, unknown> = {};
  outputs.forEach((o, i) => (ctx[o.name ?? o.id] = values[i] ?? null));
  return ctx;
}

export function applyHitPolicy(decisionId: string, table: DecisionTableLogic, matches: Match[]): HitResult {
  const single = (m: Match | undefined): HitResult =>
    m ? { result: shapeOutputs(table.outputs, m.values), chosen: [m] } : { result: null, chosen: [] };
  const list = (ms: Match[]): HitResult => ({
    result: ms.map((m) => shapeOutputs(table.outputs, m.values)),
    chosen: ms,
  });
  if (matches.length === 0) return { result: null, chosen: [] };
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matches.length > 1) throw violated(decisionId, 'UNIQUE', matches);
      return single(matches[0]);
    case 'FIRST':
      return single(matches[0]);
    case 'ANY': {
      const distinct = new Set(matches.map((m) => JSON.stringify(m.values)));
      if (distinct.size > 1) throw violated(decisionId, 'ANY', matches);
      return single(matches[0]);
    }
    case 'PRIORITY':
      return single(byPriority(table.outputs, matches)[0]);
    case 'OUTPUT ORDER':
      return list(byPriority(table.outputs, matches));
    case 'RULE ORDER':
      return list(matches);
    case 'COLLECT':
      return table.aggregation ? aggregate(decisionId, table, matches) : list(matches);
  }
}

/** Matches sorted by the output values' order, output by output; values not listed come last. */
function byPriority(outputs: readonly OutputClause[], matches: Match[]): Match[] {
  const rank = (m: Match): number[] =>
    outputs.map((o, i) => {
      const at = (o.priorities ?? []).findIndex((p) => p === m.values[i]);
      return at === -1 ? Number.MAX_SAFE_INTEGER : at;
    });
  return matches
    .map((m) => ({ m, r: rank(m) }))
    .sort((a, b) => {
      for (let i = 0; i < a.r.length; i++) if (a.r[i] !== b.r[i]) return a.r[i]! - b.r[i]!;
      return a.m.rule.index - b.m.rule.index;
    })
    .map(({ m }) => m);
}

function aggregate(decisionId: string, table: DecisionTableLogic, matches: Match[]): HitResult {
  const aggregation = table.aggregation!;
  if (aggregation === 'COUNT') return { result: matches.length, chosen: matches };
  const values = matches.map((m) => m.values[0]).filter((v) => v !== null && v !== undefined);
  const wrong = matches.filter((m) => m.values[0] !== null && typeof m.values[0] !== 'number');
  if (wrong.length)
    throw new DecisionEvaluationError(
      'DECISION_AGGREGATION_NOT_NUMBER',
      decisionId,
      `COLLECT ${aggregation} of decision ${decisionId} needs numbers; rule${wrong.length > 1 ? 's' : ''} ${ruleList(wrong)} gave ${wrong.map((m) => JSON.stringify(m.values[0])).join(', ')}.`,
      `决策 ${decisionId} 的 COLLECT ${aggregation} 需要数值；规则 ${ruleList(wrong)} 给出了 ${wrong.map((m) => JSON.stringify(m.values[0])).join('、')}。`,
      wrong.map((m) => m.rule.id),
    );
  const numbers = (values as number[]).map((n) => new Big(String(n)));
  if (numbers.length === 0) return { result: null, chosen: matches };
  let value: Big;
  if (aggregation === 'SUM') value = numbers.reduce((a, b) => a.plus(b), new Big(0));
  else value = numbers.reduce((a, b) => ((aggregation === 'MIN' ? b.lt(a) : b.gt(a)) ? b : a));
  return { result: Number(value.toString()), chosen: matches };
}

const ruleList = (ms: Match[]): string => ms.map((m) => `${m.rule.index} (${m.rule.id})`).join(', ');

function violated(decisionId: string, policy: 'UNIQUE' | 'ANY', matches: Match[]): DecisionEvaluationError {
  const rules = ruleList(matches);
  return policy === 'UNIQUE'
    ? new DecisionEvaluationError(
        'DECISION_UNIQUE_VIOLATED',
        decisionId,
        `Decision ${decisionId} has the hit policy UNIQUE, but ${matches.length} rules match: ${rules}. Make the rules exclusive or choose the hit policy FIRST.`,
        `决策 ${decisionId} 的命中策略为 UNIQUE，但有 ${matches.length} 条规则同时匹配：${rules}。请使规则互斥，或改用命中策略 FIRST。`,
        matches.map((m) => m.rule.id),
      )
    : new DecisionEvaluationError(
        'DECISION_ANY_VIOLATED',
        decisionId,
        `Decision ${decisionId} has the hit policy ANY, but the matching rules ${rules} give different outputs.`,
        `决策 ${decisionId} 的命中策略为 ANY，但匹配的规则 ${rules} 给出了不同的输出。`,
        matches.map((m) => m.rule.id),
      );
}
