// The catalogue entries of module.json: ids '<module>-<name>', a form and a process of the module,
// and a precheck that evaluates a named rule (module format 1 ran a report there instead).
import type { ModuleManifest } from '#schemas/generated/index.ts';
import { inputSyntaxProblems } from '../../automations/feel-values.ts';
import { feelSyntaxError } from '../../feel/feel.ts';
import type { ModuleCheck } from './context.ts';
import { checkRuleUse } from './rules.ts';

const FILE = 'module.json';

export function checkEntries(check: ModuleCheck, manifest: ModuleManifest): void {
  (manifest.entries ?? []).forEach((entry, i) => {
    const at = `/entries/${i}`;
    if (!entry.id.startsWith(`${check.id}-`))
      check.add(
        FILE,
        `${at}/id`,
        'ID_MISMATCH',
        `the id must start with "${check.id}-" (the module's id)`,
        `ID 必须以“${check.id}-”（模块 ID）开头`,
      );
    if (!check.formIds.has(entry.form))
      check.unknown(FILE, `${at}/form`, 'UNKNOWN_FORM', 'form in this module', '本模块中的表单', entry.form);
    if (entry.flow && !check.processIds.has(entry.flow))
      check.unknown(
        FILE,
        `${at}/flow`,
        'UNKNOWN_PROCESS',
        'process in this module',
        '本模块中的流程',
        entry.flow,
      );
    const pre = entry.precheck;
    if (!pre) return;
    if (pre.report !== undefined || pre.params !== undefined)
      check.add(
        FILE,
        `${at}/precheck/${pre.report !== undefined ? 'report' : 'params'}`,
        'PRECHECK_FORMAT_1',
        'a precheck names a rule (rules/<name>.json) instead of running a report',
        '预检应引用规则（rules/<名称>.json），而不是直接运行报表',
      );
    if (pre.rule !== undefined)
      checkRuleUse(
        check,
        FILE,
        `${at}/precheck/rule`,
        pre.rule,
        Object.keys(pre.input ?? {}),
        `${at}/precheck/input`,
      );
    for (const p of inputSyntaxProblems(
      { input: pre.input ?? {}, values: pre.values ?? {} },
      `${at}/precheck`,
    ))
      check.add(FILE, p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
    pre.warnings.forEach((w, k) => {
      const problem = feelSyntaxError(w.when);
      if (problem)
        check.add(
          FILE,
          `${at}/precheck/warnings/${k}/when`,
          'FEEL_INVALID',
          `FEEL: ${problem}`,
          `FEEL 表达式错误：${problem}`,
        );
    });
  });
}
