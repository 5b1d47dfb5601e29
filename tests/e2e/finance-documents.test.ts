// Finance's expense claims as business documents, in both run modes: a claim submitted from the
// catalogue is a numbered draft (EXP-2026-0001) until its approval ends "approved", which submits
// it in the same write; its voucher is posted; it prints as a 费用报销单 with the total in Chinese
// capital numerals, and its voucher as a 记账凭证; once submitted only its payment may change;
// paying it posts the second voucher; cancelling it reverses both (four vouchers, every account
// back to zero) and a voucher for it is refused from then on; the amendment is EXP-2026-0001-1.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const CLAIMS = '/api/records/finance-expense-claim';
/** An automation's run of an action, as the automation processor makes it. */
const actionContext = {
  instanceId: 'automation',
  processId: 'automation',
  processVersion: 0,
  elementId: 'post',
  tokenId: 'late',
  idempotencyKey: 'late-run',
  variables: {},
  headers: {},
  attempt: 0,
  attempts: 1,
};
const APPROVER: Record<string, string> = {
  manager: 'wu.hao',
  deptHead: 'wu.hao',
  budgetApproval: 'sun.li',
  finance: 'zhao.qiang',
};

describe.each(MODES)('finance expense claims as documents (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-04-20T02:00:00Z'));
  let claim: any;
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
    const installed = await (
      await t.client('qian.admin')
    ).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  });
  afterAll(() => t?.close());

  const as = (login: string): Promise<Client> => t.client(login);
  const vouchersOf = async (id: string) =>
    (await (await as('zhao.qiang')).get(`/api/ledger/vouchers?sourceId=${id}`)).body.items as any[];

  it('a claim from the catalogue is a numbered draft while it is approved', async () => {
    const submitted = await (
      await as('zheng.xin')
    ).post('/api/catalogue/finance-expense-claim/submit', {
      data: {
        title: 'Taxi to the customer',
        date: '2026-04-18',
        lines: [{ date: '2026-04-18', category: 'transport', amount: '135.50', invoiceRef: '44556677' }],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    claim = submitted.body.record;
    instanceId = submitted.body.instanceId;
    expect([claim.number, claim.docstatus, claim.status]).toEqual(['EXP-2026-0001', 'draft', 'submitted']);
  });

  it('its approval submits it; its voucher is posted', async () => {
    const flows = t.app.services.flows;
    for (;;) {
      await waitFor(
        async () => {
          const i = await flows.getInstance(instanceId);
          return i.status !== 'active' || i.openTasks.length > 0;
        },
        20_000,
        'the next step',
      );
      const instance = await flows.getInstance(instanceId);
      if (instance.status !== 'active') break;
      const task = instance.openTasks[0]!;
      const who = await as(APPROVER[task.elementId]!);
      const mine = (await who.get('/api/tasks?processId=finance-expense-approval')).body.items.find(
        (x: any) => x.instanceId === instanceId,
      );
      expect((await who.post(`/api/tasks/${mine.id}/approve`, {})).status).toBe(200);
      await waitFor(
        async () => (await flows.getInstance(instanceId)).openTasks[0]?.id !== task.id,
        20_000,
        `${task.elementId} done`,
      );
    }
    const finance = await as('zhao.qiang');
    await waitFor(
      async () => (await finance.get(`${CLAIMS}/${claim.id}`)).body.docstatus === 'submitted',
      20_000,
      'submitted',
    );
    claim = (await finance.get(`${CLAIMS}/${claim.id}`)).body;
    expect([claim.status, claim.docstatus, claim.number]).toEqual(['approved', 'submitted', 'EXP-2026-0001']);
    await waitFor(async () => (await vouchersOf(claim.id)).length === 1, 20_000, 'the voucher');
  });

  it('prints as a 费用报销单 with the total in capital numerals, and its voucher as a 记账凭证', async () => {
    const finance = await as('zhao.qiang');
    const printed = await finance.get(`${CLAIMS}/${claim.id}/print`);
    expect(printed.status, JSON.stringify(printed.body)).toBe(200);
    const doc = printed.body;
    expect([doc.title['zh-CN'], doc.number, doc.format.id]).toEqual([
      '费用报销单',
      'EXP-2026-0001',
      'finance-expense-claim-standard',
    ]);
    const fields = doc.sections[0].cells.map((c: any) => [c.label['zh-CN'], c.value['zh-CN']]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['单据编号', 'EXP-2026-0001'],
        ['报销人', '郑欣 Zheng Xin'],
        ['审批状态', '已批准'],
        ['付款状态', '未付款'],
      ]),
    );
    expect(doc.sections[1].rows).toEqual([
      [
        { en: '2026-04-18', 'zh-CN': '2026-04-18' },
        { en: 'Local transport', 'zh-CN': '交通费' },
        { en: '', 'zh-CN': '' },
        { en: '44556677', 'zh-CN': '44556677' },
        { en: '135.50', 'zh-CN': '135.50' },
      ],
    ]);
    expect(doc.sections[2].cells[0]).toMatchObject({
      value: { en: '135.50' },
      inWords: '壹佰叁拾伍元伍角整',
      align: 'end',
    });
    const voucher = (await vouchersOf(claim.id))[0];
    const slip = (await finance.get(`/api/ledger/vouchers/${voucher.id}/print`)).body;
    expect([slip.title['zh-CN'], slip.number, slip.format.paper]).toEqual([
      '记账凭证',
      voucher.number,
      'A5-landscape',
    ]);
    expect(slip.sections[2].cells[0].inWords).toBe('壹佰叁拾伍元伍角整');
    expect(slip.sections[1].rows.map((r: any) => r[2]['zh-CN'])).toEqual([
      '管理费用—交通费',
      '其他应付款—员工报销',
    ]);
    // Whoever may not read the ledger may not print its vouchers.
    expect((await (await as('zheng.xin')).get(`/api/ledger/vouchers/${voucher.id}/print`)).status).toBe(403);
  });

  it('once submitted only its payment changes; paying it posts the second voucher', async () => {
    const finance = await as('zhao.qiang');
    const retitled = await finance.patch(`${CLAIMS}/${claim.id}`, {
      rev: claim.rev,
      patch: { title: 'Other' },
    });
    expect([retitled.status, retitled.body.error.code]).toEqual([409, 'DOCUMENT_SUBMITTED']);
    const paid = await finance.patch(`${CLAIMS}/${claim.id}`, {
      rev: claim.rev,
      patch: { paymentStatus: 'paid', paidOn: '2026-04-20' },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    claim = paid.body;
    await waitFor(async () => (await vouchersOf(claim.id)).length === 2, 20_000, 'the payment voucher');
  });

  it('cancelling it reverses both vouchers; it posts nothing more; the amendment is -1', async () => {
    const finance = await as('zhao.qiang');
    const cancelled = await finance.post(`${CLAIMS}/${claim.id}/cancel`, {
      rev: claim.rev,
      reason: 'The taxi was paid by the customer',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const vouchers = await vouchersOf(claim.id);
    expect(vouchers.map((v) => v.source.kind).sort()).toEqual([
      'approval',
      'payment',
      'reversal:approval',
      'reversal:payment',
    ]);
    const byAccount = new Map<string, number>();
    for (const line of vouchers.flatMap((v) => v.lines))
      byAccount.set(
        line.account,
        (byAccount.get(line.account) ?? 0) + Math.round(Number(line.balance) * 100),
      );
    expect([...byAccount.values()].every((cents) => cents === 0)).toBe(true);
    // A voucher for a cancelled claim is refused (a late automation, a retried job …).
    const refused = await t.platform.actions
      .get('ledger.post')!
      .run({
        ...actionContext,
        store: t.store,
        clock,
        input: {
          source: { form: 'finance-expense-claim', id: claim.id, kind: 'later' },
          date: '2026-04-20',
          lines: [
            { account: '2241.01', debit: '1.00' },
            { account: '1002', credit: '1.00' },
          ],
        },
        automation: { id: 'finance-post-expense-payment', runId: 'late-run' },
      })
      .catch((e: any) => e);
    expect(refused.code).toBe('DOCUMENT_CANCELLED');
    // The claimant amends it (finance may cancel claims but not make them).
    const amended = await (await as('zheng.xin')).post(`${CLAIMS}/${claim.id}/amend`, {});
    expect([amended.status, amended.body.number, amended.body.owner]).toEqual([
      201,
      'EXP-2026-0001-1',
      'zheng.xin',
    ]);
    // The payment belonged to the cancelled claim: the amendment starts unpaid.
    expect([amended.body.docstatus, amended.body.data.paymentStatus, amended.body.data.paidOn]).toEqual([
      'draft',
      'unpaid',
      undefined,
    ]);
  });
});
