// Scheduled work over sets of records, in both run modes: a record-set automation (desk-sweep:
// every day at 09:00 UTC, the open tickets, in batches of 4) goes through the records its saved
// filter selects, batch by batch, each record at most once per period — a second tick or "run now"
// the same day finds the run done, the next day is a new period — with its progress and a log of
// what it did with each record for admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { writeDeskModule } from '../support/desk-module.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

const DAY_1 = Date.parse('2026-03-02T09:00:00Z');

describe.each(MODES)('record-set automations (%s mode)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(DAY_1);
  const modules = tempDir('record-sets-modules');
  const reminders = async () =>
    (await t.app.services.notifications.collection.find({ kind: 'desk.reminder' })).items;
  const runOf = async (runId: string) =>
    (await (await t.client('admin')).get(`/api/automations/desk-sweep/runs/${runId}`)).body;
  const finished = (runId: string) =>
    waitFor(async () => (await runOf(runId)).status !== 'running', 30_000, `run ${runId}`);

  beforeAll(async () => {
    writeDeskModule(modules.dir, { setBatchSize: 4 });
    t = await startApp(mode, {
      platform: { modulesDir: modules.dir, workers: true, sweepEveryMs: 0, clock },
    });
    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/desk/install', { enable: true })).status).toBe(200);
    const create = async (login: string, data: object) =>
      expect((await (await t.client(login)).post('/api/records/desk-ticket', { data })).status).toBe(201);
    for (let i = 0; i < 6; i++) await create(i % 2 ? 'employee' : 'manager', { subject: `Open ${i}`, n: i });
    await create('employee', { subject: 'skip me', n: 6 });
    for (let i = 0; i < 3; i++) await create('employee', { subject: `Closed ${i}`, open: false, n: 10 + i });
  });
  afterAll(async () => {
    await t?.close();
    modules.remove();
  });

  it('goes through the filtered records in batches, once each, with its progress', async () => {
    const admin = await t.client('admin');
    const started = await admin.post('/api/automations/desk-sweep/run', {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({
      id: 'auto-desk-sweep-set-d2026-03-02',
      trigger: 'record.set',
      period: 'd2026-03-02',
      progress: { total: 7 },
    });
    await finished(started.body.id);
    expect(await runOf(started.body.id)).toMatchObject({
      status: 'succeeded',
      progress: { total: 7, processed: 7, succeeded: 6, skipped: 1, failed: 0, batches: 2 },
    });
    expect((await reminders()).map((n) => n.title.en).sort()).toEqual(
      ['Open 0', 'Open 1', 'Open 2', 'Open 3', 'Open 4', 'Open 5'].map((s) => `Still open: ${s}`),
    );
    const log = await admin.get(`/api/automations/desk-sweep/runs/${started.body.id}/records?status=skipped`);
    expect(log.body.items).toEqual([
      expect.objectContaining({ status: 'skipped', error: expect.stringContaining('condition 1 is false') }),
    ]);
    const all = await admin.get(`/api/automations/desk-sweep/runs/${started.body.id}/records?limit=200`);
    expect(all.body.items).toHaveLength(7);
    const listed = await admin.get('/api/automations/desk-sweep/runs');
    expect(listed.body.items[0]).toMatchObject({ id: started.body.id, progress: { processed: 7 } });
  });

  it('does nothing twice in a period: another tick or "run now" the same day finds the run done', async () => {
    clock.set(Date.parse('2026-03-02T15:00:00Z'));
    await t.app.services.automations.handleSchedule({ payload: { automationId: 'desk-sweep' } } as never);
    const again = await (await t.client('admin')).post('/api/automations/desk-sweep/run', {});
    expect(again.body).toMatchObject({ id: 'auto-desk-sweep-set-d2026-03-02', status: 'succeeded' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await reminders()).toHaveLength(6);
  });

  it('runs again in the next period, for the records the filter selects then', async () => {
    const employee = await t.client('employee');
    const mine = (await employee.get('/api/records/desk-ticket?limit=50')).body.items.find(
      (r: { data: { subject: string } }) => r.data.subject === 'Open 1',
    );
    const closed = await employee.patch(`/api/records/desk-ticket/${mine.id}`, {
      rev: mine.rev,
      patch: { open: false },
    });
    expect(closed.status).toBe(200);
    clock.set(Date.parse('2026-03-03T09:00:00Z'));
    await t.app.services.automations.handleSchedule({ payload: { automationId: 'desk-sweep' } } as never);
    const runId = 'auto-desk-sweep-set-d2026-03-03';
    await finished(runId);
    expect(await runOf(runId)).toMatchObject({
      status: 'succeeded',
      progress: { total: 6, succeeded: 5, skipped: 1 },
    });
    expect(await reminders()).toHaveLength(11);
  });

  it('answers with clear errors', async () => {
    const admin = await t.client('admin');
    expect((await admin.get('/api/automations/desk-sweep/runs/nope')).body.error.code).toBe(
      'AUTOMATION_RUN_NOT_FOUND',
    );
    const employee = await t.client('employee');
    expect((await employee.post('/api/automations/desk-sweep/run', {})).status).toBe(403);
  });
});
