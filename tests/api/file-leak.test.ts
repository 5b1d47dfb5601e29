// The file-id leak, attacked through the HTTP API in both run modes: another person's file id put
// into one's own request — a claim line's receipt, or an attachment of a comment — is refused
// (403 FILE_NOT_ATTACHABLE with the path), and reading the file through one's own request is the
// same 404 as for a missing file. The file stays readable where it was first attached: by its
// uploader and by the approver of the request it came with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const FORM = 'finance-expense-claim';
const claim = (attachment?: string) => ({
  title: 'Taxi to the airport',
  date: '2026-03-09',
  lines: [
    {
      date: '2026-03-05',
      category: 'transport',
      amount: '88.00',
      ...(attachment ? { attachment } : {}),
    },
  ],
});

describe.each(MODES)('file ids are not keys (%s mode)', (mode) => {
  let t: TestApp;
  let receipt = { id: '', ref: '' };
  let victimRequest = '';
  let attackerRequest = '';

  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  const submit = async (who: string, data: unknown) =>
    (await t.client(who)).post(`/api/catalogue/${FORM}/submit`, { data });

  it('the victim attaches a receipt to their claim; their manager reads it through the request', async () => {
    const employee = await t.client('employee');
    const up = await employee.post('/api/files', {
      name: 'receipt.png',
      contentType: 'image/png',
      content: Buffer.from('private receipt').toString('base64'),
    });
    expect(up.status).toBe(201);
    receipt = { id: up.body.id, ref: up.body.ref };
    const submitted = await submit('employee', claim(receipt.ref));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    victimRequest = submitted.body.instanceId;
    await waitFor(
      async () => (await t.app.services.flows.getInstance(victimRequest)).openTasks.length > 0,
      20_000,
      'the manager task',
    );
    const manager = await t.client('manager');
    const read = await manager.get(`/api/files/${receipt.id}/info?request=${victimRequest}`);
    expect([read.status, read.body.owner]).toEqual([200, 'zheng.xin']);
  });

  it("another employee cannot put the victim's file id into their own claim", async () => {
    const res = await submit('salesperson', claim(receipt.ref));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'FILE_NOT_ATTACHABLE',
      messageZh: expect.stringContaining('附加'),
      details: [expect.objectContaining({ path: '/data/lines/0/attachment' })],
    });
    // Nothing was stored: the attacker has no claim.
    const mine = await (await t.client('salesperson')).get(`/api/records/${FORM}`);
    expect(mine.body.items).toEqual([]);
  });

  it('nor attach it to a comment on their own request; reading it through that request is a 404', async () => {
    const own = await submit('salesperson', claim());
    expect(own.status).toBe(201);
    attackerRequest = own.body.instanceId;
    const attacker = await t.client('salesperson');
    const comment = await attacker.post(`/api/approvals/requests/${attackerRequest}/comment`, {
      comment: 'see the receipt',
      attachments: [{ name: 'receipt.png', ref: receipt.ref }],
    });
    expect(comment.status).toBe(403);
    expect(comment.body.error).toMatchObject({
      code: 'FILE_NOT_ATTACHABLE',
      details: [expect.objectContaining({ path: '/attachments/0/ref' })],
    });
    for (const url of [
      `/api/files/${receipt.id}?request=${attackerRequest}`,
      `/api/files/${receipt.id}/info`,
    ]) {
      const res = await attacker.get(url);
      expect([res.status, res.body.error?.code], url).toEqual([404, 'FILE_NOT_FOUND']);
    }
  });

  it('even a file id written into a request behind the API gives no access through it', async () => {
    // The attacker's request mentions the file (data copied in by some path that bypassed the
    // checks): it still is not where the file was first attached.
    const { instances } = t.app.services.flows.runtime;
    const lines = [{ ...claim().lines[0], attachment: receipt.ref }];
    await waitFor(
      async () => {
        const doc = (await instances.get(attackerRequest))!;
        // The flow's own steps may move the instance on meanwhile: try again on a fresh read.
        return instances.update(attackerRequest, doc.rev, { set: { 'variables.lines': lines } }).then(
          () => true,
          () => false,
        );
      },
      20_000,
      'the tampered request',
    );
    const res = await (
      await t.client('salesperson')
    ).get(`/api/files/${receipt.id}?request=${attackerRequest}`);
    expect([res.status, res.body.error?.code]).toEqual([404, 'FILE_NOT_FOUND']);
    // The victim still reads their file.
    expect((await (await t.client('employee')).get(`/api/files/${receipt.id}/info`)).status).toBe(200);
  });
});
