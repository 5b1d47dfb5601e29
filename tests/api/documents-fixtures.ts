// Business documents for the API and browser tests: the demo company's customers (row rule: a
// salesperson sees only their own), items, sales orders that link to both (fetching the credit
// limit, the unit and the price), and sales invoices on an order — submittable and numbered.
// `setUpDocuments` publishes the forms, lets salespeople take orders, and creates the customers
// and items through the API as their owners.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { Client } from '../support/app-harness.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const $schema = 'https://json-schema.org/draft/2020-12/schema';

export const customerForm: FormDefinition = {
  id: 'customer',
  module: 'crm',
  name: L('Customer', '客户'),
  schema: {
    $schema,
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200 },
      creditLimit: { type: 'string', format: 'money' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  labels: { name: L('Name', '名称'), creditLimit: L('Credit limit', '信用额度') },
  titleField: 'name',
};

export const itemForm: FormDefinition = {
  id: 'item',
  module: 'stock',
  name: L('Item', '物料'),
  schema: {
    $schema,
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      unit: { type: 'string' },
      price: { type: 'string', format: 'money' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  labels: { name: L('Name', '名称'), unit: L('Unit', '单位'), price: L('Price', '单价') },
  titleField: 'name',
};

export const orderForm: FormDefinition = {
  id: 'sales-order',
  module: 'sales',
  name: L('Sales order', '销售订单'),
  schema: {
    $schema,
    type: 'object',
    properties: {
      customer: {
        type: 'string',
        format: 'link',
        'x-link': { form: 'customer', fetch: { creditLimit: 'creditLimit' } },
      },
      creditLimit: { type: 'string', format: 'money' },
      deliveryDate: { type: 'string', format: 'date' },
      note: { type: 'string', maxLength: 200 },
      lines: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            item: {
              type: 'string',
              format: 'link',
              'x-link': { form: 'item', fetch: { unit: 'unit', price: 'price' } },
            },
            qty: { type: 'integer', minimum: 1 },
            unit: { type: 'string' },
            price: { type: 'string', format: 'money' },
            amount: { type: 'string', format: 'money' },
          },
          required: ['item', 'qty'],
          additionalProperties: false,
        },
      },
      total: { type: 'string', format: 'money' },
    },
    required: ['customer'],
    additionalProperties: false,
  },
  labels: {
    customer: L('Customer', '客户'),
    creditLimit: L('Credit limit', '信用额度'),
    deliveryDate: L('Delivery date', '交货日期'),
    note: L('Note', '备注'),
    lines: L('Lines', '明细'),
    'lines.item': L('Item', '物料'),
    'lines.qty': L('Quantity', '数量'),
    'lines.unit': L('Unit', '单位'),
    'lines.price': L('Price', '单价'),
    'lines.amount': L('Amount', '金额'),
    total: L('Total', '合计'),
  },
  titleField: 'note',
  computed: [
    { field: 'lines.amount', expression: 'item.qty * item.price' },
    { field: 'total', expression: 'sum(lines.amount)' },
  ],
  lifecycle: { submittable: true, allowedAfterSubmit: ['deliveryDate'] },
  numbering: { pattern: 'SO-{YYYY}-{####}' },
};

export const invoiceForm: FormDefinition = {
  id: 'sales-invoice',
  module: 'sales',
  name: L('Sales invoice', '销售发票'),
  schema: {
    $schema,
    type: 'object',
    properties: {
      order: { type: 'string', format: 'link', 'x-link': { form: 'sales-order' } },
      amount: { type: 'string', format: 'money' },
    },
    required: ['order', 'amount'],
    additionalProperties: false,
  },
  labels: { order: L('Sales order', '销售订单'), amount: L('Amount', '金额') },
  lifecycle: { submittable: true },
  numbering: { pattern: 'SI-{YY}{MM}-{###}' },
};

export const CUSTOMERS = [
  { id: 'c-wang-1', owner: 'wang.fang', name: 'Jade River Trading', creditLimit: '50000.00' },
  { id: 'c-wang-2', owner: 'wang.fang', name: 'Jade Lake Foods', creditLimit: '20000.00' },
  { id: 'c-li-1', owner: 'li.lei', name: 'Jade Hill Logistics', creditLimit: '80000.00' },
] as const;

export const ITEMS = [
  { id: 'i-chair', name: 'Office chair', unit: 'pcs', price: '450.00' },
  { id: 'i-desk', name: 'Standing desk', unit: 'pcs', price: '1800.00' },
] as const;

/**
 * Publishes the forms, lets salespeople take orders and read items, creates customers and items;
 * `as(login)` is a client signed in as that demo user.
 */
export async function setUpDocuments(as: (login: string) => Promise<Client>): Promise<void> {
  const admin = await as('qian.admin');
  for (const form of [customerForm, itemForm, orderForm, invoiceForm]) {
    const saved = await admin.post('/api/forms', form);
    if (saved.status !== 201) throw new Error(`${form.id}: ${JSON.stringify(saved.body)}`);
    const published = await admin.post(`/api/forms/${form.id}/publish`, {});
    if (published.status !== 200) throw new Error(`${form.id}: ${JSON.stringify(published.body)}`);
  }
  const role = (await admin.get('/api/roles/salesperson')).body;
  const permissions = [
    ...role.permissions.map((p: { resource: string; actions: string[] }) =>
      p.resource === 'record:customer' ? { ...p, actions: [...new Set([...p.actions, 'create'])] } : p,
    ),
    {
      resource: 'record:sales-order',
      actions: ['create', 'read', 'update', 'submit'],
      rows: { type: 'own' },
    },
    { resource: 'record:item', actions: ['read'] },
  ];
  const patched = await admin.patch('/api/roles/salesperson', { permissions });
  if (patched.status !== 200) throw new Error(JSON.stringify(patched.body));
  for (const c of CUSTOMERS) {
    const client = await as(c.owner);
    const res = await client.post('/api/records/customer', {
      id: c.id,
      data: { name: c.name, creditLimit: c.creditLimit },
    });
    if (res.status !== 201) throw new Error(`${c.id}: ${JSON.stringify(res.body)}`);
  }
  for (const i of ITEMS) {
    const { id, ...data } = i;
    const res = await admin.post('/api/records/item', { id, data });
    if (res.status !== 201) throw new Error(`${id}: ${JSON.stringify(res.body)}`);
  }
}

/** Creates a sales order as `client`; the reply. */
export function createOrder(client: Client, data: Record<string, unknown>) {
  return client.post('/api/records/sales-order', { data });
}
