// The modeler's names in both languages: the Chinese name is read from and written to
// forma:nameZh (Forma's moddle namespace) and survives a save; elements are named to the analyst in
// their language, a connection without a label by where it goes — never by its raw id.
/* eslint-disable @typescript-eslint/no-explicit-any -- moddle objects are untyped */
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import formaDescriptor from '#schemas/forma-bpmn-moddle.json' with { type: 'json' };
import { describeElement, nameOf, nameZhPatch, readNameZh } from '#designer/flow-modeler/model/names.ts';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:forma="https://forma.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" name="Leave" isExecutable="true">
    <bpmn:userTask id="boss" name="Manager approval" forma:nameZh="经理审批" />
    <bpmn:endEvent id="done" name="Approved" />
    <bpmn:sequenceFlow id="Flow_0x9k" sourceRef="boss" targetRef="done" />
    <bpmn:sequenceFlow id="Flow_1yes" name="Yes" forma:nameZh="同意" sourceRef="boss" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>`;

async function load() {
  const moddle = new BpmnModdle({ forma: formaDescriptor });
  const { rootElement } = await moddle.fromXML(xml);
  const process = (rootElement as any).rootElements[0];
  const byId = (id: string) => process.flowElements.find((e: any) => e.id === id);
  return { moddle, definitions: rootElement, process, byId };
}

describe('names in both languages in the modeler', () => {
  it('reads the Chinese name and writes it back into the BPMN', async () => {
    const { moddle, definitions, process, byId } = await load();
    expect(readNameZh(byId('boss'))).toBe('经理审批');
    expect(readNameZh(process)).toBe('');
    for (const [key, value] of Object.entries(nameZhPatch('  请假  '))) process.set(key, value);
    const { xml: saved } = await moddle.toXML(definitions);
    expect(saved).toContain('forma:nameZh="请假"');
    expect(saved).toContain('name="Leave"');
    expect(nameZhPatch('  ')).toEqual({ 'forma:nameZh': undefined });
  });

  it('names elements in the analyst’s language, connections by their label or by where they go', async () => {
    const { byId } = await load();
    expect(nameOf(byId('boss'), 'zh-CN')).toBe('经理审批');
    expect(nameOf(byId('boss'), 'en')).toBe('Manager approval');
    expect(nameOf(byId('done'), 'zh-CN')).toBe('Approved');
    expect(describeElement(byId('Flow_1yes'), 'zh-CN')).toBe('同意');
    expect(describeElement(byId('Flow_1yes'), 'en')).toBe('Yes');
    expect(describeElement(byId('Flow_0x9k'), 'zh-CN')).toBe('经理审批 → Approved');
    expect(describeElement(byId('Flow_0x9k'), 'en')).toBe('Manager approval → Approved');
    expect(describeElement({ id: 'Gateway_1' }, 'en')).toBe('Gateway_1');
  });
});
