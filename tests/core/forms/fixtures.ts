// A realistic form definition the forms and records tests share: an expense claim with line
// items, computed amounts, a conditional field, sensitive fields and option labels.
import type { FormDefinition } from '#schemas/generated/index.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

export function expenseClaim(overrides: Partial<FormDefinition> = {}): FormDefinition {
  return {
    id: 'expense-claim',
    module: 'finance',
    name: L('Expense claim', '费用报销'),
    description: L('Claim back what you spent for work', '报销因公支出的费用'),
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 200 },
        category: { type: 'string', enum: ['travel', 'meals', 'office'] },
        phone: { type: 'string', format: 'cn-mobile' },
        bankAccount: { type: 'string', format: 'iban' },
        idCard: { type: 'string', format: 'cn-id-card' },
        salary: { type: 'string', format: 'money' },
        payee: {
          type: 'object',
          properties: { name: { type: 'string' }, city: { type: 'string' } },
        },
        travel: { type: 'boolean' },
        destination: { type: 'string', minLength: 1 },
        lines: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: {
              date: { type: 'string', format: 'date' },
              quantity: { type: 'integer', minimum: 1 },
              unitPrice: { type: 'string', format: 'money', minimumAmount: '0.01' },
              amount: { type: 'string', format: 'money' },
            },
            required: ['date', 'quantity', 'unitPrice'],
            additionalProperties: false,
          },
        },
        total: { type: 'string', format: 'money', maximumAmount: '100000' },
        taxRate: { type: 'string', format: 'percentage' },
        priority: { type: 'integer', default: 3 },
      },
      required: ['title', 'category', 'lines'],
      if: { properties: { travel: { const: true } }, required: ['travel'] },
      then: { required: ['destination'] },
      dependentRequired: { bankAccount: ['payee'] },
      additionalProperties: false,
    },
    uiSchema: { lines: { items: { date: { 'ui:widget': 'date' } } }, 'ui:order': ['title', '*'] },
    labels: {
      title: L('Title', '标题'),
      category: L('Category', '类别'),
      phone: L('Phone', '手机号码'),
      bankAccount: L('Bank account', '银行账号'),
      idCard: L('ID card', '身份证号码'),
      salary: L('Salary', '工资'),
      payee: L('Payee', '收款人'),
      'payee.name': L('Payee name', '收款人姓名'),
      'payee.city': L('Payee city', '收款人城市'),
      travel: L('Travel', '出差'),
      destination: L('Destination', '目的地'),
      lines: L('Lines', '明细'),
      'lines.date': L('Date', '日期'),
      'lines.quantity': L('Quantity', '数量'),
      'lines.unitPrice': L('Unit price', '单价'),
      'lines.amount': L('Amount', '金额'),
      total: L('Total', '合计'),
      taxRate: L('Tax rate', '税率'),
      priority: L('Priority', '优先级'),
    },
    optionLabels: {
      category: { travel: L('Travel', '差旅'), meals: L('Meals', '餐饮'), office: L('Office', '办公') },
    },
    sensitiveFields: ['phone', 'bankAccount', 'idCard', 'salary'],
    titleField: 'title',
    computed: [
      { field: 'lines.amount', expression: 'item.quantity * item.unitPrice' },
      { field: 'total', expression: '=sum(lines.amount)' },
    ],
    listColumns: ['data.title', 'data.category', 'data.total', 'status', 'createdAt'],
    defaultSort: { field: 'createdAt', direction: 'desc' },
    indexes: ['data.category', 'data.payee.city'],
    ...overrides,
  };
}

/** A valid submission for expenseClaim(). */
export function claimData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Trip to Shenzhen',
    category: 'travel',
    phone: '13812345678',
    lines: [
      { date: '2026-01-05', quantity: 2, unitPrice: '120.5' },
      { date: '2026-01-06', quantity: 1, unitPrice: '0.10' },
    ],
    ...overrides,
  };
}

type Json = Record<string, unknown>;

/** The object at a path inside JSON (schemas in tests), to read or change it in place. */
export function at(value: unknown, ...path: Array<string | number>): Json {
  let cur = value;
  for (const key of path) cur = (cur as Json)[key];
  if (typeof cur !== 'object' || cur === null) throw new Error(`nothing at ${path.join('/')}`);
  return cur as Json;
}
