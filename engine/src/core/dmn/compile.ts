// DMN XML (Camunda Modeler 5 / dmn-js: DMN 1.3, also 1.4 and 1.5) → a validated, plain-JSON
// decision requirements graph (DrgModel).
//
// Parsing uses dmn-moddle, the bpmn.io DMN parser that dmn-js itself uses, so a table the editor
// saves is read the same way here. What runs: decisions whose logic is a decision table
// (compile-table.ts) or a literal expression, requiring other decisions of the same file; input
// data, knowledge sources, text annotations and the diagram are documentation. Everything else is
// refused by its id, and every FEEL text is syntax-checked, so an analyst sees every problem of a
// file at once, at its decision, rule and cell. Pure: no I/O.
import { DmnModdle } from 'dmn-moddle';
import formaDescriptor from '#schemas/forma-dmn-moddle.json' with { type: 'json' };
import { withNameZh } from '../flows/names/localized-name.ts';
import { compileDecisionTable } from './compile-table.ts';
import { checkFeel, isFeelLanguage, textOf, type DmnNode } from './compile-feel.ts';
import { DRG_FORMAT, type DecisionModel, type DrgModel } from './model.ts';
import { dmnVersionOf } from './namespaces.ts';
import { dmnProblem, type DmnProblem } from './problems.ts';

export type DmnCompileResult = { ok: true; model: DrgModel } | { ok: false; problems: DmnProblem[] };

const LOGIC_NAMES: Record<string, { en: string; zh: string }> = {
  'dmn:Context': { en: 'boxed context', zh: '上下文（boxed context）' },
  'dmn:Relation': { en: 'relation', zh: '关系（relation）' },
  'dmn:List': { en: 'list', zh: '列表（list）' },
  'dmn:Invocation': { en: 'invocation', zh: '调用（invocation）' },
  'dmn:FunctionDefinition': { en: 'function definition', zh: '函数定义' },
};
const DOCUMENTATION = new Set(['dmn:InputData', 'dmn:KnowledgeSource']);

let moddle: DmnModdle | null = null;
// Forma's descriptor reads a decision's (and the file's) Chinese name, forma:nameZh, as flows have.
const getModdle = (): DmnModdle => (moddle ??= new DmnModdle({ forma: formaDescriptor }));

export async function compileDmn(xml: string): Promise<DmnCompileResult> {
  const problems: DmnProblem[] = [];
  const fail = (p: DmnProblem): DmnCompileResult => ({ ok: false, problems: [p] });
  if (typeof xml !== 'string' || xml.trim() === '')
    return fail(dmnProblem('XML_INVALID', {}, { detail: 'empty input' }));
  const { version, xml: dmn13 } = dmnVersionOf(xml);
  if (version === '1.1' || version === '1.2')
    return fail(dmnProblem('DMN_VERSION_UNSUPPORTED', {}, { version }));
  let definitions: DmnNode;
  try {
    const parsed = await getModdle().fromXML(dmn13, 'dmn:Definitions');
    definitions = parsed.rootElement as DmnNode;
    for (const w of parsed.warnings)
      problems.push(dmnProblem('XML_UNPARSABLE_CONTENT', {}, { detail: oneLine(w.message) }));
  } catch (e) {
    const detail = oneLine((e as Error).message);
    return fail(dmnProblem('XML_INVALID', {}, { detail: version ? detail : `no DMN namespace (${detail})` }));
  }
  if (!definitions.id) problems.push(dmnProblem('DEFINITIONS_ID_MISSING', {}));
  if (!isFeelLanguage(definitions.expressionLanguage))
    problems.push(
      dmnProblem('EXPRESSION_LANGUAGE_UNSUPPORTED', {}, { language: String(definitions.expressionLanguage) }),
    );

  const elements = (definitions.drgElement as DmnNode[] | undefined) ?? [];
  const decisions: Record<string, DecisionModel> = {};
  for (const element of elements) {
    if (element.$type === 'dmn:Decision') {
      const decision = compileDecision(element, problems);
      if (decision) decisions[decision.id] = decision;
    } else if (!DOCUMENTATION.has(element.$type)) {
      const kind =
        element.$type === 'dmn:BusinessKnowledgeModel' ? 'A business knowledge model' : 'A decision service';
      const kindZh = element.$type === 'dmn:BusinessKnowledgeModel' ? '业务知识模型' : '决策服务';
      problems.push(
        dmnProblem('DRG_ELEMENT_UNSUPPORTED', at(element), { kind, kindZh, id: String(element.id ?? '') }),
      );
    }
  }
  if (elements.every((e) => e.$type !== 'dmn:Decision')) problems.push(dmnProblem('NO_DECISION', {}));
  checkRequirements(decisions, problems);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    model: {
      format: DRG_FORMAT,
      id: String(definitions.id),
      ...(definitions.name ? { name: String(definitions.name) } : {}),
      ...withNameZh(definitions),
      ...(definitions.namespace ? { namespace: String(definitions.namespace) } : {}),
      decisions,
    },
  };
}

