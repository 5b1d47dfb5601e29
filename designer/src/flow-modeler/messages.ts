import { defineMessages } from '../i18n/define.ts';

export const flowModelerMessages = defineMessages({
  en: {
    title: 'Flows',
    intro: 'Model approval flows as BPMN: steps, approvers, conditions and deadlines.',
    canvas: 'Flow diagram',
    properties: 'Properties of the selected element',
    loadFailed: 'The modeler could not start.',
  },
  'zh-CN': {
    title: '流程',
    intro: '用 BPMN 建模审批流程：步骤、审批人、条件与时限。',
    canvas: '流程图',
    properties: '所选元素的属性',
    loadFailed: '流程建模器启动失败。',
  },
});
