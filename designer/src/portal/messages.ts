import { defineMessages } from '../i18n/define.ts';

export const portalMessages = defineMessages({
  en: {
    'requests.title': 'Requests',
    'requests.intro': 'Start a request, and follow the ones you have made.',
    'requests.emptyTitle': 'The request catalogue will appear here',
    'requests.emptyText': 'Expense claims, leave, purchase requisitions and more, grouped by module.',
    'inbox.title': 'Inbox',
    'inbox.intro': 'Tasks waiting for you: approve, reject, return or comment.',
    'inbox.emptyTitle': 'Nothing waiting for you',
    'inbox.emptyText': 'Approval tasks assigned to you will be listed here, overdue ones first.',
  },
  'zh-CN': {
    'requests.title': '申请',
    'requests.intro': '发起申请，并跟进您提交的申请。',
    'requests.emptyTitle': '申请目录将显示在这里',
    'requests.emptyText': '报销、请假、采购申请等，按业务模块分组。',
    'inbox.title': '待办',
    'inbox.intro': '等待您处理的任务：同意、驳回、退回或评论。',
    'inbox.emptyTitle': '暂无待办',
    'inbox.emptyText': '分配给您的审批任务将在此列出，已逾期的排在最前。',
  },
});