function compileDecision(node: DmnNode, problems: DmnProblem[]): DecisionModel | null {
  if (!node.id) {
    problems.push(dmnProblem('DECISION_WITHOUT_ID', {}));
    return null;
  }
  const id = String(node.id);
  const where = { decisionId: id, ...(node.name ? { decisionName: String(node.name) } : {}) };
  const requires: string[] = [];
  for (const req of (node.informationRequirement as DmnNode[] | undefined) ?? []) {
    const href = (req.requiredDecision as DmnNode | undefined)?.href;
    if (typeof href === 'string') requires.push(href.startsWith('#') ? href.slice(1) : href);
  }
  for (const req of (node.knowledgeRequirement as DmnNode[] | undefined) ?? []) {
    const href = String((req.requiredKnowledge as DmnNode | undefined)?.href ?? '').replace(/^#/, '');
    problems.push(
      dmnProblem(
        'DRG_ELEMENT_UNSUPPORTED',
        { ...where, elementId: String(req.id ?? id) },
        { kind: 'A business knowledge model', kindZh: '业务知识模型', id: href },
      ),
    );
  }
  const variable = node.variable as DmnNode | undefined;
  const resultName = typeof variable?.name === 'string' && variable.name.trim() ? variable.name.trim() : id;
  const versionTag = versionTagOf(node);
  const logicNode = node.decisionLogic as DmnNode | undefined;
  const base = {
    id,
    ...(node.name ? { name: String(node.name) } : {}),
    ...withNameZh(node),
    resultName,
    requires,
  };
  const extra = versionTag ? { versionTag } : {};
  if (!logicNode) {
    problems.push(dmnProblem('DECISION_LOGIC_MISSING', { ...where, elementId: id }));
    return null;
  }
  if (logicNode.$type === 'dmn:DecisionTable') {
    const logic = compileDecisionTable(logicNode, where, problems);
    return logic ? { ...base, ...extra, logic } : null;
  }
  if (logicNode.$type === 'dmn:LiteralExpression') {
    const expression = textOf(logicNode);
    const cell = { ...where, elementId: String(logicNode.id ?? id) };
    if (!isFeelLanguage(logicNode.expressionLanguage))
      problems.push(
        dmnProblem('EXPRESSION_LANGUAGE_UNSUPPORTED', cell, {
          language: String(logicNode.expressionLanguage),
        }),
      );
    if (!expression) problems.push(dmnProblem('LITERAL_EXPRESSION_MISSING', cell));
    else
      checkFeel(problems, cell, expression, 'expression', { en: 'The literal expression', zh: '字面表达式' });
    const typeRef = typeof variable?.typeRef === 'string' ? variable.typeRef : undefined;
    return {
      ...base,
      ...extra,
      logic: { kind: 'literal', id: String(logicNode.id ?? id), expression, ...(typeRef ? { typeRef } : {}) },
    };
  }
  const names = LOGIC_NAMES[logicNode.$type] ?? { en: logicNode.$type, zh: logicNode.$type };
  problems.push(
    dmnProblem(
      'DECISION_LOGIC_UNSUPPORTED',
      { ...where, elementId: String(logicNode.id ?? id) },
      { kind: names.en, kindZh: names.zh },
    ),
  );
  return null;
}

/** Camunda Modeler writes a decision's version tag as <zeebe:versionTag value="…"/>. */
function versionTagOf(node: DmnNode): string | undefined {
  const values = ((node.extensionElements as DmnNode | undefined)?.values as DmnNode[] | undefined) ?? [];
  const tag = values.find((v) => /:versionTag$/.test(v.$type));
  const value = tag?.value ?? (tag?.$attrs as Record<string, string> | undefined)?.value;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Required decisions must be in the file and must not require each other in a cycle. */
function checkRequirements(decisions: Record<string, DecisionModel>, problems: DmnProblem[]): void {
  for (const d of Object.values(decisions))
    for (const href of d.requires)
      if (!decisions[href])
        problems.push(
          dmnProblem(
            'REQUIRED_DECISION_UNKNOWN',
            { decisionId: d.id, ...(d.name ? { decisionName: d.name } : {}), elementId: d.id },
            { href },
          ),
        );
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done' || !decisions[id]) return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        problems.push(
          dmnProblem('DECISION_CYCLE', { decisionId: id, elementId: id }, { cycle: cycle.join(' → ') }),
        );
      }
      return;
    }
    state.set(id, 'visiting');
    for (const next of decisions[id]!.requires) visit(next, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of Object.keys(decisions)) visit(id, []);
}

const at = (node: DmnNode): { elementId?: string } => (node.id ? { elementId: String(node.id) } : {});
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
