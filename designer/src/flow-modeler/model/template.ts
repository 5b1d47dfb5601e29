// A new flow's first diagram: submitted → one approval step → approved?, with the rejection path
// ending on its own — the common shape of an approval, ready to be extended. Camunda Modeler 5
// (Camunda 8) dialect, so the file opens there too. Every name is in both languages: `name` the
// English one (what every BPMN tool reads), `forma:nameZh` the Chinese one (model/names.ts) — the
// flow's from the new-flow dialog, the steps' from the designer's message tables.
import type { LocalizedText } from '#schemas/generated/index.ts';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface TemplateTexts {
  submitted: string;
  approval: string;
  approved: string;
  rejected: string;
  decision: string;
  yes: string;
  no: string;
}

/** The template's texts in each language (the flow modeler's message tables). */
export interface TemplateTextsByLanguage {
  en: TemplateTexts;
  'zh-CN': TemplateTexts;
}

/** The flow's name: a bare string (no Chinese name known) or both languages. */
export type TemplateName = string | { en: string; 'zh-CN'?: string | undefined };

export function newDiagramXml(processId: string, name: TemplateName, texts: TemplateTextsByLanguage): string {
  const id = esc(processId);
  // `name="…" forma:nameZh="…"`; the Chinese one left out when it is missing or the same.
  const named = (en: string, zh?: string): string => {
    const main = en.trim() || zh?.trim() || '';
    const other = zh?.trim() && zh.trim() !== main ? ` forma:nameZh="${esc(zh.trim())}"` : '';
    return `name="${esc(main)}"${other}`;
  };
  const flowName = typeof name === 'string' ? named(name) : named(name.en, name['zh-CN']);
  const step = (key: keyof TemplateTexts): string => named(texts.en[key], texts['zh-CN'][key]);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:forma="https://forma.dev/schema/bpmn/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Forma" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${id}" ${flowName} isExecutable="true">
    <bpmn:startEvent id="submitted" ${step('submitted')}>
      <bpmn:outgoing>toApproval</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:userTask id="approvalStep" ${step('approval')}>
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition assignee="=manager(requester)" />
      </bpmn:extensionElements>
      <bpmn:incoming>toApproval</bpmn:incoming>
      <bpmn:outgoing>toDecision</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="decision" ${step('decision')} default="isApproved">
      <bpmn:incoming>toDecision</bpmn:incoming>
      <bpmn:outgoing>isApproved</bpmn:outgoing>
      <bpmn:outgoing>isRejected</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="approved" ${step('approved')}>
      <bpmn:incoming>isApproved</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:endEvent id="rejected" ${step('rejected')}>
      <bpmn:incoming>isRejected</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="toApproval" sourceRef="submitted" targetRef="approvalStep" />
    <bpmn:sequenceFlow id="toDecision" sourceRef="approvalStep" targetRef="decision" />
    <bpmn:sequenceFlow id="isApproved" ${step('yes')} sourceRef="decision" targetRef="approved" />
    <bpmn:sequenceFlow id="isRejected" ${step('no')} sourceRef="decision" targetRef="rejected">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=approval.outcome = "rejected"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${id}">
      <bpmndi:BPMNShape id="submitted_di" bpmnElement="submitted">
        <dc:Bounds x="152" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="130" y="145" width="80" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approvalStep_di" bpmnElement="approvalStep">
        <dc:Bounds x="250" y="80" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decision_di" bpmnElement="decision" isMarkerVisible="true">
        <dc:Bounds x="415" y="95" width="50" height="50" />
        <bpmndi:BPMNLabel><dc:Bounds x="405" y="65" width="70" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="approved_di" bpmnElement="approved">
        <dc:Bounds x="542" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="530" y="145" width="60" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="rejected_di" bpmnElement="rejected">
        <dc:Bounds x="422" y="232" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="410" y="275" width="60" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="toApproval_di" bpmnElement="toApproval">
        <di:waypoint x="188" y="120" />
        <di:waypoint x="250" y="120" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="toDecision_di" bpmnElement="toDecision">
        <di:waypoint x="350" y="120" />
        <di:waypoint x="415" y="120" />
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="isApproved_di" bpmnElement="isApproved">
        <di:waypoint x="465" y="120" />
        <di:waypoint x="542" y="120" />
        <bpmndi:BPMNLabel><dc:Bounds x="478" y="100" width="50" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="isRejected_di" bpmnElement="isRejected">
        <di:waypoint x="440" y="145" />
        <di:waypoint x="440" y="232" />
        <bpmndi:BPMNLabel><dc:Bounds x="448" y="180" width="50" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A process id from a name: lower-case letters, digits and dashes (the engine's ids are XML ids). */
export function processIdFrom(module: string, name: LocalizedText | string): string {
  const text = typeof name === 'string' ? name : name.en;
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  const base = [module, slug].filter(Boolean).join('-') || 'flow';
  return /^[a-z_]/.test(base) ? base : `p-${base}`;
}

/**
 * The id suggested for a new flow: from the name's letters (a name in Chinese has none: then
 * `<module>-flow`), with a number when the id is taken, so a suggestion never reuses a flow's id.
 */
export function suggestProcessId(module: string, name: string, taken: ReadonlySet<string>): string {
  const hasLetters = /[A-Za-z0-9]/.test(name);
  const base = hasLetters ? processIdFrom(module, name) : processIdFrom(module, 'flow');
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
