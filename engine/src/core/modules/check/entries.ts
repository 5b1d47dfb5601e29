// The catalogue entries of module.json: ids '<module>-<name>', a form and a process of the module,
// a precheck that evaluates a named rule (module format 1 ran a report there instead), and field
// permissions per step that name the flow's user tasks (or `requester`) and the form's fields, and
// a one-tap entry's location and tap-time fields (of its form) and the forms of what it shows.
import type { ModuleEntry, ModuleManifest } from '#schemas/generated/index.ts';
import { REQUESTER_STEP } from '../../approvals/field-access.ts';
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
    checkFieldPermissions(check, entry, at);
    checkTap(check, entry, at);
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

function checkFieldPermissions(check: ModuleCheck, entry: ModuleEntry, at: string): void {
  const steps = entry.flow ? check.userTasks.get(entry.flow) : undefined;
  const fields = check.formFields.get(entry.form);
  for (const [step, access] of Object.entries(entry.fieldPermissions ?? {})) {
    if (step !== REQUESTER_STEP && steps && !steps.has(step))
      check.add(
        FILE,
        `${at}/fieldPermissions/${step}`,
        'UNKNOWN_STEP',
        `"${step}" is not a user task of ${entry.flow ?? 'the flow'} (nor "${REQUESTER_STEP}")`,
        `“${step}”不是 ${entry.flow ?? '流程'} 的用户任务（也不是“${REQUESTER_STEP}”）`,
      );
    for (const field of Object.keys(access))
      if (fields && !fields.has(field))
        check.add(
          FILE,
          `${at}/fieldPermissions/${step}/${field}`,
          'UNKNOWN_FIELD',
          `"${field}" is not a field of ${entry.form}`,
          `“${field}”不是 ${entry.form} 的字段`,
        );
  }
}

function checkTap(check: ModuleCheck, entry: ModuleEntry, at: string): void {
  const fields = check.formFields.get(entry.form);
  for (const [key, field] of Object.entries(entry.tap?.location ?? {}))
    if (fields && field && !fields.has(field))
      check.add(
        FILE,
        `${at}/tap/location/${key}`,
        'UNKNOWN_FIELD',
        `"${field}" is not a field of ${entry.form}`,
        `“${field}”不是 ${entry.form} 的字段`,
      );
  const tappedAt = entry.tap?.tappedAt?.field;
  if (fields && tappedAt && !fields.has(tappedAt))
    check.add(
      FILE,
      `${at}/tap/tappedAt/field`,
      'UNKNOWN_FIELD',
      `"${tappedAt}" is not a field of ${entry.form}`,
      `“${tappedAt}”不是 ${entry.form} 的字段`,
    );
  (entry.tap?.show ?? []).forEach((show, k) => {
    if (!check.formIds.has(show.form))
      check.unknown(
        FILE,
        `${at}/tap/show/${k}/form`,
        'UNKNOWN_FORM',
        'form in this module',
        '本模块中的表单',
        show.form,
      );
  });
}
