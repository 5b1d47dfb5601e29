// Per-step field permissions (DingTalk's 字段权限) as the flow modeler speaks of them.
import { defineMessages } from '#designer/i18n/define.ts';

export const fieldAccessMessages = defineMessages({
  en: {
    title: 'Fields at this step',
    titleRequester: 'Fields the requester fills in',
    hint: 'Which of the request form’s fields this step may edit, only read, or not see. The server holds every step to it; saved with the flow’s approval rules, without deploying.',
    fromEntry: 'Now as the module’s catalogue entry sets them; saving makes them this flow’s own.',
    noForm: 'Choose the request form on the start event first.',
    'access.default': 'Default ({what})',
    'access.editable': 'Editable',
    'access.readonly': 'Read-only',
    'access.hidden': 'Hidden',
    save: 'Save field permissions',
    saved: 'Field permissions saved.',
  },
  'zh-CN': {
    title: '此步骤的字段权限',
    titleRequester: '发起人的字段权限',
    hint: '此步骤对申请表单各字段的权限：可编辑、只读或隐藏。服务器按此约束每个步骤；与流程的审批规则一起保存，无需部署。',
    fromEntry: '当前沿用模块申请目录中的设置；保存后成为此流程自己的设置。',
    noForm: '请先在开始事件上选择申请表单。',
    'access.default': '默认（{what}）',
    'access.editable': '可编辑',
    'access.readonly': '只读',
    'access.hidden': '隐藏',
    save: '保存字段权限',
    saved: '字段权限已保存。',
  },
});
