// Writes BPMN 2.0 XML the way Camunda Modeler 5 exports a Camunda 8 model: `bpmn:` prefix, the
// zeebe namespace for extensions, modeler execution-platform attributes and a BPMNDiagram with a
// shape per element and an edge per flow. Used to produce the committed .bpmn fixtures (so that
// Camunda Modeler opens them) and by tests that need a model built on the fly.

export type NodeType =
  | 'startEvent'
  | 'endEvent'
  | 'terminateEndEvent'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'subProcess'
  | 'timerCatch'
  | 'timerBoundary'
  | 'errorBoundary'
  | 'raw';

export interface NodeSpec {
  id: string;
  type: NodeType;
  name?: string;
  /** The Chinese name (forma:nameZh); the forma namespace is declared when a node has one. */
  nameZh?: string;
  /** Grid position: column, row (inside a sub-process: relative to it). */
  at: [number, number];
  /** XML placed inside <bpmn:extensionElements>. */
  ext?: string;
  /** Other XML inside the element (loop characteristics, event definitions …). */
  body?: string;
  /** Extra attributes, written as is. */
  attrs?: string;
  /** Boundary events: the host activity. */
  attachedTo?: string;
  /** Gateways: the default flow id. */
  default?: string;
  /** Sub-processes: their content. */
  children?: { nodes: NodeSpec[]; flows: FlowSpec[] };
  /** type 'raw': the element's tag (e.g. 'bpmn:callActivity'). */
  tag?: string;
}

export interface FlowSpec {
  id: string;
  from: string;
  to: string;
  name?: string;
  /** FEEL condition, written as the modeler does (with the leading `=`). */
  condition?: string;
}

export interface ProcessSpec {
  id: string;
  name?: string;
  nodes: NodeSpec[];
  flows: FlowSpec[];
  /** Root-level XML after the process (bpmn:error definitions …). */
  extraRoots?: string;
  isExecutable?: boolean;
}

const COL = 170;
const ROW = 130;
const X0 = 160;
const Y0 = 100;

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function sizeOf(node: NodeSpec): { w: number; h: number } {
  switch (node.type) {
    case 'startEvent':
    case 'endEvent':
    case 'terminateEndEvent':
    case 'timerCatch':
    case 'timerBoundary':
    case 'errorBoundary':
      return { w: 36, h: 36 };
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
      return { w: 50, h: 50 };
    case 'subProcess': {
      const kids = node.children?.nodes ?? [];
      const cols = Math.max(1, ...kids.map((k) => k.at[0] + 1));
      const rows = Math.max(1, ...kids.map((k) => k.at[1] + 1));
      return { w: cols * COL + 60, h: rows * ROW + 40 };
    }
    default:
      return { w: 100, h: 80 };
  }
}

/** Lays out nodes on a grid; sub-processes take as many cells as their content needs. */
function layout(nodes: NodeSpec[], origin: { x: number; y: number }, boxes: Map<string, Box>): void {
  const colWidth = new Map<number, number>();
  const rowHeight = new Map<number, number>();
  for (const n of nodes) {
    if (n.type === 'timerBoundary' || n.type === 'errorBoundary') continue;
    const { w, h } = sizeOf(n);
    colWidth.set(n.at[0], Math.max(colWidth.get(n.at[0]) ?? COL, w + 70));
    rowHeight.set(n.at[1], Math.max(rowHeight.get(n.at[1]) ?? ROW, h + 50));
  }
  const colX = (c: number): number => {
    let x = origin.x;
    for (let i = 0; i < c; i++) x += colWidth.get(i) ?? COL;
    return x;
  };
  const rowY = (r: number): number => {
    let y = origin.y;
    for (let i = 0; i < r; i++) y += rowHeight.get(i) ?? ROW;
    return y;
  };
  for (const n of nodes) {
    if (n.type === 'timerBoundary' || n.type === 'errorBoundary') continue;
    const { w, h } = sizeOf(n);
    // Centre every shape on the row's midline (tasks are 80 high).
    const box = { x: colX(n.at[0]), y: rowY(n.at[1]) + 40 - h / 2, w, h };
    if (n.type === 'subProcess') box.y = rowY(n.at[1]);
    boxes.set(n.id, box);
    if (n.type === 'subProcess' && n.children)
      layout(n.children.nodes, { x: box.x + 50, y: box.y + 20 }, boxes);
  }
  const boundaryIndex = new Map<string, number>();
  for (const n of nodes) {
    if (n.type !== 'timerBoundary' && n.type !== 'errorBoundary') continue;
    const host = boxes.get(n.attachedTo ?? '');
    const i = boundaryIndex.get(n.attachedTo ?? '') ?? 0;
    boundaryIndex.set(n.attachedTo ?? '', i + 1);
    if (host) boxes.set(n.id, { x: host.x + 12 + i * 44, y: host.y + host.h - 18, w: 36, h: 36 });
  }
}

