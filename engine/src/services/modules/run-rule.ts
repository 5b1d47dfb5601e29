// Evaluates a module's named rule (core/modules/rules.ts) with the running platform: the rule as
// installed, the module's settings, its report lookups run as the system, now() by the clock.
// The precheck of catalogue entries and the `rule.evaluate` worker action both call it, so a rule
// decides the same way wherever it is used.
import { moduleErrors } from '#engine/core/modules/errors.ts';
import { evaluateRule, type RuleDefinition } from '#engine/core/modules/rules.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';

export interface RuleServices {
  modules: {
    rule(id: string): Promise<RuleDefinition | null>;
    settings(module: string): Promise<Record<string, unknown>>;
  };
  reports: {
    run(
      principal: null,
      id: string,
      params: Record<string, unknown>,
    ): Promise<{ rows: unknown; totals: unknown }>;
  };
}

export async function runRule(
  services: RuleServices,
  id: string,
  inputs: Record<string, unknown>,
  now: number,
): Promise<Record<string, unknown>> {
  const rule = await services.modules.rule(id);
  if (!rule) throw moduleErrors.ruleNotFound(id);
  return evaluateRule(rule, inputs, {
    settings: await services.modules.settings(rule.module),
    functions: clockFunctions(now),
    runReport: (report, params) => services.reports.run(null, report, params),
  });
}
