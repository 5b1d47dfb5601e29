// rules/<name>.json: named business rules ('<module>-<name>'), and the places that use one by name
// (a precheck, a BPMN service task, an automation action): the rule exists and gets its inputs.
import type { ModuleRule } from '#schemas/generated/index.ts';
import { inputSyntaxProblems } from '../../automations/feel-values.ts';
import { feelSyntaxError } from '../../feel/feel.ts';
import { moduleItemId } from '../ids.ts';
import { feelText } from '../rules.ts';
import type { ModuleCheck } from './context.ts';
import { baseName } from './context.ts';
import { qualify } from './qualify.ts';

/** The worker action that evaluates a rule (BPMN service tasks and automations). */
export const RULE_ACTION = 'rule.evaluate';

export function checkRules(check: ModuleCheck, files: string[]): void {
  for (const file of files) {
    const raw = check.json<Record<string, unknown>>(file);
    if (raw === undefined) continue;
    const id = moduleItemId(check.id, baseName(file));
    const { id: _id, module: _module, ...rule } = qualify(check, file, raw);
    if (!check.schema(file, 'rule', rule)) continue;
    const r = rule as unknown as ModuleRule;
    for (const [name, lookup] of Object.entries(r.lookups ?? {})) {
      if (!check.knownReport(lookup.report))
        check.unknown(file, `/lookups/${name}/report`, 'UNKNOWN_REPORT', 'report', '报表', lookup.report);
      for (const p of inputSyntaxProblems(lookup.params ?? {}, `/lookups/${name}/params`))
        check.add(file, p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
    }
    const names = new Set([...(r.inputs ?? []), ...Object.keys(r.lookups ?? {})]);
    for (const [name, text] of Object.entries(r.values)) {
      const problem = feelSyntaxError(feelText(text));
      if (problem)
        check.add(file, `/values/${name}`, 'FEEL_INVALID', `FEEL: ${problem}`, `FEEL 表达式错误：${problem}`);
      if (names.has(name))
        check.add(
          file,
          `/values/${name}`,
          'NAME_TAKEN',
          `"${name}" is already an input or a lookup of this rule`,
          `“${name}”已是此规则的输入或查询`,
        );
      names.add(name);
    }
    check.rules.set(id, { ...r, id, module: check.id });
  }
}

/**
 * A use of rule `ruleId` giving the inputs `given`: the rule exists and each of its inputs is
 * given. `inputsAt(name)` is where a missing input would go (a JSON pointer or '#element').
 */
export function checkRuleUse(
  check: ModuleCheck,
  file: string,
  at: string,
  ruleId: unknown,
  given: readonly string[],
  inputsAt: string = at,
): void {
  if (typeof ruleId !== 'string' || ruleId === '') {
    check.add(file, at, 'RULE_MISSING', 'name the rule to evaluate', '请指定要计算的规则');
    return;
  }
  const rule = check.rule(ruleId);
  if (!rule) {
    check.unknown(file, at, 'UNKNOWN_RULE', 'rule', '规则', ruleId);
    return;
  }
  const missing = (rule.inputs ?? []).filter((name) => !given.includes(name));
  if (missing.length)
    check.add(
      file,
      inputsAt,
      'RULE_INPUT_MISSING',
      `rule "${ruleId}" needs the input(s) ${missing.join(', ')}`,
      `规则“${ruleId}”缺少输入：${missing.join('、')}`,
    );
}