function elementXml(n: NodeSpec, flows: FlowSpec[], indent: string): string {
  const name =
    (n.name ? ` name="${esc(n.name)}"` : '') + (n.nameZh ? ` forma:nameZh="${esc(n.nameZh)}"` : '');
  const attrs = n.attrs ? ` ${n.attrs}` : '';
  const ext = n.ext
    ? `${indent}  <bpmn:extensionElements>\n${indent}    ${n.ext}\n${indent}  </bpmn:extensionElements>\n`
    : '';
  const incoming = flows
    .filter((f) => f.to === n.id)
    .map((f) => `${indent}  <bpmn:incoming>${f.id}</bpmn:incoming>\n`);
  const outgoing = flows
    .filter((f) => f.from === n.id)
    .map((f) => `${indent}  <bpmn:outgoing>${f.id}</bpmn:outgoing>\n`);
  const body = n.body ? `${indent}  ${n.body}\n` : '';
  const inner = (extra = ''): string => `${ext}${incoming.join('')}${outgoing.join('')}${body}${extra}`;
  const def = n.default ? ` default="${n.default}"` : '';
  const tag = (t: string, extraAttrs = '', extra = ''): string => {
    const content = inner(extra);
    return content
      ? `${indent}<bpmn:${t} id="${n.id}"${name}${extraAttrs}${attrs}>\n${content}${indent}</bpmn:${t}>\n`
      : `${indent}<bpmn:${t} id="${n.id}"${name}${extraAttrs}${attrs} />\n`;
  };
  switch (n.type) {
    case 'terminateEndEvent':
      return tag('endEvent', '', `${indent}  <bpmn:terminateEventDefinition id="${n.id}_def" />\n`);
    case 'timerCatch':
      return tag('intermediateCatchEvent');
    case 'timerBoundary':
    case 'errorBoundary':
      return tag('boundaryEvent', ` attachedToRef="${n.attachedTo}"`);
    case 'exclusiveGateway':
    case 'inclusiveGateway':
      return tag(n.type, def);
    case 'subProcess': {
      const kids = n.children ?? { nodes: [], flows: [] };
      const content =
        kids.nodes.map((k) => elementXml(k, kids.flows, `${indent}  `)).join('') +
        kids.flows.map((f) => flowXml(f, `${indent}  `)).join('');
      return tag('subProcess', '', content);
    }
    case 'raw':
      return tag(n.tag ?? 'task');
    default:
      return tag(n.type);
  }
}

function flowXml(f: FlowSpec, indent: string): string {
  const name = f.name ? ` name="${esc(f.name)}"` : '';
  const open = `${indent}<bpmn:sequenceFlow id="${f.id}"${name} sourceRef="${f.from}" targetRef="${f.to}"`;
  if (!f.condition) return `${open} />\n`;
  return `${open}>\n${indent}  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>\n${indent}</bpmn:sequenceFlow>\n`;
}

