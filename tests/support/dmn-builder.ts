// Writes DMN 1.3 XML the way Camunda Modeler 5 / dmn-js saves it: decision tables with an id on
// every column, rule and cell, literal expression decisions with their variable, required
// decisions as information requirements, and a diagram shape per decision. Tests build their
// tables with it; cells are written as the analyst types them (FEEL, `-` or empty for "any").

export interface TableSpec {
  id: string;
  name?: string;
  hitPolicy?: string;
  aggregation?: string;
  inputs: Array<{ expression: string; label?: string; typeRef?: string }>;
  outputs: Array<{ name?: string; label?: string; typeRef?: string; values?: string }>;
  /** Each rule: its input cells, then its output cells; an optional id and description. */
  rules: Array<{ in: string[]; out: string[]; id?: string; description?: string }>;
  requires?: string[];
  versionTag?: string;
}

export interface LiteralSpec {
  id: string;
  name?: string;
  expression: string;
  variable?: string;
  typeRef?: string;
  requires?: string[];
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function requirements(id: string, requires: string[] = []): string {
  return requires
    .map(
      (r, i) =>
        `    <informationRequirement id="${id}_req${i}">\n      <requiredDecision href="#${r}" />\n    </informationRequirement>\n`,
    )
    .join('');
}

function tableXml(t: TableSpec): string {
  const attrs = [
    t.hitPolicy ? ` hitPolicy="${t.hitPolicy}"` : '',
    t.aggregation ? ` aggregation="${t.aggregation}"` : '',
  ].join('');
  const ext = t.versionTag
    ? `    <extensionElements>\n      <zeebe:versionTag value="${esc(t.versionTag)}" />\n    </extensionElements>\n`
    : '';
  const inputs = t.inputs
    .map(
      (input, i) =>
        `      <input id="${t.id}_in${i}"${input.label ? ` label="${esc(input.label)}"` : ''}>\n` +
        `        <inputExpression id="${t.id}_in${i}_expr" typeRef="${input.typeRef ?? 'string'}">\n` +
        `          <text>${esc(input.expression)}</text>\n        </inputExpression>\n      </input>\n`,
    )
    .join('');
  const outputs = t.outputs
    .map((o, i) => {
      const a = `${o.label ? ` label="${esc(o.label)}"` : ''}${o.name ? ` name="${esc(o.name)}"` : ''} typeRef="${o.typeRef ?? 'string'}"`;
      return o.values
        ? `      <output id="${t.id}_out${i}"${a}>\n        <outputValues id="${t.id}_out${i}_values">\n          <text>${esc(o.values)}</text>\n        </outputValues>\n      </output>\n`
        : `      <output id="${t.id}_out${i}"${a} />\n`;
    })
    .join('');
  const rules = t.rules
    .map((r, n) => {
      const id = r.id ?? `${t.id}_r${n + 1}`;
      const cells = (kind: 'input' | 'output', texts: string[]) =>
        texts
          .map(
            (text, i) =>
              `        <${kind}Entry id="${id}_${kind[0]}${i}">\n          <text>${esc(text)}</text>\n        </${kind}Entry>\n`,
          )
          .join('');
      const description = r.description ? `        <description>${esc(r.description)}</description>\n` : '';
      return `      <rule id="${id}">\n${description}${cells('input', r.in)}${cells('output', r.out)}      </rule>\n`;
    })
    .join('');
  return (
    `  <decision id="${t.id}" name="${esc(t.name ?? t.id)}">\n${ext}${requirements(t.id, t.requires)}` +
    `    <decisionTable id="${t.id}_table"${attrs}>\n${inputs}${outputs}${rules}    </decisionTable>\n  </decision>\n`
  );
}

function literalXml(l: LiteralSpec): string {
  return (
    `  <decision id="${l.id}" name="${esc(l.name ?? l.id)}">\n` +
    `    <variable id="${l.id}_var" name="${esc(l.variable ?? l.id)}" typeRef="${l.typeRef ?? 'Any'}" />\n` +
    requirements(l.id, l.requires) +
    `    <literalExpression id="${l.id}_expr">\n      <text>${esc(l.expression)}</text>\n    </literalExpression>\n  </decision>\n`
  );
}

/** A DMN file with the given decisions (tables have `inputs`, literal expressions `expression`). */
export function buildDmn(id: string, decisions: Array<TableSpec | LiteralSpec>, name = id): string {
  const body = decisions.map((d) => ('expression' in d ? literalXml(d) : tableXml(d))).join('');
  const shapes = decisions
    .map(
      (d, i) =>
        `      <dmndi:DMNShape id="${d.id}_di" dmnElementRef="${d.id}">\n        <dc:Bounds height="80" width="180" x="${160 + i * 240}" y="100" />\n      </dmndi:DMNShape>\n`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${id}" name="${esc(name)}" namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="5.31.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">\n` +
    body +
    `  <dmndi:DMNDI>\n    <dmndi:DMNDiagram id="${id}_diagram">\n${shapes}    </dmndi:DMNDiagram>\n  </dmndi:DMNDI>\n</definitions>\n`
  );
}

/** One decision table in a file of its own (the file is named after the table). */
export const tableDmn = (t: TableSpec): string => buildDmn(`${t.id}-drg`, [t], t.name ?? t.id);
