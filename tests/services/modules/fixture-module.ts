// A small module written to a temporary modules folder, in module format 2 (the layout of
// modules/finance), for the module tests: a customer document type (schema, labels, views,
// grants), an onboarding flow, a named rule used by the entry's precheck, an automation, a report
// with an alert and its readers, a dashboard, a role, a reference seed. `version: 2` changes the
// document type (a new field) and the flow (a second task) for upgrade tests; `depends` makes a
// second module.
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
  for (const sub of ['doctypes/customer', 'flows', 'rules', 'automations', 'reports', 'dashboards', 'seed'])
    mkdirSync(join(dir, sub), { recursive: true });
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
  write(
    'module.json',
    json({
      id,
      format: 2,
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
          id: `${id}-onboarding`,
          form: `${id}-customer`,
          flow: `${id}-onboarding`,
          name: { en: 'Onboard a customer', 'zh-CN': '客户入驻' },
          precheck: {
            rule: `${id}-big-customer`,
            input: { revenue: '=data.revenue' },
            warnings: [
              {
                code: 'BIG_CUSTOMER',
                when: '=big',
                message: { en: 'A big one: {amount}', 'zh-CN': '大客户：{amount}' },
              },
            ],
          },
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
  const customer = (file: string, value: unknown) => write(`doctypes/customer/${file}`, json(value));
  customer('doctype.json', { name: { en: 'Customer', 'zh-CN': '客户' }, titleField: 'name' });
  customer('schema.json', {
    type: 'object',
    properties: fields,
    required: ['name', 'tier'],
    additionalProperties: false,
  });
  customer('ui.json', {});
  customer('labels.json', {
    fields: {
      name: { en: 'Name', 'zh-CN': '名称' },
      tier: { en: 'Tier', 'zh-CN': '等级' },
      revenue: { en: 'Revenue', 'zh-CN': '收入' },
      ...(v2 ? { city: { en: 'City', 'zh-CN': '城市' } } : {}),
    },
    options: { tier: { gold: { en: 'Gold', 'zh-CN': '金牌' }, silver: { en: 'Silver', 'zh-CN': '银牌' } } },
  });
  customer('views.json', {
    list: { columns: ['data.name', 'data.tier'] },
    detail: { summary: ['data.tier'] },
  });
  customer('permissions.json', {
    grants: {
      employee: { actions: ['create', 'read'], rows: { type: 'own' } },
      [`${id}-agent`]: { actions: ['read', 'update'] },
    },
  });
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
          nameZh: `${t}（审批）`,
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
    'rules/big-customer.json',
    json({
      name: { en: 'A big customer', 'zh-CN': '大客户' },
      inputs: ['revenue'],
      values: { amount: 'revenue', big: ['revenue != null', 'and revenue > settings.bigRevenue'] },
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
      readers: ['employee'],
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
    json({ name: { en: 'Customers', 'zh-CN': '客户' }, cards: [{ report: `${id}-by-tier` }] }),
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
  return dir;
}
