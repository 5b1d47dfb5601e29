// Evaluates a decision of a compiled DRG against variables (pure). The decisions it requires are
// evaluated first, once each, and their results join the context under their result names (the
// decision's variable name, else its id), as Camunda 8 does; a required decision table with one
// named output is also known by that output's name, as Camunda 7 models expect.
//
// A decision table: each input expression is evaluated once (FEEL over the context); a rule
// matches when every one of its input entries (FEEL unary tests, `?` the input value) does; the
// output entries of the matching rules are evaluated and the hit policy makes the result
// (hit-policy.ts). Numbers come out of FEEL de-noised to 15 significant digits (feel.ts), so money
// compares and adds exactly; an input whose type is `number` may also be given as a decimal string
// ("5500.50", as records store amounts).
import { unaryTest } from 'feelin';
import { DECIMAL } from '../forms/decimal.ts';
import { evaluateExpression } from '../flows/feel-scope.ts';
import { DecisionEvaluationError } from './errors.ts';
import { applyHitPolicy, type Match } from './hit-policy.ts';
import type { DecisionModel, DecisionTableLogic, DrgModel, Rule } from './model.ts';
import { fastUnary, NOT_SIMPLE } from './unary-fast.ts';

export interface EvaluatedRule {
  ruleId: string;
  /** The rule's number in the table (1-based). */
  rule: number;
  description?: string;
  /** The rule's outputs by name (or column id). */
  outputs: Record<string, unknown>;
}

export interface EvaluatedDecision {
  decisionId: string;
  decisionName?: string;
  kind: 'table' | 'literal';
  hitPolicy?: string;
  /** The input values the table saw, by column id. */
  inputs?: Array<{ id: string; label?: string; expression: string; value: unknown }>;
  matchedRules: EvaluatedRule[];
  result: unknown;
}

export interface DecisionOutcome {
  decisionId: string;
  result: unknown;
  /** Every decision evaluated, required ones first. */
  evaluated: EvaluatedDecision[];
}

export interface EvaluationOptions {
  /** Extra FEEL functions and values (now() and today() by the caller's clock …). */
  functions?: Record<string, unknown>;
}

const NUMERIC_TYPES = new Set(['number', 'integer', 'long', 'double', 'decimal']);

export function evaluateDecision(
  drg: DrgModel,
  decisionId: string,
  variables: Record<string, unknown>,
  options: EvaluationOptions = {},
): DecisionOutcome {
  const decision = drg.decisions[decisionId];
  if (!decision)
    throw new DecisionEvaluationError(
      'DECISION_NOT_IN_DRG',
      decisionId,
      `Decision ${decisionId} is not in ${drg.id}.`,
      `决策 ${decisionId} 不在 ${drg.id} 中。`,
    );
  const base: Record<string, unknown> = { ...variables, ...options.functions };
  const results = new Map<string, unknown>();
  const evaluated: EvaluatedDecision[] = [];
  const run = (d: DecisionModel): unknown => {
    if (results.has(d.id)) return results.get(d.id);
    const context: Record<string, unknown> = { ...base };
    for (const id of d.requires) {
      const required = drg.decisions[id]!;
      const value = run(required);
      context[required.resultName] = value;
      const named = required.logic.kind === 'table' ? required.logic.outputs : [];
      const alias = named.length === 1 ? named[0]!.name : undefined;
      if (alias && !(alias in context) && !Array.isArray(value)) context[alias] = value;
    }
    const done = d.logic.kind === 'table' ? evaluateTable(d, d.logic, context) : evaluateLiteral(d, context);
    evaluated.push(done);
    results.set(d.id, done.result);
    return done.result;
  };
  const result = run(decision);
  return { decisionId, result, evaluated };
}

function evaluateLiteral(d: DecisionModel, context: Record<string, unknown>): EvaluatedDecision {
  const logic = d.logic as Extract<DecisionModel['logic'], { kind: 'literal' }>;
  const result = checkType(
    d.id,
    feel(d.id, logic.expression, context, 'the literal expression'),
    logic.typeRef,
    () => ({
      en: `the literal expression gave`,
      zh: `字面表达式给出了`,
    }),
  );
  return {
    decisionId: d.id,
    ...(d.name ? { decisionName: d.name } : {}),
    kind: 'literal',
    matchedRules: [],
    result,
  };
}

