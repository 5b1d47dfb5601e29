// A new decision table as dmn-js would start it: one input, one output, one empty rule, hit policy
// UNIQUE, in a DMN 1.3 file (Camunda 8) of its own whose id is the table's with "-drg". Named in
// both languages as flows are: `name` the English one (what every DMN tool reads), `forma:nameZh`
// (schemas/forma-dmn-moddle.json, read by the engine) the Chinese one, on the table and its file.
import { nameIn, type NameLocale } from '#engine/core/flows/names/localized-name.ts';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface TemplateTexts {
  input: string;
  output: string;
}

/** A decision's name: a bare string (no Chinese name known) or both languages. */
export type DecisionName = string | { en: string; 'zh-CN'?: string | undefined };

export const FORMA_DMN_NS = 'https://forma.dev/schema/dmn/1.0';

export function newDecisionXml(decisionId: string, name: DecisionName, texts: TemplateTexts): string {
  const id = esc(decisionId);
  const en = (typeof name === 'string' ? name : name.en).trim();
  const zh = (typeof name === 'string' ? '' : (name['zh-CN'] ?? '')).trim();
  // The Chinese name left out when it is missing or the same.
  const named = `name="${esc(en || zh)}"${zh && zh !== (en || zh) ? ` forma:nameZh="${esc(zh)}"` : ''}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:forma="${FORMA_DMN_NS}" id="${id}-drg" ${named} namespace="http://camunda.org/schema/1.0/dmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <decision id="${id}" ${named}>
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

/** A deployed decision's name in the reader's language (the Chinese one for zh-CN when it has one), else its id. */
export function decisionNameIn(
  d: { decisionId: string; name?: string | undefined; nameZh?: string | undefined },
  locale: NameLocale,
): string {
  return nameIn(
    { ...(d.name ? { name: d.name } : {}), ...(d.nameZh ? { nameZh: d.nameZh } : {}) },
    locale,
    d.decisionId,
  );
}

/** What the file pickers offer: DMN files as Camunda Modeler saves them. */
export const DMN_FILES = '.dmn,.xml,application/xml,text/xml';

/** The id of the first decision in a DMN file (an imported file is opened by it). */
export function firstDecisionId(xml: string): string | null {
  return /<(?:\w+:)?decision\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1] ?? null;
}
