// "A salesperson sees only their own customers" — in lists, get by id (404, not 403, for a row
// they may not see), counts and exports — as a scenario that runs against any way of reaching
// customer records: today ScopedCollection over the store (tests/api/customer-visibility.test.ts),
// later the records API (issue 4) by writing another CustomerAccess driver.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DEMO_LOGINS } from '#engine/services/identity/demo.ts';

type Login = (typeof DEMO_LOGINS)[keyof typeof DEMO_LOGINS];

export interface CustomerRow {
  id: string;
  owner: string;
  department: string;
  data: { name: string; phone: string };
}

export type Outcome<T> = { ok: T } | { refused: number };

/** What a user gets when they ask for customers through some path (store, API). */
export interface CustomerAccess {
  /** Every page of the list. */
  list(login: Login): Promise<Outcome<CustomerRow[]>>;
  /** One customer by id: ok, or refused with the HTTP status (404 when not visible). */
  get(login: Login, id: string): Promise<Outcome<CustomerRow>>;
  count(login: Login): Promise<Outcome<number>>;
  /** The rows an export would contain. */
  export(login: Login): Promise<Outcome<CustomerRow[]>>;
}

const row = (id: string, owner: string, department: string, phone: string): CustomerRow => ({
  id,
  owner,
  department,
  data: { name: `Customer ${id}`, phone },
});

/** The customers the scenario expects to exist (the driver's setup creates them). */
export const CUSTOMERS: CustomerRow[] = [
  row('c-wang-1', 'wang.fang', 'sales-east', '13900000001'),
  row('c-wang-2', 'wang.fang', 'sales-east', '13900000002'),
  row('c-wang-3', 'wang.fang', 'sales-east', '13900000003'),
  row('c-li-1', 'li.lei', 'sales-east', '13900000004'),
  row('c-li-2', 'li.lei', 'sales-east', '13900000005'),
  row('c-zhang-1', 'zhang.min', 'sales-east', '13900000006'),
  row('c-liu-1', 'liu.yang', 'sales', '13900000007'),
];

const ids = (rows: CustomerRow[]) => rows.map((r) => r.id).sort();
const idsOf = (owner: string) => ids(CUSTOMERS.filter((c) => c.owner === owner));

export function describeCustomerVisibility(label: string, driver: () => Promise<CustomerAccess>): void {
  describe(`customer visibility: ${label}`, () => {
    let access: CustomerAccess;
    beforeAll(async () => {
      access = await driver();
    });

    it('a salesperson lists, counts and exports only their own customers', async () => {
      for (const login of ['wang.fang', 'li.lei'] as const) {
        const mine = idsOf(login);
        const list = await access.list(login);
        expect('ok' in list && ids(list.ok)).toEqual(mine);
        expect(await access.count(login)).toEqual({ ok: mine.length });
        const exported = await access.export(login);
        expect('ok' in exported && ids(exported.ok)).toEqual(mine);
      }
    });

    it("a salesperson gets another's customer as not found (404), their own in full", async () => {
      expect(await access.get('wang.fang', 'c-li-1')).toEqual({ refused: 404 });
      expect(await access.get('li.lei', 'c-wang-1')).toEqual({ refused: 404 });
      expect(await access.get('wang.fang', 'c-nope')).toEqual({ refused: 404 });
      const own = await access.get('wang.fang', 'c-wang-2');
      expect('ok' in own && own.ok.data.phone).toBe('13900000002');
    });

    it('a sales manager sees their department and the ones below it', async () => {
      const list = await access.list('zhang.min');
      expect('ok' in list && ids(list.ok)).toEqual(
        ids(CUSTOMERS.filter((c) => c.department === 'sales-east')),
      );
      expect(await access.get('zhang.min', 'c-liu-1')).toEqual({ refused: 404 });
    });

    it('finance reads every customer with the phone masked, and may not export', async () => {
      const list = await access.list('zhao.qiang');
      expect('ok' in list && ids(list.ok)).toEqual(ids(CUSTOMERS));
      expect('ok' in list && list.ok.every((c) => /^\d{3}\*{4}\d{4}$/.test(c.data.phone))).toBe(true);
      expect(await access.count('zhao.qiang')).toEqual({ ok: CUSTOMERS.length });
      expect(await access.export('zhao.qiang')).toEqual({ refused: 403 });
    });

    it('an employee without a grant is refused; an admin sees everything in clear', async () => {
      expect(await access.list('zheng.xin')).toEqual({ refused: 403 });
      expect(await access.get('zheng.xin', 'c-wang-1')).toEqual({ refused: 403 });
      const all = await access.export('qian.admin');
      expect('ok' in all && all.ok.map((c) => c.data.phone).sort()).toEqual(
        CUSTOMERS.map((c) => c.data.phone).sort(),
      );
    });
  });
}
