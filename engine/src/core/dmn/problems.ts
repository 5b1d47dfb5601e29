// Deploy-time problems of a DMN file: each names where it is — the decision, and inside a decision
// table the rule and the cell (the XML element's id, which the table editor highlights) — and says
// what is wrong in English and Chinese. All of them are reported at once.

export interface DmnProblem {
  /** Stable code, e.g. FEEL_SYNTAX. */
  code: string;
  decisionId?: string;
  decisionName?: string;
  /** The XML element: a decision, an input or output column, a rule or one of its cells. */
  elementId?: string;
  /** The rule the element belongs to, and its number (1-based, as the table shows it). */
  ruleId?: string;
  rule?: number;
  message: string;
  messageZh: string;
}

type Params = Record<string, string | number>;

const CATALOGUE: Record<string, { en: string; zh: string }> = {
  XML_INVALID: {
    en: 'The file is not valid DMN 1.3 XML: {detail}',
    zh: '文件不是有效的 DMN 1.3 XML：{detail}',
  },
  XML_UNPARSABLE_CONTENT: {
    en: 'Unknown or misplaced XML content: {detail}',
    zh: '无法识别或位置错误的 XML 内容：{detail}',
  },
  DMN_VERSION_UNSUPPORTED: {
    en: 'The file is DMN {version}; open it in Camunda Modeler 5 and save it again (it becomes DMN 1.3).',
    zh: '文件为 DMN {version}；请在 Camunda Modeler 5 中打开并重新保存（将升级为 DMN 1.3）。',
  },
  DEFINITIONS_ID_MISSING: {
    en: 'The decision requirements graph (definitions) has no id.',
    zh: '决策需求图（definitions）缺少 ID。',
  },
  NO_DECISION: {
    en: 'The file contains no decision.',
    zh: '文件中没有决策。',
  },
  DECISION_WITHOUT_ID: {
    en: 'A decision has no id.',
    zh: '有决策缺少 ID。',
  },
  DUPLICATE_ID: {
    en: 'The id "{id}" is used by more than one element.',
    zh: 'ID“{id}”被多个元素使用。',
  },
  DECISION_LOGIC_MISSING: {
    en: 'The decision has no logic: make it a decision table or a literal expression.',
    zh: '决策没有逻辑：请将其设为决策表或字面表达式。',
  },
  DECISION_LOGIC_UNSUPPORTED: {
    en: 'The decision is a {kind}; only decision tables and literal expressions run here.',
    zh: '决策为{kind}；此处只能运行决策表和字面表达式。',
  },
  DRG_ELEMENT_UNSUPPORTED: {
    en: '{kind} "{id}" is not supported: decisions may require other decisions and input data only.',
    zh: '不支持{kind}“{id}”：决策只能依赖其他决策和输入数据。',
  },
  REQUIRED_DECISION_UNKNOWN: {
    en: 'The required decision "{href}" is not in this file.',
    zh: '所依赖的决策“{href}”不在此文件中。',
  },
  DECISION_CYCLE: {
    en: 'The decisions require each other in a cycle: {cycle}.',
    zh: '决策之间形成循环依赖：{cycle}。',
  },
  EXPRESSION_LANGUAGE_UNSUPPORTED: {
    en: 'The expression language "{language}" is not supported; write FEEL.',
    zh: '不支持表达式语言“{language}”；请使用 FEEL。',
  },
  HIT_POLICY_UNSUPPORTED: {
    en: 'The hit policy "{policy}" is not supported (supported: UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER).',
    zh: '不支持命中策略“{policy}”（支持：UNIQUE、FIRST、PRIORITY、ANY、COLLECT、RULE ORDER、OUTPUT ORDER）。',
  },
  AGGREGATION_NOT_ALLOWED: {
    en: 'An aggregation ({aggregation}) needs the hit policy COLLECT.',
    zh: '聚合（{aggregation}）只能用于命中策略 COLLECT。',
  },
  AGGREGATION_OUTPUTS: {
    en: 'COLLECT with {aggregation} needs exactly one output column, found {count}.',
    zh: 'COLLECT 搭配 {aggregation} 时只能有一个输出列，实际有 {count} 个。',
  },
  OUTPUT_MISSING: {
    en: 'The decision table has no output column.',
    zh: '决策表没有输出列。',
  },
  OUTPUT_NAME_MISSING: {
    en: 'The output column "{column}" needs a name: the table has several outputs.',
    zh: '输出列“{column}”需要名称：该表有多个输出。',
  },
  OUTPUT_NAME_DUPLICATE: {
    en: 'Two output columns are named "{name}".',
    zh: '有两个输出列都命名为“{name}”。',
  },
  OUTPUT_VALUES_MISSING: {
    en: 'The hit policy {policy} orders results by the output values: list them on the output column "{column}".',
    zh: '命中策略 {policy} 按输出值排序：请在输出列“{column}”上列出输出值。',
  },
  OUTPUT_VALUES_INVALID: {
    en: 'The output values of "{column}" must be a list of literals ("a", "b" or 1, 2): {detail}',
    zh: '输出列“{column}”的输出值必须是字面量列表（"a", "b" 或 1, 2）：{detail}',
  },
  INPUT_EXPRESSION_MISSING: {
    en: 'The input column "{column}" has no input expression.',
    zh: '输入列“{column}”缺少输入表达式。',
  },
  RULE_CELLS_MISMATCH: {
    en: 'Rule {rule} has {inputs} input and {outputs} output cells; the table has {inputColumns} inputs and {outputColumns} outputs.',
    zh: '规则 {rule} 有 {inputs} 个输入单元格和 {outputs} 个输出单元格；该表有 {inputColumns} 个输入列和 {outputColumns} 个输出列。',
  },
  FEEL_SYNTAX: {
    en: '{where}: the expression does not parse: {detail}',
    zh: '{whereZh}：表达式无法解析：{detail}',
  },
  DECISION_ID_TAKEN: {
    en: 'The decision id "{id}" belongs to the decisions of "{drgId}"; a decision id can be deployed from one DMN file only.',
    zh: '决策 ID“{id}”属于“{drgId}”中的决策；一个决策 ID 只能由一个 DMN 文件部署。',
  },
  LITERAL_EXPRESSION_MISSING: {
    en: 'The literal expression is empty.',
    zh: '字面表达式为空。',
  },
};

export function dmnProblem(
  code: keyof typeof CATALOGUE | string,
  at: Omit<DmnProblem, 'code' | 'message' | 'messageZh'>,
  params: Params = {},
): DmnProblem {
  const entry = CATALOGUE[code] ?? { en: code, zh: code };
  const fill = (text: string): string =>
    text.replace(/\{(\w+)\}/g, (_, key: string) =>
      String(params[key] ?? params[key.replace(/Zh$/, '')] ?? ''),
    );
  const where: DmnProblem = { code, ...at, message: fill(entry.en), messageZh: fill(entry.zh) };
  // Undefined keys would read as present in JSON replies and test expectations.
  for (const key of Object.keys(where) as Array<keyof DmnProblem>)
    if (where[key] === undefined) delete where[key];
  return where;
}
