// decisions/<name>.dmn: DMN decision tables a module ships. The file holds the decision
// '<module>-<name>' (and may hold the decisions it requires); every decision and the decision
// requirements graph itself are named '<module>-…' (their ids are global, as a process id is; the
// graph's id cannot be the decision's, XML ids being unique in a file). The file passes the checks deploying runs (every problem at '#<element id>',
// a cell of a table included). Business rule tasks of the module's flows call decisions the
// module or a module it depends on defines (checkDecisionCalls, from flows.ts).
import { compileDmn } from '../../dmn/compile.ts';
import { decisionCalls } from '../../flows/compile/business-rule-task.ts';
import type { ProcessModel } from '../../flows/model.ts';
import { isExpression } from '../../feel/feel.ts';
import type { ModuleDecision } from '../definition.ts';
import { moduleItemId } from '../ids.ts';
import { baseName, type ModuleCheck } from './context.ts';

export async function checkDecisions(check: ModuleCheck, files: string[]): Promise<ModuleDecision[]> {
  const decisions: ModuleDecision[] = [];
  const owner = new Map<string, string>();
  for (const file of files) {
    const xml = check.read(file)!;
    const compiled = await compileDmn(xml);
    if (!compiled.ok) {
      for (const p of compiled.problems)
        check.add(file, p.elementId ? `#${p.elementId}` : '', p.code, p.message, p.messageZh);
      // Its decisions are known all the same, so flows calling them are not reported twice.
      for (const m of xml.matchAll(/<(?:\w+:)?decision\b[^>]*\bid="([^"]+)"/g)) check.decisionIds.add(m[1]!);
      continue;
    }
    const model = compiled.model;
    const expected = moduleItemId(check.id, baseName(file));
    if (!model.decisions[expected])
      check.add(
        file,
        '',
        'DECISION_MISSING',
        `the file must hold the decision "${expected}" (module and file name)`,
        `文件中必须有决策“${expected}”（模块名与文件名）`,
      );
    for (const id of [model.id, ...Object.keys(model.decisions)]) {
      if (!id.startsWith(`${check.id}-`))
        check.add(
          file,
          `#${id}`,
          'DECISION_ID_PREFIX',
          `the id must start with "${check.id}-"`,
          `ID 必须以“${check.id}-”开头`,
        );
      if (id === model.id) continue;
      const other = owner.get(id);
      if (other)
        check.add(
          file,
          `#${id}`,
          'DECISION_ID_DUPLICATE',
          `the decision "${id}" is also in ${other}`,
          `决策“${id}”也在 ${other} 中`,
        );
      owner.set(id, file);
      check.decisionIds.add(id);
    }
    decisions.push({ file, drgId: model.id, decisionIds: Object.keys(model.decisions), xml });
  }
  return decisions;
}

/** Every business rule task of a module flow calls a decision that exists (FEEL ids are checked when they run). */
export function checkDecisionCalls(check: ModuleCheck, file: string, model: ProcessModel): void {
  for (const call of decisionCalls(model)) {
    if (!call.decisionId || isExpression(call.decisionId) || check.knownDecision(call.decisionId)) continue;
    check.unknown(file, `#${call.elementId}`, 'UNKNOWN_DECISION', 'decision', '决策', call.decisionId);
  }
}
