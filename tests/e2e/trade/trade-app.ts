// What the purchasing and sales tests share: an app (either run mode) with finance and the
// purchasing-sales module installed, the module's roles given to demo people, and helpers for
// records, approvals and vouchers.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { expect } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { startApp, type Client, type Mode, type TestApp } from '../../support/app-harness.ts';
import { waitFor } from '../../support/wait-for.ts';

export const P = 'purchasing-sales';
export const records = (doctype: string): string => `/api/records/${P}-${doctype}`;

/** Who does what in the tests (demo people given the module's roles). */
export const PEOPLE = {
  requester: 'zheng.xin', // operations, manager wu.hao
  purchaser: 'zhou.jie', // purchaser and warehouse clerk
  purchasingManager: 'chen.wei', // purchasing manager and credit controller
  finance: 'zhao.qiang',
  sales: 'wang.fang',
} as const;

export async function startTradeApp(mode: Mode, options: { finance: boolean }): Promise<TestApp> {
  const t = await startApp(mode, {
    platform: {
      clock: new ManualClock(Date.parse('2026-06-10T02:00:00Z')),
      workers: true,
      sweepEveryMs: 0,
      automationRetryBackoffMs: 20,
      flowRetryBackoffMs: 20,
    },
  });
  const admin = await t.client('qian.admin');
  for (const id of options.finance ? ['finance', P] : [P]) {
    const installed = await admin.post(`/api/modules/${id}/install`, { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }
  const give: Record<string, string[]> = {
    'zhou.jie': ['purchaser', 'warehouse-clerk'],
    'chen.wei': ['purchasing-manager', 'credit-controller'],
    'wang.fang': ['sales'],
  };
  for (const [login, roles] of Object.entries(give)) {
    const user = (await admin.get(`/api/users/${login}`)).body;
    const given = await admin.patch(`/api/users/${login}`, {
      rev: user.rev,
      roles: [...user.roles, ...roles],
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
  }
  return t;
}

/** Creates a record and, when asked, submits it; returns the record as stored. */
export async function create(
  who: Client,
  doctype: string,
  data: Record<string, unknown>,
  submit = false,
): Promise<any> {
  const created = await who.post(records(doctype), { data });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (!submit) return created.body;
  const submitted = await who.post(`${records(doctype)}/${created.body.id}/submit`, {
    rev: created.body.rev,
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return submitted.body;
}

/** Approves the open task `elementId` of an instance from `login`'s inbox. */
export async function approve(
  t: TestApp,
  instanceId: string,
  elementId: string,
  login: string,
): Promise<void> {
  const flows = t.app.services.flows;
  await waitFor(
    async () => (await flows.getInstance(instanceId)).openTasks.some((x) => x.elementId === elementId),
    20_000,
    `${elementId} of ${instanceId}`,
  );
  const who = await t.client(login);
  const inbox = await who.get('/api/tasks?limit=100');
  const task = inbox.body.items.find((x: any) => x.instanceId === instanceId && x.elementId === elementId);
  expect(task, `${elementId} in the inbox of ${login}`).toBeDefined();
  const res = await who.post(`/api/tasks/${task.id}/approve`, { comment: `approved by ${login}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Waits until a record of the module is submitted (its approval ended "approved"). */
export async function submittedRecord(t: TestApp, doctype: string, id: string): Promise<any> {
  const admin = await t.client('qian.admin');
  let row: any;
  await waitFor(
    async () => {
      row = (await admin.get(`${records(doctype)}/${id}`)).body;
      return row.docstatus === 'submitted';
    },
    20_000,
    `${doctype} ${id} submitted`,
  );
  return row;
}

/** The vouchers posted for a source document (waiting until `count` are there). */
export async function vouchersOf(t: TestApp, id: string, count: number): Promise<any[]> {
  const finance = await t.client(PEOPLE.finance);
  let items: any[] = [];
  await waitFor(
    async () => {
      items = (await finance.get(`/api/ledger/vouchers?sourceId=${id}`)).body.items ?? [];
      return items.length >= count;
    },
    20_000,
    `${count} voucher(s) of ${id}`,
  );
  return items;
}

/** Each voucher's lines as [account, debit, credit], and the voucher balanced to the cent. */
export function linesOf(voucher: any): Array<[string, string | null, string | null]> {
  const cents = (v: unknown) => (v ? Math.round(Number(v) * 100) : 0);
  const debit = voucher.lines.reduce((s: number, l: any) => s + cents(l.debit), 0);
  const credit = voucher.lines.reduce((s: number, l: any) => s + cents(l.credit), 0);
  expect(debit, `voucher ${voucher.number} balances`).toBe(credit);
  const amount = (v: unknown) => (cents(v) === 0 ? null : (v as string));
  return voucher.lines.map((l: any) => [l.account, amount(l.debit), amount(l.credit)]);
}
