// The built-in roles every installation has (created on first start if missing, never
// overwritten: admins may edit their permissions). Roles a business module needs are declared in
// its module.json and created when it is installed — none of them is named here.
import type { Role } from '#schemas/generated/index.ts';
import { ACTIONS } from '#engine/core/permissions/resolve.ts';

export const ADMIN_ROLE = 'admin';

export const SYSTEM_ROLES: Role[] = [
  {
    id: 'employee',
    name: { en: 'Employee', 'zh-CN': '员工' },
    description: { en: 'Everyone: the directory and the org chart.', 'zh-CN': '所有人：通讯录与组织架构。' },
    system: true,
    permissions: [
      { resource: 'users', actions: ['read'], fields: { masked: ['phone'] } },
      { resource: 'departments', actions: ['read'] },
      { resource: 'org', actions: ['read'] },
      // Working hours and holidays: leave and SLA screens show them to everyone.
      { resource: 'calendars', actions: ['read'] },
    ],
  },
  {
    id: 'manager',
    name: { en: 'Manager', 'zh-CN': '经理' },
    description: {
      en: 'Leads people: sees their contact details.',
      'zh-CN': '管理人员：可查看员工联系方式。',
    },
    system: true,
    permissions: [
      { resource: 'users', actions: ['read'] },
      // Build reports in the web app's report builder over the rows they may read, and share them.
      { resource: 'reports', actions: ['create'] },
    ],
  },
  {
    id: 'analyst',
    name: { en: 'Business analyst', 'zh-CN': '业务分析师' },
    description: {
      en: 'Designs forms and flows; reads roles to assign tasks.',
      'zh-CN': '设计表单与流程；可查看角色以分配任务。',
    },
    system: true,
    permissions: [
      { resource: 'roles', actions: ['read'] },
      { resource: 'forms', actions: ['read', 'update'] },
      // Deploy flows and set their approval rules; start and follow instances to try them out.
      { resource: 'flows', actions: ['read', 'create', 'update'] },
      { resource: 'instances', actions: ['read', 'create'] },
      // Publish forms and flows as requests in the catalogue (a built-in role: only new
      // installations get this grant; elsewhere an admin adds it in Admin → Roles).
      { resource: 'catalogue', actions: ['read', 'create', 'update', 'delete'] },
      // Build reports in the report builder over the rows they may read, and share them with roles.
      { resource: 'reports', actions: ['create'] },
    ],
  },
  {
    id: 'job-worker',
    name: { en: 'Job worker', 'zh-CN': '作业工作者' },
    description: {
      en: 'A program that works external jobs of flows and publishes messages to them.',
      'zh-CN': '处理流程外部作业并向流程发布消息的程序。',
    },
    system: true,
    permissions: [
      { resource: 'jobs', actions: ['read', 'update'] },
      { resource: 'messages', actions: ['create'] },
    ],
  },
  {
    id: ADMIN_ROLE,
    name: { en: 'Administrator', 'zh-CN': '管理员' },
    description: { en: 'Everything, everywhere.', 'zh-CN': '拥有全部权限。' },
    system: true,
    permissions: [{ resource: '*', actions: [...ACTIONS] as Role['permissions'][number]['actions'] }],
  },
];
