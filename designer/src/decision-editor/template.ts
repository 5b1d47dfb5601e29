// A new decision table as dmn-js would start it: one input, one output, one empty rule, hit policy
// UNIQUE, in a DMN 1.3 file (Camunda 8) of its own whose id is the table's with "-drg".
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface TemplateTexts {
  input: string;
  output: string;
}

export function newDecisionXml(decisionId: string, name: string, texts: TemplateTexts): string {
  const id = esc(decisionId);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${id}-drg" name="${esc(name)}" namespace="http://camunda.org/schema/1.0/dmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <decision id="${id}" name="${esc(name)}">
    <decisionTable id="${id}-table" hitPolicy="UNIQUE">
      <input id="${id}-input-1" label="${esc(texts.input)}">
        <inputExpression id="${id}-input-1-expression" typeRef="number">
          <text>amount</text>
        </inputExpression>
      </input>
      <output id="${id}-output-1" label="${esc(texts.output)}" name="result" typeRef="string" />
      <rule id="${id}-rule-1">
        <inputEntry id="${id}-rule-1-input-1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="${id}-rule-1-output-1">
          <text></text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="${id}-diagram">
      <dmndi:DMNShape id="${id}-shape" dmnElementRef="${id}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** What the file pickers offer: DMN files as Camunda Modeler saves them. */
export const DMN_FILES = '.dmn,.xml,application/xml,text/xml';

/** The id of the first decision in a DMN file (an imported file is opened by it). */
export function firstDecisionId(xml: string): string | null {
  return /<(?:\w+:)?decision\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1] ?? null;
}
