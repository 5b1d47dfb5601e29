// Record events that are never lost, in both run modes: a write and the automations it triggers
// commit together (the event is in the record's own write), a delivery that fails is made good by
// the sweeper once, the record's revision is not moved by clearing its outbox, and imports trigger
// the automations of created records — once per row, also after an interruption — unless opted out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { writeDeskModule } from '../support/desk-module.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

describe.each(MODES)('record events (%s mode)', (mode) => {
  let t: TestApp;
  const modules = tempDir('record-events-modules');
  const services = () => t.app.services;
  const runsOf = async () =>
    (await services().automations.runs.find({ automation: 'desk-welcome' })).items as unknown as Array<{
      status: string;
      event: { recordId: string };
    }>;
  const noticesOf = async (recordIds: string[]) => {
    const { items } = await services().notifications.collection.find({ kind: 'desk.created' });
    return items.filter((n) => recordIds.some((id) => n.key?.includes(id)));
  };
  const settled = async (count: number) =>
    waitFor(
      async () => (await runsOf()).filter((r) => r.status === 'succeeded').length >= count,
      20_000,
      `${count} runs`,
    );

  beforeAll(async () => {
    writeDeskModule(modules.dir);
    t = await startApp(mode, { platform: { modulesDir: modules.dir, workers: true, sweepEveryMs: 0 } });
    const res = await (await t.client('admin')).post('/api/modules/desk/install', { enable: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    modules.remove();
  });

  it('commits the write with its trigger, and clearing the outbox leaves the revision alone', async () => {
    const employee = await t.client('employee');
    const created = await employee.post('/api/records/desk-ticket', { data: { subject: 'Monitor' } });
    expect([created.status, created.body.rev]).toEqual([201, 1]);
    await settled(1);
    const row = (await services().records.collection('desk-ticket').get(created.body.id))!;
    expect(row.outboxPending).toBeUndefined(); // delivered and cleared …
    expect(row.rev).toBe(2); // … by a write of the document that the record's revision does not count
    const read = await employee.get(`/api/records/desk-ticket/${created.body.id}`);
    expect(read.body.rev).toBe(1);
    const updated = await employee.patch(`/api/records/desk-ticket/${created.body.id}`, {
      rev: 1,
      patch: { subject: 'Monitor, 27 inch' },
    });
    expect([updated.status, updated.body.rev]).toEqual([200, 2]);
    const history = await employee.get(`/api/records/desk-ticket/${created.body.id}/history`);
    expect(history.body.items.map((h: { rev: number }) => h.rev)).toEqual([1, 2]);
    const stale = await employee.patch(`/api/records/desk-ticket/${created.body.id}`, {
      rev: 1,
      patch: { subject: 'x' },
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'RECORD_REVISION_CONFLICT']);
    expect(await noticesOf([created.body.id])).toHaveLength(1);
  });

  it('keeps an event whose delivery failed in the record, and the sweeper delivers it once', async () => {
    const queue = services().queue;
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = async () => {
      throw new Error('queue unreachable');
    };
    let id: string;
    try {
      const res = await (
        await t.client('employee')
      ).post('/api/records/desk-ticket', { data: { subject: 'Dock' } });
      expect(res.status).toBe(201); // the write stands
      id = res.body.id;
    } finally {
      queue.enqueue = enqueue;
    }
    const row = (await services().records.collection('desk-ticket').get(id))!;
    expect(row.outboxPending).toBe(true);
    expect(Object.values(row.outbox ?? {})).toEqual([
      expect.objectContaining({ type: 'created', recordId: id, rev: 1 }),
    ]);
    expect((await runsOf()).some((r) => r.event.recordId === id)).toBe(false);
    expect(await services().records.outbox.sweep({ olderThanMs: 0 })).toBe(1);
    expect(await services().records.outbox.sweep({ olderThanMs: 0 })).toBe(0);
    await settled(2);
    expect((await runsOf()).filter((r) => r.event.recordId === id)).toHaveLength(1);
    expect(await noticesOf([id])).toHaveLength(1);
  });

  it('fires the automations of created records for every imported row, once, unless opted out', async () => {
    const employee = await t.client('employee');
    const csv = (rows: string[]) => Buffer.from(['subject', ...rows].join('\n')).toString('base64');
    const imported = await employee.post('/api/records/desk-ticket/import', {
      fileName: 'tickets.csv',
      content: csv(['Mouse', 'Keyboard', 'Headset']),
      mode: 'commit',
    });
    expect(imported.body).toMatchObject({
      status: 'committed',
      imported: 3,
      fireAutomations: true,
      eventsPending: false,
      eventsDelivered: 3,
    });
    const bulk = await employee.post('/api/records/desk-ticket/import', {
      fileName: 'old-tickets.csv',
      content: csv(['Fax', 'Pager']),
      mode: 'commit',
      automations: false,
    });
    expect(bulk.body).toMatchObject({ status: 'committed', imported: 2, fireAutomations: false });
    await settled(5);
    const { items } = await services()
      .records.collection('desk-ticket')
      .find({ importId: { $in: [imported.body.id, bulk.body.id] } });
    const byImport = (id: string) => items.filter((r) => r.importId === id).map((r) => r.id);
    const runs = await runsOf();
    expect(runs.filter((r) => byImport(imported.body.id).includes(r.event.recordId))).toHaveLength(3);
    expect(runs.filter((r) => byImport(bulk.body.id).includes(r.event.recordId))).toHaveLength(0);
    expect(await noticesOf(byImport(imported.body.id))).toHaveLength(3);
  });

  it('resumes an import whose events a crash interrupted, delivering none twice', async () => {
    const employee = await t.client('employee');
    const subjects = Array.from({ length: 7 }, (_, i) => `Cable ${i + 1}`);
    const res = await employee.post('/api/records/desk-ticket/import', {
      fileName: 'cables.csv',
      content: Buffer.from(['subject', ...subjects].join('\n')).toString('base64'),
      mode: 'commit',
    });
    expect(res.body.eventsDelivered).toBe(7);
    await settled(12);
    // As if the process had died after the first three events: pending from the third record on.
    const imports = services().store.collection<{ eventsPending?: boolean; heartbeatAt: number }>(
      'record_imports',
    );
    const ids = (
      await services()
        .records.collection('desk-ticket')
        .find({ importId: res.body.id }, { sort: [['id', 1]] })
    ).items.map((r) => r.id);
    const doc = (await imports.get(res.body.id))!;
    await imports.update(doc.id, doc.rev, {
      set: { eventsPending: true, eventsCursor: ids[2], eventsDelivered: 3, heartbeatAt: 0 },
    });
    expect(await services().importer.events.deliverStalled({ olderThanMs: 0 })).toBe(1);
    expect((await imports.get(res.body.id))!.eventsPending).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    const runs = await runsOf();
    for (const id of ids) expect(runs.filter((r) => r.event.recordId === id)).toHaveLength(1);
    expect(await noticesOf(ids)).toHaveLength(7);
  });
});
