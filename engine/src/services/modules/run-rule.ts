// Evaluates a module's named rule (core/modules/rules.ts) with the running platform: the rule as
// installed, the module's settings, its report lookups run as the system, now() by the clock, and
// the working-time functions over the calendar of whoever the rule decides for (when it uses them).
// The precheck of catalogue entries and the `rule.evaluate` worker action both call it, so a rule
// decides the same way wherever it is used.
import { moduleErrors } from '#engine/core/modules/errors.ts';
import { evaluateRule, type RuleDefinition } from '#engine/core/modules/rules.ts';
import { usesWorkingTime } from '#engine/core/calendar/feel-functions.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { FeelSubject } from '../records/record-service.ts';

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
  /** The working-time functions over a subject's calendar (absent: none). */
  calendars?: { feelFunctions(subject: FeelSubject): Promise<Record<string, unknown>> };
}

export async function runRule(
  services: RuleServices,
  id: string,
  inputs: Record<string, unknown>,
  now: number,
  /** Whose calendar the working-time functions use (the requester); default: the company's. */
  subject: FeelSubject = {},
): Promise<Record<string, unknown>> {
  const rule = await services.modules.rule(id);
  if (!rule) throw moduleErrors.ruleNotFound(id);
  const working =
    services.calendars && usesWorkingTime(JSON.stringify(rule.values))
      ? await services.calendars.feelFunctions(subject)
      : {};
  return evaluateRule(rule, inputs, {
    settings: await services.modules.settings(rule.module),
    functions: { ...clockFunctions(now), ...working },
    runReport: (report, params) => services.reports.run(null, report, params),
  });
}
