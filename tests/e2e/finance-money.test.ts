// Attacks on the money of an expense claim, through the HTTP API in both run modes: what was
// approved cannot change without a new approval (finance's PATCH, an automation's write — the
// system actor — and a whole-data replacement are all refused (409: the approval submitted the
// claim, a document; its approvalLock holds the same fields), and nothing stored changes); the payment posts the amount the approval posted, even when the
// claim's fields say otherwise (data changed behind the platform's back, e.g. before the lock
// existed); setting a paid claim back to unpaid reverses the payment voucher (a reversing voucher,
// the original kept), and paying again posts a new payment — the ledger ends owing nothing.
// And what a participant sees of the request: the requester's view of the request and of its
// flow instance, and the approver's task, carry the form's fields with exact decimal amounts —
// not the module's settings (account numbers, the HTTP allow-list), the requester's profile or
// the rule's look-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const FORM = 'finance-expense-claim';
const CLAIM = {
  title: 'Client dinner',
  date: '2026-03-09',
  lines: [{ date: '2026-03-05', category: 'meals', description: 'Dinner', amount: '1500.50' }],
};

describe.each(MODES)('the money of an approved expense claim (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  let claimId = '';
  let instanceId = '';

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock,
        workers: true,
        sweepEveryMs: 0,
        automationRetryBackoffMs: 20,
        flowRetryBackoffMs: 20,
      },
    });
    await t.app.ready();
    const admin = await t.client('admin');
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect(installed.status).toBe(200);
    const settings = { ...installed.body.settings, httpAllowList: ['https://einvoice.example/api/'] };
    expect((await admin.put('/api/modules/finance/settings', { settings })).status).toBe(200);
  });
  afterAll(() => t.close());

  const as = (who: string): Promise<Client> => t.client(who);
  const claim = async () => (await (await as('finance')).get(`/api/records/${FORM}/${claimId}`)).body;
  const vouchers = async () =>
    (await (await as('finance')).get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items as Array<{
      id: string;
      source: { kind: string };
      totalDebit: string;
      reverses?: string;
      reversedBy?: string;
      lines: Array<{ account: string; debit: string; credit: string }>;
    }>;
  const ofKind = async (kind: string) => (await vouchers()).find((v) => v.source.kind === kind);
  const owed = async () =>
    (
      await (
        await as('finance')
      ).post('/api/reports/finance-claim-payable/run', {
        params: { claim: claimId },
      })
    ).body.totals.owed;

  async function approve(elementId: string, who: string): Promise<void> {
    const flows = t.app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(instanceId)).openTasks.some((x) => x.elementId === elementId),
      20_000,
      `task ${elementId}`,
    );
    const client = await as(who);
    const inbox = await client.get('/api/tasks?processId=finance-expense-approval');
    const task = inbox.body.items.find(
      (x: { instanceId: string; elementId: string }) =>
        x.instanceId === instanceId && x.elementId === elementId,
    );
    const res = await client.post(`/api/tasks/${task.id}/approve`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  it('an employee submits a claim of 1,500.50', async () => {
    const submitted = await (await as('employee')).post(`/api/catalogue/${FORM}/submit`, { data: CLAIM });
    expect(submitted.status).toBe(201);
    claimId = submitted.body.record.id;
    instanceId = submitted.body.instanceId;
    await waitFor(
      async () => (await t.app.services.flows.getInstance(instanceId)).openTasks.length > 0,
      20_000,
      'the manager task',
    );
  });

  it('the requester and the approver see the request, not the settings; amounts as exact decimals', async () => {
    const employee = await as('employee');
    const manager = await as('manager');
    const task = (await manager.get('/api/tasks?processId=finance-expense-approval')).body.items.find(
      (x: { instanceId: string }) => x.instanceId === instanceId,
    );
    const views = {
      request: (await employee.get(`/api/approvals/requests/${instanceId}`)).body.variables,
      instance: (await employee.get(`/api/instances/${instanceId}`)).body.variables,
      task: (await manager.get(`/api/tasks/${task.id}`)).body.request.variables,
    };
    for (const [name, variables] of Object.entries(views)) {
      expect(variables, name).toEqual({
        title: 'Client dinner',
        date: '2026-03-09',
        period: '2026-03',
        // The payment fields are hidden from the requester (finance's fieldPermissions), read-only
        // to the manager.
        ...(name === 'task' ? { paymentStatus: 'unpaid' } : {}),
        total: '1500.50',
        lines: [{ ...CLAIM.lines[0], amount: '1500.50' }],
        record: { id: claimId, form: FORM },
      });
      const text = JSON.stringify(variables);
      for (const secret of ['einvoice.example', '2241.01', '1002', 'overrun', 'settings'])
        expect(text, `${name}: ${secret}`).not.toContain(secret);
    }
    // Whoever may read every instance (the administrator) still sees the flow's variables.
    const raw = (await (await as('admin')).get(`/api/instances/${instanceId}`)).body.variables;
    expect([raw.total, raw.settings.bankAccount]).toEqual([1500.5, '1002']);
  });

  it('manager and finance approve; the voucher posts 1,500.50', async () => {
    await approve('manager', 'manager');
    await approve('finance', 'finance');
    await waitFor(async () => (await claim()).status === 'approved', 20_000, 'approved');
    await waitFor(async () => !!(await ofKind('approval')), 20_000, 'the approval voucher');
    expect((await ofKind('approval'))!.totalDebit).toBe('1500.50');
    expect(await owed()).toBe('1500.50');
  });

  it('finance cannot change the approved lines (PATCH or whole data); nothing changes', async () => {
    const finance = await as('finance');
    const before = await claim();
    const lines = [{ ...CLAIM.lines[0], amount: '99999.00' }];
    const patched = await finance.patch(`/api/records/${FORM}/${claimId}`, {
      rev: before.rev,
      patch: { lines },
    });
    // The approval submitted the claim (its lifecycle), so the document's lock answers first;
    // approvalLock holds the same fields (tests/api/approval-lock.test.ts tests it on its own).
    expect(patched.status).toBe(409);
    expect(patched.body.error).toMatchObject({
      code: 'DOCUMENT_SUBMITTED',
      // The lines, and the total computed from them.
      details: expect.arrayContaining([
        expect.objectContaining({ path: expect.stringContaining('lines') }),
        expect.objectContaining({ path: expect.stringContaining('total') }),
      ]),
    });
    const replaced = await finance.patch(`/api/records/${FORM}/${claimId}`, {
      rev: before.rev,
      data: { ...before.data, lines, paymentStatus: 'paid' },
    });
    expect([replaced.status, replaced.body.error.code]).toEqual([409, 'DOCUMENT_SUBMITTED']);
    const after = await claim();
    expect([after.rev, after.data.total, after.data.paymentStatus]).toEqual([
      before.rev,
      '1500.50',
      'unpaid',
    ]);
  });

  it('an automation (the system actor) cannot change them either', async () => {
    const { records } = t.app.services;
    const before = await claim();
    const write = records.update(systemActor(`record:${FORM}`, 'update', 'automation:x'), FORM, claimId, {
      rev: before.rev,
      patch: { title: 'Something else', lines: [{ ...CLAIM.lines[0], amount: '99999.00' }] },
    });
    await expect(write).rejects.toMatchObject({ code: 'DOCUMENT_SUBMITTED', status: 409 });
    expect((await claim()).rev).toBe(before.rev);
  });

  it('paying posts the approved amount even when the fields were changed behind the platform', async () => {
    // Data changed outside every write path (an approval given before the lock existed, a repair
    // in the database): the fields now say 99,999.00.
    const rows = t.app.services.records.collection(FORM);
    const row = (await rows.get(claimId))!;
    await rows.update(claimId, row.rev, {
      set: { 'data.lines': [{ ...CLAIM.lines[0], amount: '99999.00' }], 'data.total': '99999.00' },
    });
    const finance = await as('finance');
    const current = await claim();
    expect(current.data.total).toBe('99999.00');
    const paid = await finance.patch(`/api/records/${FORM}/${claimId}`, {
      rev: current.rev,
      patch: { paymentStatus: 'paid', paidOn: '2026-03-12' },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    await waitFor(async () => !!(await ofKind('payment')), 20_000, 'the payment voucher');
    const payment = (await ofKind('payment'))!;
    expect(payment.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['2241.01', '1500.50', '0.00'],
      ['1002', '0.00', '1500.50'],
    ]);
    expect(await owed()).toBe('0.00');
  });

  it('setting it back to unpaid reverses the payment; paying again posts a new payment', async () => {
    const finance = await as('finance');
    const paid = await claim();
    const unpaid = await finance.patch(`/api/records/${FORM}/${claimId}`, {
      rev: paid.rev,
      patch: { paymentStatus: 'unpaid', paidOn: null },
    });
    expect(unpaid.status, JSON.stringify(unpaid.body)).toBe(200);
    await waitFor(async () => !!(await ofKind('reversal:payment')), 20_000, 'the reversal');
    const original = (await ofKind('payment'))!;
    const reversal = (await ofKind('reversal:payment'))!;
    expect(reversal.reverses).toBe(original.id);
    expect(original.reversedBy).toBe(reversal.id);
    // The original is kept as it was; the reversal swaps its sides.
    expect(original.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['2241.01', '1500.50', '0.00'],
      ['1002', '0.00', '1500.50'],
    ]);
    expect(reversal.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['2241.01', '0.00', '1500.50'],
      ['1002', '1500.50', '0.00'],
    ]);
    expect(await owed()).toBe('1500.50');

    const again = await finance.patch(`/api/records/${FORM}/${claimId}`, {
      rev: unpaid.body.rev,
      patch: { paymentStatus: 'paid', paidOn: '2026-03-13' },
    });
    expect(again.status).toBe(200);
    await waitFor(async () => !!(await ofKind('payment#2')), 20_000, 'the second payment');
    expect((await ofKind('payment#2'))!.totalDebit).toBe('1500.50');
    expect(await owed()).toBe('0.00');
    expect((await vouchers()).map((v) => v.source.kind).sort()).toEqual([
      'approval',
      'payment',
      'payment#2',
      'reversal:payment',
    ]);
  });
});
