// Document types' submit and cancel checks (doctype.json `submitChecks`, `cancelChecks`): each names a rule of the module (or
// of one it depends on) and gives every input the rule takes; inputs and conditions are FEEL that
// parses. Run after the rules are known.
import type { FormDefinition } from '#schemas/generated/index.ts';
import { inputSyntaxProblems } from '../../automations/feel-values.ts';
import { feelSyntaxError } from '../../feel/feel.ts';
import type { ModuleCheck } from './context.ts';
import { checkRuleUse } from './rules.ts';

export function checkSubmitChecks(check: ModuleCheck, forms: readonly FormDefinition[]): void {
  for (const form of forms) {
    const folder = form.id.slice(check.id.length + 1);
    const file = `doctypes/${folder}/doctype.json`;
    const checks = [
      ...(form.submitChecks ?? []).map((sc, i) => ({ sc, at: `/submitChecks/${i}` })),
      ...(form.cancelChecks ?? []).map((sc, i) => ({ sc, at: `/cancelChecks/${i}` })),
    ];
    checks.forEach(({ sc, at }) => {
      checkRuleUse(check, file, `${at}/rule`, sc.rule, Object.keys(sc.input ?? {}), `${at}/input`);
      for (const p of inputSyntaxProblems(sc.input ?? {}, `${at}/input`))
        check.add(file, p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
      sc.refusals.forEach((r, k) => {
        const problem = feelSyntaxError(r.when);
        if (problem)
          check.add(
            file,
            `${at}/refusals/${k}/when`,
            'FEEL_INVALID',
            `FEEL: ${problem}`,
            `FEEL 表达式错误：${problem}`,
          );
      });
    });
  }
}