function diXml(nodes: NodeSpec[], flows: FlowSpec[], boxes: Map<string, Box>): string {
  const out: string[] = [];
  const all: NodeSpec[] = [];
  const allFlows: FlowSpec[] = [...flows];
  const collect = (list: NodeSpec[]): void => {
    for (const n of list) {
      all.push(n);
      if (n.children) {
        collect(n.children.nodes);
        allFlows.push(...n.children.flows);
      }
    }
  };
  collect(nodes);
  for (const n of all) {
    const b = boxes.get(n.id)!;
    const expanded = n.type === 'subProcess' ? ' isExpanded="true"' : '';
    const marker = n.type === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
    out.push(
      `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${expanded}${marker}>\n` +
        `        <dc:Bounds x="${Math.round(b.x)}" y="${Math.round(b.y)}" width="${b.w}" height="${b.h}" />\n` +
        `      </bpmndi:BPMNShape>\n`,
    );
  }
  for (const f of allFlows) {
    const s = boxes.get(f.from)!;
    const t = boxes.get(f.to)!;
    const sy = s.y + s.h / 2;
    const ty = t.y + t.h / 2;
    const points: Array<[number, number]> =
      Math.abs(sy - ty) < 1
        ? [
            [s.x + s.w, sy],
            [t.x, ty],
          ]
        : t.x > s.x + s.w
          ? [
              [s.x + s.w / 2, sy > ty ? s.y : s.y + s.h],
              [s.x + s.w / 2, ty],
              [t.x, ty],
            ]
          : [
              [s.x + s.w / 2, s.y + s.h],
              [s.x + s.w / 2, Math.max(s.y + s.h, t.y + t.h) + 30],
              [t.x + t.w / 2, Math.max(s.y + s.h, t.y + t.h) + 30],
              [t.x + t.w / 2, t.y + t.h],
            ];
    out.push(
      `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">\n` +
        points
          .map(([x, y]) => `        <di:waypoint x="${Math.round(x)}" y="${Math.round(y)}" />\n`)
          .join('') +
        `      </bpmndi:BPMNEdge>\n`,
    );
  }
  return out.join('');
}

export function buildBpmn(spec: ProcessSpec): string {
  const boxes = new Map<string, Box>();
  layout(spec.nodes, { x: X0, y: Y0 }, boxes);
  const name = spec.name ? ` name="${esc(spec.name)}"` : '';
  const executable = spec.isExecutable === false ? 'false' : 'true';
  const named = (nodes: NodeSpec[]): boolean =>
    nodes.some((n) => n.nameZh || (n.children && named(n.children.nodes)));
  const forma = named(spec.nodes) ? 'xmlns:forma="https://forma.dev/schema/bpmn/1.0" ' : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ` +
    `xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ` +
    `xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" ` +
    forma +
    `id="Definitions_${spec.id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" ` +
    `exporterVersion="5.31.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">\n` +
    `  <bpmn:process id="${spec.id}"${name} isExecutable="${executable}">\n` +
    spec.nodes.map((n) => elementXml(n, spec.flows, '    ')).join('') +
    spec.flows.map((f) => flowXml(f, '    ')).join('') +
    `  </bpmn:process>\n` +
    (spec.extraRoots ? `  ${spec.extraRoots}\n` : '') +
    `  <bpmndi:BPMNDiagram id="BPMNDiagram_1">\n` +
    `    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${spec.id}">\n` +
    diXml(spec.nodes, spec.flows, boxes) +
    `    </bpmndi:BPMNPlane>\n` +
    `  </bpmndi:BPMNDiagram>\n` +
    `</bpmn:definitions>\n`
  );
}

let defCount = 0;

