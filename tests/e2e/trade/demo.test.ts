// The module's demo data, in both run modes (`npm start -- --demo` installs it: installInDemo; here
// it is installed alone, which also shows it needs no finance): a newcomer finds suppliers,
// customers, open and finished orders with their receipts, deliveries and invoices, supplier
// contracts, and reports that already answer (order-to-delivery lead time, what customers owe).
// Without the CRM, the link its customers have to a CRM customer stays empty.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../../support/app-harness.ts';
import { P, records } from './trade-app.ts';

describe.each(MODES)('purchasing and sales demo data (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { sweepEveryMs: 0 } });
    const installed = await (
      await t.client('qian.admin')
    ).post(`/api/modules/${P}/install`, { enable: true, demo: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  });
  afterAll(() => t?.close());

  it('installs alone and seeds a living chain', async () => {
    const admin = await t.client('qian.admin');
    const modules = (await admin.get('/api/modules')).body.items;
    const status = Object.fromEntries(modules.map((m: any) => [m.id, m.status]));
    expect([status.finance, status[P]]).toEqual(['available', 'enabled']);
    const count = async (doctype: string) =>
      (await admin.get(`${records(doctype)}?limit=50`)).body.items.length;
    expect(
      await Promise.all(
        ['supplier', 'customer', 'purchase-order', 'goods-receipt', 'sales-order', 'delivery'].map(count),
      ),
    ).toEqual([3, 3, 3, 3, 3, 3]);
    const lead = await admin.post(`/api/reports/${P}-order-to-delivery/run`, {});
    expect(lead.body.rows.map((r: any) => [r.month, r.averageDays])).toEqual([
      ['2026-09', '7.0'],
      ['2026-10', '3.0'],
    ]);
    const owed = await admin.post(`/api/reports/${P}-customer-exposure/run`, { params: {} });
    const byName = Object.fromEntries(owed.body.rows.map((r: any) => [r.customer, r.exposure]));
    // Lianxin: two orders 23730.00 + 11695.50, the first paid → 11695.50; Meida: its invoice unpaid
    expect([byName['demo-cus-lianxin'], byName['demo-cus-meida']]).toEqual(['11695.50', '7232.00']);
  });

  it('without the CRM its customers link to no CRM customer: the picker offers none, an id is not found', async () => {
    const admin = await t.client('qian.admin');
    const picker = await admin.get(`${records('customer')}/link-options?field=crmCustomer`);
    expect([picker.status, picker.body.items]).toEqual([200, []]);
    const customer = (await admin.get(`${records('customer')}?limit=1`)).body.items[0];
    const linked = await admin.patch(`${records('customer')}/${customer.id}`, {
      rev: customer.rev,
      patch: { crmCustomer: 'some-crm-customer' },
    });
    expect([linked.status, linked.body.error.code]).toEqual([422, 'LINK_NOT_FOUND']);
  });
});
