// Names in both languages: the compiler keeps `forma:nameZh` next to `name` on the process, its
// steps and its connections; readers pick the name of their language (falling back to the
// default); a task renamed at run time keeps its own name; notices carry both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notices } from '#engine/core/approvals/messages.ts';
import { compileBpmn } from '#engine/core/flows/compile.ts';
import { bilingual, nameIn, stepNameIn } from '#engine/core/flows/names/localized-name.ts';
import { modelIn } from '#engine/core/flows/names/model-in.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';

const FORMA = 'https://forma.dev/schema/bpmn/1.0';
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:forma="${FORMA}" id="d" targetNamespace="t">
  <bpmn:process id="leave" name="Leave request" forma:nameZh="请假申请" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:userTask id="boss" name="Manager approval" forma:nameZh="经理审批" />
    <bpmn:userTask id="hr" name="HR review" />
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="boss" />
    <bpmn:sequenceFlow id="f2" name="Approved" forma:nameZh="同意" sourceRef="boss" targetRef="hr" />
    <bpmn:sequenceFlow id="f3" sourceRef="hr" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

async function compiled(source: string): Promise<ProcessModel> {
  const result = await compileBpmn(source);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.model;
}

describe('names in both languages', () => {
  it('compiles forma:nameZh on the process, steps and connections, without a problem', async () => {
    const model = await compiled(xml);
    expect(model.nameZh).toBe('请假申请');
    expect(model.elements.boss).toMatchObject({ name: 'Manager approval', nameZh: '经理审批' });
    expect(model.elements.hr!.nameZh).toBeUndefined();
    expect(model.flows.f2).toMatchObject({ name: 'Approved', nameZh: '同意' });
  });

  it("gives finance's expense approval its Chinese step names", async () => {
    const model = await compiled(readFileSync('modules/finance/flows/expense-approval.bpmn', 'utf8'));
    expect(nameIn(model.elements.manager, 'zh-CN', 'manager')).toBe('经理审批');
    expect(nameIn(model, 'zh-CN', model.processId)).toBe('报销审批');
    // Every named step has its Chinese name.
    for (const e of Object.values(model.elements)) if (e.name) expect(e.nameZh, e.id).toBeTruthy();
  });

  it('picks the reader’s language and falls back to the default, then the id', () => {
    const step = { name: 'Manager approval', nameZh: '经理审批' };
    expect(nameIn(step, 'zh-CN', 'x')).toBe('经理审批');
    expect(nameIn(step, 'en', 'x')).toBe('Manager approval');
    expect(nameIn({ name: 'HR review' }, 'zh-CN', 'x')).toBe('HR review');
    expect(nameIn({ nameZh: '人事' }, 'en', 'x')).toBe('人事');
    expect(nameIn({}, 'zh-CN', 'hr')).toBe('hr');
    expect(bilingual(step, 'x')).toEqual({ en: 'Manager approval', 'zh-CN': '经理审批' });
  });

  it('keeps a name a task was given at run time; localises the step’s own name', () => {
    const step = { name: 'Manager approval', nameZh: '经理审批' };
    expect(stepNameIn('Manager approval', step, 'zh-CN', 'm')).toBe('经理审批');
    expect(stepNameIn(undefined, step, 'zh-CN', 'm')).toBe('经理审批');
    expect(stepNameIn('Approve Li Lei’s trip', step, 'zh-CN', 'm')).toBe('Approve Li Lei’s trip');
  });

  it('hands readers in Chinese a model named in Chinese (made once), English readers the model itself', async () => {
    const model = await compiled(xml);
    const zh = modelIn(model, 'zh-CN');
    expect(zh.name).toBe('请假申请');
    expect(zh.elements.boss!.name).toBe('经理审批');
    expect(zh.elements.hr!.name).toBe('HR review');
    expect(zh.flows.f2!.name).toBe('同意');
    expect(modelIn(model, 'zh-CN')).toBe(zh);
    expect(modelIn(model, 'en')).toBe(model);
    expect(model.elements.boss!.name).toBe('Manager approval');
  });

  it('names the step of a notice in each language', () => {
    const text = notices.assigned({ step: { en: 'Manager approval', 'zh-CN': '经理审批' }, flow: 'Leave' });
    expect(text.en).toContain('"Manager approval"');
    expect(text['zh-CN']).toContain('「经理审批」');
  });
});