// Small helpers for the zeebe extensions a fixture typically needs.
export const zeebe = {
  task: (type: string, retries?: number): string =>
    `<zeebe:taskDefinition type="${type}"${retries !== undefined ? ` retries="${retries}"` : ''} />`,
  assignee: (assignee: string, groups?: string): string =>
    `<zeebe:assignmentDefinition assignee="${esc(assignee)}"${groups ? ` candidateGroups="${esc(groups)}"` : ''} />`,
  script: (expression: string, resultVariable: string): string =>
    `<zeebe:script expression="${esc(expression)}" resultVariable="${resultVariable}" />`,
  io: (inputs: Array<[string, string]>, outputs: Array<[string, string]> = []): string =>
    `<zeebe:ioMapping>${inputs.map(([s, t]) => `<zeebe:input source="${esc(s)}" target="${t}" />`).join('')}` +
    `${outputs.map(([s, t]) => `<zeebe:output source="${esc(s)}" target="${t}" />`).join('')}</zeebe:ioMapping>`,
  headers: (h: Record<string, string>): string =>
    `<zeebe:taskHeaders>${Object.entries(h)
      .map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}" />`)
      .join('')}</zeebe:taskHeaders>`,
  form: (formId: string): string => `<zeebe:formDefinition formId="${esc(formId)}" />`,
  schedule: (dueDate?: string, followUpDate?: string): string =>
    `<zeebe:taskSchedule${dueDate ? ` dueDate="${esc(dueDate)}"` : ''}${followUpDate ? ` followUpDate="${esc(followUpDate)}"` : ''} />`,
  loop: (o: {
    sequential?: boolean;
    inputCollection: string;
    inputElement?: string;
    outputCollection?: string;
    outputElement?: string;
    completionCondition?: string;
  }): string =>
    `<bpmn:multiInstanceLoopCharacteristics${o.sequential ? ' isSequential="true"' : ''}>` +
    `<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${esc(o.inputCollection)}"` +
    `${o.inputElement ? ` inputElement="${o.inputElement}"` : ''}` +
    `${o.outputCollection ? ` outputCollection="${o.outputCollection}"` : ''}` +
    `${o.outputElement ? ` outputElement="${esc(o.outputElement)}"` : ''} /></bpmn:extensionElements>` +
    `${o.completionCondition ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${esc(o.completionCondition)}</bpmn:completionCondition>` : ''}` +
    `</bpmn:multiInstanceLoopCharacteristics>`,
  timer: (
    kind: 'timeDuration' | 'timeDate' | 'timeCycle',
    value: string,
    id = `TimerDef_${++defCount}`,
  ): string =>
    `<bpmn:timerEventDefinition id="${id}"><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${esc(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`,
  error: (errorRef?: string, id = `ErrorDef_${++defCount}`): string =>
    `<bpmn:errorEventDefinition id="${id}"${errorRef ? ` errorRef="${errorRef}"` : ''} />`,
  /** A message event definition referring to a bpmn:message (see `messageRoot`). */
  message: (messageRef: string, id = `MessageDef_${++defCount}`): string =>
    `<bpmn:messageEventDefinition id="${id}" messageRef="${messageRef}" />`,
  /** A root-level bpmn:message with its subscription's correlation key. */
  messageRoot: (id: string, name: string, correlationKey?: string): string =>
    `<bpmn:message id="${id}" name="${esc(name)}">` +
    (correlationKey
      ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${esc(correlationKey)}" /></bpmn:extensionElements>`
      : '') +
    `</bpmn:message>`,
  /** A root-level bpmn:error. */
  errorRoot: (id: string, code: string): string =>
    `<bpmn:error id="${id}" name="${code}" errorCode="${code}" />`,
  called: (
    processId: string,
    o: { bindingType?: string; versionTag?: string; propagateAllChildVariables?: boolean } = {},
  ): string =>
    `<zeebe:calledElement processId="${esc(processId)}"` +
    `${o.bindingType ? ` bindingType="${o.bindingType}"` : ''}` +
    `${o.versionTag ? ` versionTag="${esc(o.versionTag)}"` : ''}` +
    `${o.propagateAllChildVariables !== undefined ? ` propagateAllChildVariables="${o.propagateAllChildVariables}"` : ''} />`,
};

/** The simplest request flow: started with `form`, the requester's manager approves, done. */
export const managerApprovalFlow = (processId: string, form: string, name = 'Approval'): string =>
  buildBpmn({
    id: processId,
    name,
    nodes: [
      { id: 'submitted', type: 'startEvent', name: 'Submitted', at: [0, 0], ext: zeebe.form(form) },
      {
        id: 'managerApproval',
        type: 'userTask',
        name: 'Manager approval',
        at: [1, 0],
        ext: zeebe.assignee('=manager(requester)'),
      },
      { id: 'done', type: 'endEvent', name: 'Done', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'submitted', to: 'managerApproval' },
      { id: 'f2', from: 'managerApproval', to: 'done' },
    ],
  });
