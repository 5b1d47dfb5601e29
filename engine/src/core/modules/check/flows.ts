// flows/<name>.bpmn: the process id is '<module>-<name>'; the BPMN passes deploy-time validation
// (known actions and forms, the approvals layer's checks), and every service task that evaluates
// a rule names one that exists and gives it its inputs (as task headers).
import { compileBpmn } from '../../flows/compile.ts';
import type { ProcessModel } from '../../flows/model.ts';
import type { ModuleFlow } from '../definition.ts';
import { moduleItemId } from '../ids.ts';
import { baseName, type ModuleCheck } from './context.ts';
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
