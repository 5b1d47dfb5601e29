// Submitting a request with an Idempotency-Key, through the HTTP API in both run modes: the same
// submission sent again — one after the other, or several copies at once — makes one record and one
// approval, every copy answered with that request; a submission the server refused leaves the key
// free for the corrected one; a key is its sender's own; a submission whose flow never started
// (the server died between the record and the flow) is finished by its retry; a malformed key is a
// 400 naming the header.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '#engine/core/actor.ts';
import { submissionRecordId } from '#engine/services/modules/submission-key.ts';
import { MODES, type Client, type TestApp, startApp } from '../support/app-harness.ts';

const ENTRY = 'finance-expense-claim';
const SUBMIT = `/api/catalogue/${ENTRY}/submit`;
const claim = (title: string) => ({
  title,
  date: '2026-03-09',
  lines: [{ date: '2026-03-09', category: 'transport', amount: '86.00' }],
});

describe.each(MODES)('idempotent request submission (%s mode)', (mode) => {
  let t: TestApp;
  let employee: Client;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    employee = await t.client('employee');
  }, 120_000);
  afterAll(() => t?.close());

  const submit = (client: Client, key: string | null, data: unknown) =>
    client.request({
      method: 'POST',
      url: SUBMIT,
      headers: key ? { 'idempotency-key': key } : {},
      payload: { data },
    });
  /** The records with this title and the requests made from them, as the requester sees them. */
  const made = async (client: Client, title: string) => {
    const records = (await client.get(`/api/records/${ENTRY}?limit=200`)).body.items.filter(
      (r: any) => r.data.title === title,
    );
    const ids = new Set(records.map((r: any) => r.id));
    const requests = (await client.get('/api/approvals/requests?limit=200')).body.items.filter((r: any) =>
      ids.has(r.businessKey ?? r.recordId ?? r.record?.id ?? String(r.instanceId).slice(4)),
    );
    return { records, requests };
  };

  it('the same submission sent twice makes one request; the second reply is the first one replayed', async () => {
    const key = randomUUID();
    const first = await submit(employee, key, claim('Twice sent taxi'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const second = await submit(employee, key, claim('Twice sent taxi'));
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.record.id).toBe(first.body.record.id);
    expect(second.body.instanceId).toBe(first.body.instanceId);
    const { records, requests } = await made(employee, 'Twice sent taxi');
    expect(records).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it('five copies racing each other make one request, and every copy answers with it', async () => {
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => submit(employee, key, claim('Racing taxi'))),
    );
    for (const r of replies) expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(new Set(replies.map((r) => r.body.record.id)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.instanceId)).size).toBe(1);
    expect(replies.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    const { records, requests } = await made(employee, 'Racing taxi');
    expect(records).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it('without a key, or with different keys, each submission is a request of its own', async () => {
    for (const key of [null, null, randomUUID(), randomUUID()])
      expect((await submit(employee, key, claim('Four taxis'))).status).toBe(201);
    expect((await made(employee, 'Four taxis')).records).toHaveLength(4);
  });

  it('a refused submission stores nothing, and the corrected one under the same key goes through', async () => {
    const key = randomUUID();
    const bad = await submit(employee, key, { ...claim('Fixed taxi'), lines: [] });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(bad.body.error.code).toBe('RECORD_INVALID');
    expect((await made(employee, 'Fixed taxi')).records).toHaveLength(0);
    const good = await submit(employee, key, claim('Fixed taxi'));
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
    expect((await made(employee, 'Fixed taxi')).records).toHaveLength(1);
  });

  it("a key is its sender's own: another employee's submission with it is theirs", async () => {
    const key = randomUUID();
    const mine = await submit(employee, key, claim('Shared key taxi'));
    const theirs = await submit(await t.client('wang.fang'), key, claim('Shared key taxi'));
    expect(mine.status).toBe(201);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.record.id).not.toBe(mine.body.record.id);
    expect(theirs.body.record.owner ?? theirs.body.record.createdBy).not.toBe(
      mine.body.record.owner ?? mine.body.record.createdBy,
    );
  });

  it('the retry of a submission whose flow never started starts it, once', async () => {
    // As if the server died after writing the record and before starting its approval.
    const key = randomUUID();
    const me = (await employee.get('/api/auth/me')).body.user;
    const id = submissionRecordId(me.id, ENTRY, key);
    const { records } = t.app.services;
    const { identity } = t.app.services;
    const user = await identity.users.findByLogin(me.login);
    const principal = await identity.access.principalFor(user!);
    const actor = decide({ principal }, `record:${ENTRY}`, 'create');
    await records.createIn(actor, await records.forms.current(ENTRY), claim('Half made taxi'), {
      id,
      status: 'submitted',
      instanceId: `req-${id}`,
    });
    expect((await made(employee, 'Half made taxi')).requests).toHaveLength(0);
    const retried = await submit(employee, key, claim('Half made taxi'));
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body.record.id).toBe(id);
    expect(retried.body.instanceId).toBe(`req-${id}`);
    expect((await t.app.services.flows.getInstance(`req-${id}`)).status).toBe('active');
    const again = await submit(employee, key, claim('Half made taxi'));
    expect(again.body.instanceId).toBe(`req-${id}`);
    const { records: rows, requests } = await made(employee, 'Half made taxi');
    expect(rows).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it('a malformed key is refused with a 400 naming the header, and nothing is made', async () => {
    for (const key of ['short', 'has spaces in it', 'x'.repeat(129)]) {
      const res = await submit(employee, key, claim('Bad key taxi'));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details[0].path).toBe('/headers/idempotency-key');
      expect(res.body.error.messageZh).toBeTruthy();
    }
    expect((await made(employee, 'Bad key taxi')).records).toHaveLength(0);
  });
});