function evaluateTable(
  d: DecisionModel,
  table: DecisionTableLogic,
  context: Record<string, unknown>,
): EvaluatedDecision {
  const inputs = table.inputs.map((input) => {
    let value = feel(d.id, input.expression, context, `input "${input.label ?? input.expression}"`);
    if (typeof value === 'string' && input.typeRef && NUMERIC_TYPES.has(input.typeRef) && DECIMAL.test(value))
      value = Number(value);
    return {
      id: input.id,
      ...(input.label ? { label: input.label } : {}),
      expression: input.expression,
      value,
    };
  });
  const matches: Match[] = [];
  for (const rule of table.rules) {
    if (!ruleMatches(d.id, rule, inputs, context)) continue;
    matches.push({ rule, values: outputValues(d.id, table, rule, context) });
    if (table.hitPolicy === 'FIRST') break;
  }
  let hit = applyHitPolicy(d.id, table, matches);
  if (matches.length === 0 && table.outputs.some((o) => o.defaultExpression)) {
    const values = table.outputs.map((o) =>
      o.defaultExpression
        ? feel(d.id, o.defaultExpression, context, `the default of "${o.name ?? o.id}"`)
        : null,
    );
    hit = {
      result:
        table.outputs.length === 1
          ? values[0]
          : Object.fromEntries(table.outputs.map((o, i) => [o.name ?? o.id, values[i]])),
      chosen: [],
    };
  }
  return {
    decisionId: d.id,
    ...(d.name ? { decisionName: d.name } : {}),
    kind: 'table',
    hitPolicy: table.aggregation ? `${table.hitPolicy} ${table.aggregation}` : table.hitPolicy,
    inputs,
    matchedRules: hit.chosen.map((m) => ({
      ruleId: m.rule.id,
      rule: m.rule.index,
      ...(m.rule.description ? { description: m.rule.description } : {}),
      outputs: Object.fromEntries(table.outputs.map((o, i) => [o.name ?? o.id, m.values[i] ?? null])),
    })),
    result: hit.result,
  };
}

function ruleMatches(
  decisionId: string,
  rule: Rule,
  inputs: ReadonlyArray<{ value: unknown }>,
  context: Record<string, unknown>,
): boolean {
  for (let i = 0; i < rule.inputEntries.length; i++) {
    const tests = rule.inputEntries[i]!;
    const input = inputs[i]?.value ?? null;
    const fast = fastUnary(tests);
    const quick = fast ? fast(input) : NOT_SIMPLE;
    if (quick === false) return false;
    if (quick === true) continue;
    let ok: boolean;
    try {
      ok = unaryTest(tests, { ...context, '?': input }).value === true;
    } catch (e) {
      throw failed(decisionId, `rule ${rule.index} (${rule.id}), input ${i + 1}: ${(e as Error).message}`, [
        rule.id,
      ]);
    }
    if (!ok) return false;
  }
  return true;
}

function outputValues(
  decisionId: string,
  table: DecisionTableLogic,
  rule: Rule,
  context: Record<string, unknown>,
): unknown[] {
  return table.outputs.map((output, i) => {
    const text = rule.outputEntries[i] ?? '';
    const what = `rule ${rule.index} (${rule.id}), output "${output.name ?? output.label ?? output.id}"`;
    const value = text ? feel(decisionId, text, context, what, [rule.id]) : null;
    return checkType(
      decisionId,
      value,
      output.typeRef,
      () => ({
        en: `${what} gave`,
        zh: `规则 ${rule.index}（${rule.id}）的输出“${output.name ?? output.label ?? output.id}”给出了`,
      }),
      [rule.id],
    );
  });
}

function feel(
  decisionId: string,
  text: string,
  context: Record<string, unknown>,
  what: string,
  ruleIds: string[] = [],
): unknown {
  try {
    return evaluateExpression(text, context) ?? null;
  } catch (e) {
    throw failed(decisionId, `${what}: ${(e as Error).message}`, ruleIds);
  }
}

/** Camunda checks that an output converts to its column's type; a value of another type fails. */
function checkType(
  decisionId: string,
  value: unknown,
  typeRef: string | undefined,
  what: () => { en: string; zh: string },
  ruleIds: string[] = [],
): unknown {
  if (value === null || value === undefined || !typeRef) return value ?? null;
  const type = typeRef.toLowerCase();
  const ok = NUMERIC_TYPES.has(type)
    ? typeof value === 'number'
    : type === 'string'
      ? typeof value === 'string'
      : type === 'boolean'
        ? typeof value === 'boolean'
        : true;
  if (ok) return value;
  const w = what();
  throw new DecisionEvaluationError(
    'DECISION_OUTPUT_TYPE',
    decisionId,
    `Decision ${decisionId}: ${w.en} ${JSON.stringify(value)}, not a ${typeRef}.`,
    `决策 ${decisionId}：${w.zh} ${JSON.stringify(value)}，不是 ${typeRef} 类型。`,
    ruleIds,
  );
}

function failed(decisionId: string, detail: string, ruleIds: string[]): DecisionEvaluationError {
  return new DecisionEvaluationError(
    'DECISION_FEEL_FAILED',
    decisionId,
    `Decision ${decisionId}: ${detail}`,
    `决策 ${decisionId}：${detail}`,
    ruleIds,
  );
}
