// The salesperson scenario (tests/support/customer-visibility.ts) through ScopedCollection over the
// real store, in both run modes. The records API (issue 4) adds a driver that goes through HTTP.
import { afterAll, describe } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import type { Action } from '#engine/core/permissions/resolve.ts';
import { CUSTOMER_RESOURCE } from '#engine/services/identity/demo.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import {
  CUSTOMERS,
  describeCustomerVisibility,
  type CustomerAccess,
  type CustomerRow,
  type Outcome,
} from '../support/customer-visibility.ts';

const COLLECTION = 'test_customers';

function scopedCollectionDriver(t: TestApp): CustomerAccess {
  const scoped = async (login: string, action: Action) => {
    const user = await t.app.services.identity.users.findByLogin(login);
    const principal = await t.app.services.identity.access.principalFor(user!);
    return t.app.services.identity.access.scoped<CustomerRow>(
      principal,
      COLLECTION,
      CUSTOMER_RESOURCE,
      action,
    );
  };
  const attempt = async <T>(work: () => Promise<T>): Promise<Outcome<T>> => {
    try {
      return { ok: await work() };
    } catch (e) {
      if (e instanceof AppError) return { refused: e.status };
      throw e;
    }
  };
  const all = async (login: string, action: Action) => {
    const col = await scoped(login, action);
    const rows: CustomerRow[] = [];
    let after: string | undefined;
    do {
      const page = await col.find({}, { sort: [['id', 1]], limit: 2, ...(after ? { after } : {}) });
      rows.push(...page.items);
      after = page.nextCursor ?? undefined;
    } while (after);
    return rows;
  };
  return {
    list: (login) => attempt(() => all(login, 'read')),
    export: (login) => attempt(() => all(login, 'export')),
    count: async (login) => attempt(async () => (await scoped(login, 'read')).count()),
    get: async (login, id) => {
      const got = await attempt(async () => (await scoped(login, 'read')).get(id));
      if ('ok' in got && got.ok === null) return { refused: 404 };
      return got as Outcome<CustomerRow>;
    },
  };
}

describe.each(MODES)('%s mode', (mode) => {
  let t: TestApp;
  afterAll(() => t?.close());
  describeCustomerVisibility(`ScopedCollection over the store (${mode})`, async () => {
    t = await startApp(mode);
    await t.store.collection<CustomerRow>(COLLECTION).insertMany(CUSTOMERS);
    return scopedCollectionDriver(t);
  });
});
