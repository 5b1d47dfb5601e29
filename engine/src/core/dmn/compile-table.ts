// Decision tables: hit policy and aggregation, input columns (FEEL input expressions), output
// columns (names, output values that order PRIORITY and OUTPUT ORDER results, default values),
// and the rules — every cell's FEEL checked and reported at the cell, with the rule's number.
import {
  checkFeel,
  isFeelLanguage,
  literalList,
  textOf,
  type DmnNode,
  type ProblemPlace,
} from './compile-feel.ts';
import type { Aggregation, DecisionTableLogic, HitPolicy, InputClause, OutputClause, Rule } from './model.ts';
import { dmnProblem, type DmnProblem } from './problems.ts';

const HIT_POLICIES = new Set<HitPolicy>([
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
]);
const AGGREGATIONS = new Set<Aggregation>(['SUM', 'MIN', 'MAX', 'COUNT']);

/** How a column is named in messages: its label, name or expression, else its id. */
function columnName(node: DmnNode, expression?: string): string {
  const label = typeof node.label === 'string' ? node.label.trim() : '';
  const name = typeof node.name === 'string' ? node.name.trim() : '';
  return label || name || expression || String(node.id ?? '?');
}

export function compileDecisionTable(
  node: DmnNode,
  decision: { decisionId: string; decisionName?: string },
  problems: DmnProblem[],
): DecisionTableLogic | null {
  const before = problems.length;
  const tableAt: ProblemPlace = { ...decision, elementId: String(node.id ?? decision.decisionId) };
  const hitPolicy = String(node.hitPolicy ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.has(hitPolicy))
    problems.push(dmnProblem('HIT_POLICY_UNSUPPORTED', tableAt, { policy: hitPolicy }));
  const aggregation = node.aggregation ? (String(node.aggregation) as Aggregation) : undefined;
  if (aggregation && (!AGGREGATIONS.has(aggregation) || hitPolicy !== 'COLLECT'))
    problems.push(dmnProblem('AGGREGATION_NOT_ALLOWED', tableAt, { aggregation }));

  const inputNodes = (node.input as DmnNode[] | undefined) ?? [];
  const outputNodes = (node.output as DmnNode[] | undefined) ?? [];
  const inputs = inputNodes.map((n) => compileInput(n, decision, problems));
  const outputs = outputNodes.map((n) => compileOutput(n, hitPolicy, decision, problems));
  if (outputs.length === 0) problems.push(dmnProblem('OUTPUT_MISSING', tableAt));
  if (aggregation && outputs.length !== 1)
    problems.push(dmnProblem('AGGREGATION_OUTPUTS', tableAt, { aggregation, count: outputs.length }));
  if (outputs.length > 1) {
    const seen = new Set<string>();
    outputNodes.forEach((n, i) => {
      const name = outputs[i]!.name;
      const place = { ...decision, elementId: String(n.id ?? '') };
      if (!name) problems.push(dmnProblem('OUTPUT_NAME_MISSING', place, { column: columnName(n) }));
      else if (seen.has(name)) problems.push(dmnProblem('OUTPUT_NAME_DUPLICATE', place, { name }));
      else seen.add(name);
    });
  }

  const rules: Rule[] = ((node.rule as DmnNode[] | undefined) ?? []).map((r, i) =>
    compileRule(r, i + 1, { inputNodes, outputNodes, inputs }, decision, problems),
  );
  if (problems.length > before) return null;
  return {
    kind: 'table',
    id: String(node.id ?? decision.decisionId),
    hitPolicy,
    ...(aggregation ? { aggregation } : {}),
    inputs,
    outputs,
    rules,
  };
}

function compileInput(node: DmnNode, decision: ProblemPlace, problems: DmnProblem[]): InputClause {
  const exprNode = node.inputExpression as DmnNode | undefined;
  const expression = textOf(exprNode);
  const column = columnName(node, expression);
  // Problems of the column are at the column (the input), which the table editor shows.
  const place = { ...decision, elementId: String(node.id ?? exprNode?.id ?? '') };
  if (!isFeelLanguage(exprNode?.expressionLanguage))
    problems.push(
      dmnProblem('EXPRESSION_LANGUAGE_UNSUPPORTED', place, {
        language: String(exprNode?.expressionLanguage),
      }),
    );
  if (!expression) problems.push(dmnProblem('INPUT_EXPRESSION_MISSING', place, { column }));
  else
    checkFeel(problems, place, expression, 'expression', {
      en: `The input expression of "${column}"`,
      zh: `输入列“${column}”的输入表达式`,
    });
  const allowed = textOf(node.inputValues as DmnNode | undefined);
  if (allowed)
    checkFeel(
      problems,
      { ...decision, elementId: String((node.inputValues as DmnNode).id ?? node.id) },
      allowed,
      'unaryTests',
      {
        en: `The input values of "${column}"`,
        zh: `输入列“${column}”的输入值`,
      },
    );
  const typeRef = typeof exprNode?.typeRef === 'string' && exprNode.typeRef ? exprNode.typeRef : undefined;
  const label = typeof node.label === 'string' && node.label.trim() ? node.label.trim() : undefined;
  return {
    id: String(node.id ?? ''),
    ...(label ? { label } : {}),
    expression,
    ...(typeRef ? { typeRef } : {}),
  };
}

