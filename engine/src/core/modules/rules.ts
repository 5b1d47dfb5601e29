// Named business rules (rules/<name>.json), evaluated (pure: the report lookups come in as a
// function). A rule is written once and used by name wherever the decision is needed — a
// catalogue entry's precheck, a BPMN service task, an automation — so a check such as "is this
// claim over budget?" cannot drift between the warning and the approval route.
//
//   inputs      names the caller gives (checked: a missing one is an error, not a silent null)
//   lookups     reports run first (as the system), each bound to a name: { rows, totals }
//   values      FEEL, in order; each sees the inputs, `settings`, the lookups and earlier values
//
// A value may be written as a list of lines (FeelText): they are joined with line breaks, which
// FEEL reads as spaces, so a long expression can be laid out like code.
import type { FeelText, ModuleRule } from '#schemas/generated/index.ts';
import { evaluateInput } from '../automations/feel-values.ts';
import { FeelError, evaluateFeel } from '../feel/feel.ts';
import { moduleErrors } from './errors.ts';

export interface RuleDefinition extends ModuleRule {
  /** '<module>-<file name>'. */
  id: string;
  module: string;
}

/** The text of a FEEL expression written on one line or as a list of lines. */
export function feelText(text: FeelText): string {
  return Array.isArray(text) ? text.join('\n') : text;
}

export interface RuleEnvironment {
  /** The module's settings (FEEL `settings`). */
  settings: Record<string, unknown>;
  /** now() and today() by the injectable clock, and any other functions. */
  functions?: Record<string, unknown>;
  /** Runs a report as the system. */
  runReport(report: string, params: Record<string, unknown>): Promise<{ rows: unknown; totals: unknown }>;
}

/** The inputs a rule needs that `inputs` lacks. */
export function missingInputs(rule: ModuleRule, inputs: Record<string, unknown>): string[] {
  return (rule.inputs ?? []).filter((name) => !(name in inputs));
}

/** Evaluates a rule; returns each of its values by name. */
export async function evaluateRule(
  rule: RuleDefinition,
  inputs: Record<string, unknown>,
  env: RuleEnvironment,
): Promise<Record<string, unknown>> {
  const missing = missingInputs(rule, inputs);
  if (missing.length) throw moduleErrors.ruleInputMissing(rule.id, missing);
  const context: Record<string, unknown> = { ...env.functions, ...inputs, settings: env.settings };
  for (const [name, lookup] of Object.entries(rule.lookups ?? {})) {
    const params = evaluateInput(lookup.params ?? {}, context) as Record<string, unknown>;
    const result = await env.runReport(lookup.report, params);
    context[name] = { rows: result.rows, totals: result.totals };
  }
  const values: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(rule.values)) {
    try {
      values[name] = evaluateFeel(feelText(text), context);
    } catch (e) {
      if (!(e instanceof FeelError)) throw e;
      throw moduleErrors.ruleFailed(rule.id, name, e.message);
    }
    context[name] = values[name];
  }
  return values;
}
