// flows/<name>.bpmn: the process id is '<module>-<name>'; the BPMN passes deploy-time validation
// (known actions and forms, the approvals layer's checks), every service task that evaluates a
// rule names one that exists and gives it its inputs (as task headers), every business rule
// task calls a decision the module (or one it depends on) defines, and every user task has a
// Chinese name (forma:nameZh): a module's texts are in both languages (its labels must be), and
// a step's name is what the people deciding it read in their inbox.
import { compileBpmn } from '../../flows/compile.ts';
import type { ProcessModel } from '../../flows/model.ts';
import type { ModuleFlow } from '../definition.ts';
import { moduleItemId } from '../ids.ts';
import { baseName, type ModuleCheck } from './context.ts';
import { checkDecisionCalls } from './decisions.ts';
import { checkRuleUse, RULE_ACTION } from './rules.ts';

export async function checkFlows(check: ModuleCheck, files: string[]): Promise<ModuleFlow[]> {
  // Processes are known by their file names, so a broken one is reported once, not again by
  // every entry and automation that names it.
  for (const file of files) check.processIds.add(moduleItemId(check.id, baseName(file)));
  const flows: ModuleFlow[] = [];
  for (const file of files) {
    const xml = check.read(file)!;
    const result = await compileBpmn(xml, {
      knownActions: check.lookups.knownActions,
      isKnownForm: (f) => check.knownForm(f),
    });
    if (!result.ok) {
      for (const p of result.problems)
        check.add(file, p.elementId ? `#${p.elementId}` : '', p.code, p.message, p.messageZh);
      continue;
    }
    for (const p of check.lookups.checkModel?.(result.model) ?? [])
      check.add(file, p.elementId ? `#${p.elementId}` : '', p.code, p.message, p.messageZh);
    const processId = result.model.processId;
    const expected = moduleItemId(check.id, baseName(file));
    if (processId !== expected)
      check.add(
        file,
        `#${processId}`,
        'PROCESS_ID_MISMATCH',
        `the process id must be "${expected}" (module and file name)`,
        `流程 ID 必须为“${expected}”（模块名与文件名）`,
      );
    checkRuleTasks(check, file, result.model);
    checkStepNames(check, file, result.model);
    checkDecisionCalls(check, file, result.model);
    check.userTasks.set(
      processId,
      new Set(
        Object.values(result.model.elements)
          .filter((e) => e.type === 'userTask')
          .map((e) => e.id),
      ),
    );
    flows.push({ file, processId, xml });
  }
  return flows;
}

function checkRuleTasks(check: ModuleCheck, file: string, model: ProcessModel): void {
  for (const element of Object.values(model.elements)) {
    if (element.type !== 'serviceTask' || element.jobType !== RULE_ACTION) continue;
    const { rule, ...inputs } = element.headers ?? {};
    checkRuleUse(check, file, `#${element.id}`, rule, Object.keys(inputs));
  }
}

function checkStepNames(check: ModuleCheck, file: string, model: ProcessModel): void {
  for (const element of Object.values(model.elements))
    if (element.type === 'userTask' && !element.nameZh?.trim())
      check.add(
        file,
        `#${element.id}`,
        'STEP_NAME_ZH_MISSING',
        `the user task "${element.name ?? element.id}" has no Chinese name (forma:nameZh): Chinese readers would see it in English`,
        `用户任务“${element.name ?? element.id}”缺少中文名称（forma:nameZh），中文用户将看到英文名称`,
      );
}
