// Request drafts (employee portal) through the HTTP API in both run modes: saved
// unvalidated as the employee types, replaced by the next save, listed newest first, private to
// their author, never holding a field the form marks sensitive, only for catalogue entries the
// user may start, bounded in size; deleting is idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';

const ENTRY = 'finance-expense-claim';

describe.each(MODES)('request drafts (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: false, sweepEveryMs: 0 } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  it('saves an unfinished request, replaces it on the next save, and lists it', async () => {
    const employee = await t.client('employee');
    expect((await employee.get(`/api/drafts/${ENTRY}`)).body.error.code).toBe('DRAFT_NOT_FOUND');
    // Unfinished and even invalid values are kept as typed: a draft is not a submission.
    const first = await employee.put(`/api/drafts/${ENTRY}`, {
      data: { title: 'T', lines: [{ amount: '12.' }] },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ key: ENTRY, data: { title: 'T', lines: [{ amount: '12.' }] } });
    const second = await employee.put(`/api/drafts/${ENTRY}`, { data: { title: 'Taxi' } });
    expect((await employee.get(`/api/drafts/${ENTRY}`)).body).toEqual(second.body);
    expect((await employee.get('/api/drafts')).body.items).toEqual([
      { key: ENTRY, savedAt: second.body.savedAt },
    ]);
    // Private: another user has none, and cannot reach this one.
    const manager = await t.client('manager');
    expect((await manager.get('/api/drafts')).body.items).toEqual([]);
    expect((await manager.get(`/api/drafts/${ENTRY}`)).status).toBe(404);
  });

  it('never keeps a field the form marks sensitive', async () => {
    // Mark the claim's cost centre sensitive in a new version of the form (as an analyst could).
    const analyst = await t.client('admin');
    const form = (await analyst.get('/api/forms/finance-expense-claim')).body;
    const definition = { ...form.definition, sensitiveFields: ['costCentre'] };
    const saved = await analyst.put('/api/forms/finance-expense-claim', {
      rev: form.summary.draftRev,
      definition,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const published = await analyst.post('/api/forms/finance-expense-claim/publish', {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    const employee = await t.client('employee');
    const res = await employee.put(`/api/drafts/${ENTRY}`, {
      data: { title: 'Trip', costCentre: 'CC-SECRET', lines: [{ amount: '5.00' }, {}] },
    });
    expect(res.body.data).toEqual({ title: 'Trip', lines: [{ amount: '5.00' }, {}] });
    expect((await employee.get(`/api/drafts/${ENTRY}`)).body.data).not.toHaveProperty('costCentre');
    const raw = await t.store.collection('request_drafts').find({});
    expect(JSON.stringify(raw.items)).not.toContain('CC-SECRET');
  });

  it('only for entries of my catalogue, bounded in size, with clear errors', async () => {
    const employee = await t.client('employee');
    // finance-invoice is for the finance role only.
    const notMine = await employee.put('/api/drafts/finance-invoice', { data: {} });
    expect([notMine.status, notMine.body.error.code]).toEqual([404, 'ENTRY_NOT_FOUND']);
    const notObject = await employee.put(`/api/drafts/${ENTRY}`, { data: [1] });
    expect([notObject.status, notObject.body.error.details[0].path]).toEqual([400, '/data']);
    const big = await employee.put(`/api/drafts/${ENTRY}`, { data: { notes: 'x'.repeat(300 * 1024) } });
    expect([big.status, big.body.error.code]).toEqual([400, 'DRAFT_TOO_LARGE']);
    expect((await employee.put('/api/drafts/Not%20an%20id', { data: {} })).status).toBe(400);
  });

  it('deletes a draft (twice is fine)', async () => {
    const employee = await t.client('employee');
    await employee.put(`/api/drafts/${ENTRY}`, { data: { title: 'x' } });
    expect((await employee.delete(`/api/drafts/${ENTRY}`)).status).toBe(204);
    expect((await employee.delete(`/api/drafts/${ENTRY}`)).status).toBe(204);
    expect((await employee.get(`/api/drafts/${ENTRY}`)).status).toBe(404);
    expect((await employee.get('/api/drafts')).body.items).toEqual([]);
  });
});
