// automations/<name>.json ('<module>-<name>'): the trigger names a form or process that exists,
// conditions and inputs are FEEL that parses, every action is a worker action, and an action that
// evaluates a rule names one that exists and gives it its inputs.
import type { Automation } from '#schemas/generated/index.ts';
import { inputSyntaxProblems } from '../../automations/feel-values.ts';
import { triggerProblems } from '../../automations/triggers.ts';
import { feelSyntaxError } from '../../feel/feel.ts';
import type { ModuleCheck } from './context.ts';
import { ofModules } from './documents.ts';
import { qualify } from './qualify.ts';
import { checkRuleUse, RULE_ACTION } from './rules.ts';

export function checkAutomations(check: ModuleCheck, files: string[]): Automation[] {
  const automations: Automation[] = [];
  for (const file of files) {
    const raw = check.json<Record<string, unknown>>(file);
    if (raw === undefined) continue;
    const automation = qualify(check, file, raw) as unknown as Automation;
    if (!check.schema(file, 'automation', automation)) continue;
    for (const p of triggerProblems(automation))
      check.add(file, p.path, 'TRIGGER_INVALID', p.message, p.messageZh);
    const t = automation.trigger;
    // A form of a module required beside this one (not depended on) may not be installed here.
    if (t.form && !check.knownForm(t.form) && !ofModules(t.form, automation.requiresModules))
      check.unknown(file, '/trigger/form', 'UNKNOWN_FORM', 'form', '表单', t.form);
    if (t.type === 'flow.ended' && t.process && !check.processIds.has(t.process))
      check.unknown(file, '/trigger/process', 'UNKNOWN_PROCESS', 'process', '流程', t.process);
    (automation.conditions ?? []).forEach((expr, i) => {
      const problem = feelSyntaxError(expr);
      if (problem)
        check.add(
          file,
          `/conditions/${i}`,
          'FEEL_INVALID',
          `FEEL: ${problem}`,
          `FEEL 表达式错误：${problem}`,
        );
    });
    automation.actions.forEach((a, i) => {
      const whenProblem = a.when === undefined ? undefined : feelSyntaxError(a.when);
      if (whenProblem)
        check.add(
          file,
          `/actions/${i}/when`,
          'FEEL_INVALID',
          `FEEL: ${whenProblem}`,
          `FEEL 表达式错误：${whenProblem}`,
        );
      if (!check.lookups.knownActions.has(a.action))
        check.add(
          file,
          `/actions/${i}/action`,
          'UNKNOWN_ACTION',
          `"${a.action}" is not a worker action (known: ${[...check.lookups.knownActions].sort().join(', ')})`,
          `“${a.action}”不是已注册的工作器动作`,
        );
      for (const p of inputSyntaxProblems(a.forEach ?? '', `/actions/${i}/forEach`))
        check.add(file, p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
      for (const p of inputSyntaxProblems(a.input ?? {}, `/actions/${i}/input`))
        check.add(file, p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
      if (a.action === RULE_ACTION) {
        const { rule, ...inputs } = (a.input ?? {}) as Record<string, unknown>;
        checkRuleUse(
          check,
          file,
          `/actions/${i}/input/rule`,
          rule,
          Object.keys(inputs),
          `/actions/${i}/input`,
        );
      }
    });
    automations.push(automation);
  }
  return automations;
}
