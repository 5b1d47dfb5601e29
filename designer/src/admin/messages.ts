import { defineMessages } from '../i18n/define.ts';

export const adminMessages = defineMessages({
  en: {
    title: 'Administration',
    intro: 'Modules, users, departments, roles, audit log and backups.',
    emptyTitle: 'The admin console is being built',
    emptyText: 'Enable modules, manage people and permissions, resolve incidents and back up your data.',
  },
  'zh-CN': {
    title: '系统管理',
    intro: '业务模块、用户、部门、角色、审计日志与备份。',
    emptyTitle: '管理控制台正在建设中',
    emptyText: '启用业务模块、管理人员与权限、处理异常并备份数据。',
  },
});