function compileOutput(
  node: DmnNode,
  hitPolicy: HitPolicy,
  decision: ProblemPlace,
  problems: DmnProblem[],
): OutputClause {
  const column = columnName(node);
  const place = { ...decision, elementId: String(node.id ?? '') };
  const valuesNode = node.outputValues as DmnNode | undefined;
  const valuesText = textOf(valuesNode);
  let priorities: OutputClause['priorities'];
  if (valuesText) {
    const list = literalList(valuesText);
    if (list) priorities = list;
    else
      problems.push(
        dmnProblem(
          'OUTPUT_VALUES_INVALID',
          { ...decision, elementId: String(valuesNode?.id ?? node.id ?? '') },
          { column, detail: valuesText },
        ),
      );
  } else if (hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER')
    problems.push(dmnProblem('OUTPUT_VALUES_MISSING', place, { policy: hitPolicy, column }));
  const defaultNode = node.defaultOutputEntry as DmnNode | undefined;
  const defaultExpression = textOf(defaultNode);
  if (defaultExpression)
    checkFeel(
      problems,
      { ...decision, elementId: String(defaultNode?.id ?? node.id) },
      defaultExpression,
      'expression',
      {
        en: `The default value of "${column}"`,
        zh: `输出列“${column}”的默认值`,
      },
    );
  const name = typeof node.name === 'string' && node.name.trim() ? node.name.trim() : undefined;
  const label = typeof node.label === 'string' && node.label.trim() ? node.label.trim() : undefined;
  const typeRef = typeof node.typeRef === 'string' && node.typeRef ? node.typeRef : undefined;
  return {
    id: String(node.id ?? ''),
    ...(name ? { name } : {}),
    ...(label ? { label } : {}),
    ...(typeRef ? { typeRef } : {}),
    ...(priorities ? { priorities } : {}),
    ...(defaultExpression ? { defaultExpression } : {}),
  };
}

function compileRule(
  node: DmnNode,
  index: number,
  table: { inputNodes: DmnNode[]; outputNodes: DmnNode[]; inputs: InputClause[] },
  decision: ProblemPlace,
  problems: DmnProblem[],
): Rule {
  const id = String(node.id ?? `rule-${index}`);
  const ruleAt = { ...decision, ruleId: id, rule: index };
  const inputCells = (node.inputEntry as DmnNode[] | undefined) ?? [];
  const outputCells = (node.outputEntry as DmnNode[] | undefined) ?? [];
  if (inputCells.length !== table.inputNodes.length || outputCells.length !== table.outputNodes.length)
    problems.push(
      dmnProblem(
        'RULE_CELLS_MISMATCH',
        { ...ruleAt, elementId: id },
        {
          rule: index,
          inputs: inputCells.length,
          outputs: outputCells.length,
          inputColumns: table.inputNodes.length,
          outputColumns: table.outputNodes.length,
        },
      ),
    );
  const inputEntries = inputCells.map((cell, i) => {
    const text = textOf(cell);
    const column = table.inputNodes[i]
      ? columnName(table.inputNodes[i], table.inputs[i]?.expression)
      : `#${i + 1}`;
    if (text && text !== '-')
      checkFeel(problems, { ...ruleAt, elementId: String(cell.id ?? id) }, text, 'unaryTests', {
        en: `Rule ${index}, input "${column}"`,
        zh: `规则 ${index} 的输入“${column}”`,
      });
    return text;
  });
  const outputEntries = outputCells.map((cell, i) => {
    const text = textOf(cell);
    const column = table.outputNodes[i] ? columnName(table.outputNodes[i]) : `#${i + 1}`;
    if (text)
      checkFeel(problems, { ...ruleAt, elementId: String(cell.id ?? id) }, text, 'expression', {
        en: `Rule ${index}, output "${column}"`,
        zh: `规则 ${index} 的输出“${column}”`,
      });
    return text;
  });
  const description =
    typeof node.description === 'string' && node.description.trim() ? node.description.trim() : undefined;
  return {
    id,
    index,
    ...(description ? { description } : {}),
    inputEntries,
    outputEntries,
    inputIds: inputCells.map((c) => String(c.id ?? '')),
    outputIds: outputCells.map((c) => String(c.id ?? '')),
  };
}
