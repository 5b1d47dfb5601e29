// DMN files are checked as a whole: every problem at once, each at its decision, rule and cell,
// in English and Chinese; DMN 1.4 and 1.5 read as 1.3, DMN 1.1 and 1.2 refused with a hint.
import { describe, expect, it } from 'vitest';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import type { DmnProblem } from '#engine/core/dmn/problems.ts';
import { decisionNameIn, newDecisionXml } from '#designer/decision-editor/template.ts';
import { buildDmn, tableDmn, type TableSpec } from '../../support/dmn-builder.ts';

async function problems(xml: string): Promise<DmnProblem[]> {
  const result = await compileDmn(xml);
  return result.ok ? [] : result.problems;
}

const base: TableSpec = {
  id: 'route',
  inputs: [{ expression: 'amount', typeRef: 'number', label: 'Amount' }],
  outputs: [{ name: 'level', label: 'Level' }],
  rules: [
    { id: 'r1', in: ['< 1000'], out: ['"manager"'] },
    { id: 'r2', in: ['>= 1000'], out: ['"director"'] },
  ],
};

describe('DMN compile', () => {
  it('compiles a decision table into plain JSON', async () => {
    const result = await compileDmn(tableDmn({ ...base, versionTag: 'v2' }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.model).toEqual({
      format: 1,
      id: 'route-drg',
      name: 'route',
      namespace: 'http://camunda.org/schema/1.0/dmn',
      decisions: {
        route: {
          id: 'route',
          name: 'route',
          resultName: 'route',
          versionTag: 'v2',
          requires: [],
          logic: {
            kind: 'table',
            id: 'route_table',
            hitPolicy: 'UNIQUE',
            inputs: [{ id: 'route_in0', label: 'Amount', expression: 'amount', typeRef: 'number' }],
            outputs: [{ id: 'route_out0', name: 'level', label: 'Level', typeRef: 'string' }],
            rules: [
              {
                id: 'r1',
                index: 1,
                inputEntries: ['< 1000'],
                outputEntries: ['"manager"'],
                inputIds: ['r1_i0'],
                outputIds: ['r1_o0'],
              },
              {
                id: 'r2',
                index: 2,
                inputEntries: ['>= 1000'],
                outputEntries: ['"director"'],
                inputIds: ['r2_i0'],
                outputIds: ['r2_o0'],
              },
            ],
          },
        },
      },
    });
  });

  it("reads the Chinese name (forma:nameZh) the designer's new-table template writes, on the table and its file", async () => {
    const texts = { input: 'Input', output: 'Output' };
    const xml = newDecisionXml('discount', { en: 'Discount', 'zh-CN': '折扣' }, texts);
    const result = await compileDmn(xml);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect([result.model.name, result.model.nameZh]).toEqual(['Discount', '折扣']);
    expect(result.model.decisions.discount).toMatchObject({ name: 'Discount', nameZh: '折扣' });
    // By its namespace, whatever the prefix; a file with one name has no Chinese name.
    const otherPrefix = xml.replace('xmlns:forma=', 'xmlns:f=').replace(/forma:nameZh=/g, 'f:nameZh=');
    const again = await compileDmn(otherPrefix);
    expect(again.ok && again.model.decisions.discount!.nameZh).toBe('折扣');
    const plain = await compileDmn(newDecisionXml('discount', 'Discount', texts));
    expect(plain.ok && plain.model.decisions.discount).not.toHaveProperty('nameZh');
    // What the list and the business rule task's picker show: the reader's name, else the other one, else the id.
    const listed = { decisionId: 'discount', name: 'Discount', nameZh: '折扣' };
    expect([decisionNameIn(listed, 'zh-CN'), decisionNameIn(listed, 'en')]).toEqual(['折扣', 'Discount']);
    expect(decisionNameIn({ decisionId: 'discount', name: 'Discount' }, 'zh-CN')).toBe('Discount');
    expect(decisionNameIn({ decisionId: 'discount' }, 'zh-CN')).toBe('discount');
  });

  it('reports every broken cell at once, at its rule and cell id, in both languages', async () => {
    const found = await problems(
      tableDmn({
        ...base,
        rules: [
          { id: 'r1', in: ['< 1000 and'], out: ['"manager"'] },
          { id: 'r2', in: ['>= 1000'], out: ['"director'] },
          { id: 'r3', in: ['-'], out: ['"x"'] },
        ],
      }),
    );
    expect(found.map((p) => [p.code, p.decisionId, p.ruleId, p.rule, p.elementId])).toEqual([
      ['FEEL_SYNTAX', 'route', 'r1', 1, 'r1_i0'],
      ['FEEL_SYNTAX', 'route', 'r2', 2, 'r2_o0'],
    ]);
    expect(found[0]!.message).toMatch(/^Rule 1, input "Amount": the expression does not parse/);
    expect(found[1]!.messageZh).toMatch(/^规则 2 的输出“Level”：表达式无法解析/);
  });

  it('checks hit policies, aggregations, outputs and the values PRIORITY ranks by', async () => {
    const base = { inputs: [{ expression: 'amount' }], outputs: [{ name: 'level' }], rules: [] };
    const found = await problems(
      buildDmn('d', [
        { ...base, id: 'a', hitPolicy: 'PRIORITY', rules: [{ in: ['1'], out: ['"a"'] }] },
        { ...base, id: 'b', hitPolicy: 'FIRST', aggregation: 'SUM' },
        {
          ...base,
          id: 'c',
          hitPolicy: 'COLLECT',
          aggregation: 'MAX',
          outputs: [{ name: 'x' }, { name: 'x' }],
          rules: [],
        },
        { ...base, id: 'e', outputs: [{ label: 'No name' }, { name: 'y' }], rules: [] },
        { ...base, id: 'f', hitPolicy: 'OUTPUT ORDER', outputs: [{ name: 'z', values: 'a, b' }], rules: [] },
        { ...base, id: 'g', inputs: [{ expression: '' }], rules: [{ id: 'g1', in: ['1', '2'], out: ['3'] }] },
      ]),
    );
    expect(found.map((p) => [p.code, p.decisionId, p.elementId])).toEqual([
      ['OUTPUT_VALUES_MISSING', 'a', 'a_out0'],
      ['AGGREGATION_NOT_ALLOWED', 'b', 'b_table'],
      ['AGGREGATION_OUTPUTS', 'c', 'c_table'],
      ['OUTPUT_NAME_DUPLICATE', 'c', 'c_out1'],
      ['OUTPUT_NAME_MISSING', 'e', 'e_out0'],
      ['OUTPUT_VALUES_INVALID', 'f', 'f_out0_values'],
      ['INPUT_EXPRESSION_MISSING', 'g', 'g_in0'],
      ['RULE_CELLS_MISMATCH', 'g', 'g1'],
    ]);
  });

  it('checks the requirements graph: unknown required decisions and cycles', async () => {
    const lit = (id: string, requires: string[]) => ({ id, expression: '1', requires });
    const found = await problems(
      buildDmn('g', [lit('a', ['b']), lit('b', ['c']), lit('c', ['a']), lit('d', ['nowhere'])]),
    );
    expect(found.map((p) => [p.code, p.decisionId])).toEqual([
      ['REQUIRED_DECISION_UNKNOWN', 'd'],
      ['DECISION_CYCLE', 'a'],
    ]);
    expect(found[1]!.message).toContain('a → b → c → a');
  });

  it('refuses what does not run: other logic, business knowledge models, other expression languages', async () => {
    const xml = buildDmn('x', [base]).replace(
      '  <dmndi:DMNDI>',
      `  <decision id="ctx" name="Context"><context id="ctx_logic" /></decision>
  <decision id="empty" name="Empty" />
  <businessKnowledgeModel id="bkm" name="Rates" />
  <inputData id="amountData" name="Amount" />
  <dmndi:DMNDI>`,
    );
    const found = await problems(
      xml
        .replace('<text>amount</text>', '<text>amount</text>')
        .replace('typeRef="number">', 'typeRef="number" expressionLanguage="javascript">'),
    );
    expect(found.map((p) => [p.code, p.elementId])).toEqual([
      ['EXPRESSION_LANGUAGE_UNSUPPORTED', 'route_in0'],
      ['DECISION_LOGIC_UNSUPPORTED', 'ctx_logic'],
      ['DECISION_LOGIC_MISSING', 'empty'],
      ['DRG_ELEMENT_UNSUPPORTED', 'bkm'],
    ]);
    expect(found[1]!.message).toBe(
      'The decision is a boxed context; only decision tables and literal expressions run here.',
    );
  });

  it('reads DMN 1.4 and 1.5 as 1.3 and refuses 1.1 and 1.2 with a hint; not DMN at all is XML_INVALID', async () => {
    const xml13 = tableDmn(base);
    const xml14 = xml13.replace(
      'https://www.omg.org/spec/DMN/20191111/MODEL/',
      'https://www.omg.org/spec/DMN/20211108/MODEL/',
    );
    const xml15 = xml13.replace(
      'https://www.omg.org/spec/DMN/20191111/MODEL/',
      'https://www.omg.org/spec/DMN/20230324/MODEL/',
    );
    expect((await compileDmn(xml14)).ok).toBe(true);
    expect((await compileDmn(xml15)).ok).toBe(true);
    const xml11 = xml13.replace(
      'https://www.omg.org/spec/DMN/20191111/MODEL/',
      'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
    );
    expect(await problems(xml11)).toEqual([
      {
        code: 'DMN_VERSION_UNSUPPORTED',
        message: 'The file is DMN 1.1; open it in Camunda Modeler 5 and save it again (it becomes DMN 1.3).',
        messageZh: '文件为 DMN 1.1；请在 Camunda Modeler 5 中打开并重新保存（将升级为 DMN 1.3）。',
      },
    ]);
    expect(
      (await problems('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'))[0]!
        .code,
    ).toBe('XML_INVALID');
    expect((await problems(''))[0]!.code).toBe('XML_INVALID');
    expect((await problems(xml13.replace('</definitions>', '<foo/></definitions>')))[0]!.code).toBe(
      'XML_UNPARSABLE_CONTENT',
    );
  });
});
