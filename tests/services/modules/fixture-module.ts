// A small module written to a temporary modules folder, in the layout of modules/finance, for the
// module service tests: a customer form, an onboarding flow, an automation, a report with an
// alert, a dashboard, grants, a reference seed and translations. `version: 2` changes the form
// (a new field) and the flow (a second task) for upgrade tests; `depends` makes a second module.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBpmn } from '#tests/support/bpmn-builder.ts';

export interface FixtureOptions {
  id?: string;
  version?: 1 | 2;
  depends?: Array<{ id: string; version?: string }>;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

export function writeFixtureModule(modulesDir: string, options: FixtureOptions = {}): string {
  const id = options.id ?? 'crm';
  const v2 = options.version === 2;
  const dir = join(modulesDir, id);
  for (const sub of [
    'schemas',
    'forms',
    'flows',
    'permissions',
    'automations',
    'reports',
    'dashboards',
    'seed',
    'i18n',
  ])
    mkdirSync(join(dir, sub), { recursive: true });
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
  write(
    'module.json',
    json({
      id,
      version: v2 ? '1.1.0' : '1.0.0',
      name: { en: `Customers (${id})`, 'zh-CN': `客户（${id}）` },
      description: { en: 'Customer records for tests', 'zh-CN': '测试用客户记录' },
      ...(options.depends ? { depends: options.depends } : {}),
      settingsSchema: {
        type: 'object',
        properties: { welcomeRole: { type: 'string' }, bigRevenue: { type: 'number', minimum: 0 } },
        required: ['welcomeRole'],
        additionalProperties: false,
      },
      defaultSettings: { welcomeRole: 'manager', bigRevenue: 1000 },
      roles: [{ id: `${id}-agent`, name: { en: 'Customer agent', 'zh-CN': '客户专员' } }],
      entries: [
        {
          id: `${id}.onboarding`,
          form: `${id}-customer`,
          flow: `${id}-onboarding`,
          name: { en: 'Onboard a customer', 'zh-CN': '客户入驻' },
        },
      ],
    }),
  );
  const fields: Record<string, unknown> = {
    name: { type: 'string', minLength: 1 },
    tier: { type: 'string', enum: ['gold', 'silver'] },
    revenue: { type: 'string', format: 'money' },
  };
  if (v2) fields.city = { type: 'string' };
  write(
    'schemas/customer.schema.json',
    json({ type: 'object', properties: fields, required: ['name', 'tier'], additionalProperties: false }),
  );
  write('forms/customer.form.json', json({ titleField: 'name' }));
  write('forms/customer.ui.json', json({}));
  const tasks = v2 ? ['review', 'confirm'] : ['review'];
  write(
    `flows/onboarding.bpmn`,
    buildBpmn({
      id: `${id}-onboarding`,
      name: 'Onboarding',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        ...tasks.map((t, i) => ({
          id: t,
          type: 'userTask' as const,
          name: t,
          at: [i + 1, 0] as [number, number],
          ext: '<zeebe:assignmentDefinition assignee="wu.hao" />',
        })),
        {
          id: 'done',
          type: 'scriptTask',
          at: [tasks.length + 1, 0],
          ext: '<zeebe:script expression="=&quot;welcomed&quot;" resultVariable="outcome" />',
        },
        { id: 'end', type: 'endEvent', at: [tasks.length + 2, 0] },
      ],
      flows: [
        ...['start', ...tasks, 'done'].map((from, i, all) => ({
          id: `f${i}`,
          from,
          to: all[i + 1] ?? 'end',
        })),
      ],
    }),
  );
  write(
    'permissions/employee.json',
    json({
      role: 'employee',
      grants: [
        { resource: `record:${id}-customer`, actions: ['create', 'read'], rows: { type: 'own' } },
        { resource: `report:${id}.by-tier`, actions: ['read'] },
      ],
    }),
  );
  write(
    'permissions/agent.json',
    json({
      role: `${id}-agent`,
      grants: [{ resource: `record:${id}-customer`, actions: ['read', 'update'] }],
    }),
  );
  write(
    'automations/welcome.json',
    json({
      name: { en: 'Welcome big customers', 'zh-CN': '欢迎大客户' },
      trigger: { type: 'record.created', form: `${id}-customer` },
      conditions: ['=record.data.revenue > settings.bigRevenue'],
      actions: [
        {
          action: 'notify',
          input: {
            roles: '=[settings.welcomeRole]',
            title: { en: '="New customer " + record.data.name', 'zh-CN': '="新客户 " + record.data.name' },
          },
        },
      ],
    }),
  );
  write(
    'reports/by-tier.json',
    json({
      name: { en: 'Customers by tier', 'zh-CN': '按等级统计客户' },
      source: { form: `${id}-customer` },
      groupBy: [{ field: 'data.tier', as: 'tier' }],
      measures: [
        { op: 'count', as: 'customers' },
        { op: 'sum', field: 'data.revenue', as: 'revenue' },
      ],
      alerts: [
        {
          id: 'many-gold',
          measure: 'customers',
          op: 'gte',
          value: 3,
          notifyRole: 'manager',
          message: { en: '{value} customers', 'zh-CN': '{value} 位客户' },
        },
      ],
    }),
  );
  write(
    'dashboards/main.json',
    json({ name: { en: 'Customers', 'zh-CN': '客户' }, cards: [{ report: `${id}.by-tier` }] }),
  );
  write(
    'seed/reference.json',
    json({
      kind: 'reference',
      form: `${id}-customer`,
      records: [
        {
          id: `${id}-seed-1`,
          data: { name: 'Seed Co', tier: 'silver', revenue: '10.00' },
          owner: 'zheng.xin',
        },
      ],
    }),
  );
  const labels: Record<string, [string, string]> = {
    'form.customer.name': ['Customer', '客户'],
    'form.customer.field.name': ['Name', '名称'],
    'form.customer.field.tier': ['Tier', '等级'],
    'form.customer.field.revenue': ['Revenue', '收入'],
  };
  if (v2) labels['form.customer.field.city'] = ['City', '城市'];
  write('i18n/en.json', json(Object.fromEntries(Object.entries(labels).map(([k, [en]]) => [k, en]))));
  write('i18n/zh-CN.json', json(Object.fromEntries(Object.entries(labels).map(([k, [, zh]]) => [k, zh]))));
  return dir;
}
