// The audit log through the API: what is recorded for writes, logins and permission changes, search
// with cursor pagination, chain verification, no fork under concurrent writers. The attacks on the
// chain are in audit-tampering.test.ts.
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { digest } from '#engine/core/audit/chain.ts';
import { apiRoutes } from '#engine/http/routes/index.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { AUDIT, AuditLog, type AuditEntry } from '#engine/services/audit/audit-log.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { mongodbUrl } from '../support/services.ts';

// A route module of the kind other areas add, writing without recording anything itself.
const forgetfulRoutes: FastifyPluginAsync = async (app) => {
  app.post('/thing', { config: { access: { resource: 'things', action: 'create' } } }, async (_req, reply) =>
    reply.code(201).send({ ok: true }),
  );
};

describe.each(MODES)('audit log (%s mode)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-03-01T08:00:00Z'));
  beforeAll(async () => {
    t = await startApp(mode, {
      platform: { clock },
      app: { routes: [...apiRoutes, { prefix: '/test', plugin: forgetfulRoutes }] },
    });
  });
  afterAll(() => t?.close());

  it('records a write with who, when, what, digests of before and after, and the request id', async () => {
    const admin = await t.client('admin');
    const created = await admin.request({
      method: 'POST',
      url: '/api/users',
      headers: { 'x-request-id': 'req-audit-create' },
      payload: { login: 'audited.one', displayName: 'Audited One', department: 'finance' },
    });
    expect(created.status).toBe(201);
    expect(created.headers['x-request-id']).toBe('req-audit-create');
    clock.advance(60_000);
    const updated = await admin.patch('/api/users/' + created.body.user.id, { displayName: 'Audited Uno' });
    const entries = (await admin.get(`/api/audit?resourceId=${created.body.user.id}`)).body
      .items as AuditEntry[];
    expect(entries.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    const [update, create] = entries as [AuditEntry, AuditEntry];
    expect(create).toMatchObject({
      actor: { userId: 'qian.admin', login: 'qian.admin' },
      resource: 'users',
      outcome: 'success',
      requestId: 'req-audit-create',
      at: '2026-03-01T08:00:00.000Z',
      after: digest(created.body.user),
    });
    expect(create.before).toBeUndefined();
    expect(update).toMatchObject({
      before: create.after,
      after: digest(updated.body),
      changed: ['displayName'],
    });
    expect(update.at).toBe('2026-03-01T08:01:00.000Z');
    expect(JSON.stringify(entries)).not.toContain('Audited Uno'); // digests, not copies of the data
  });

  it('records permission changes', async () => {
    const admin = await t.client('admin');
    const res = await admin.patch('/api/roles/analyst', {
      permissions: [
        { resource: 'roles', actions: ['read'] },
        {
          resource: 'record:*',
          actions: ['read'],
          rows: { type: 'feel', expression: 'row.owner = user.id' },
        },
      ],
    });
    expect(res.status).toBe(200);
    const [entry] = (await admin.get('/api/audit?action=permission.change&limit=1')).body.items;
    expect(entry).toMatchObject({ resource: 'roles', resourceId: 'analyst', changed: ['permissions'] });
  });

  it('records writes of routes that forget to (the safety net)', async () => {
    const admin = await t.client('admin');
    expect((await admin.post('/api/test/thing', {})).status).toBe(201);
    const [entry] = (await admin.get('/api/audit?action=http.post&limit=1')).body.items;
    expect(entry).toMatchObject({
      actor: { userId: 'qian.admin' },
      resource: '/api/test/thing',
      details: { url: '/api/test/thing', status: 201 },
    });
  });

  it('searches by user, action prefix, resource and time, newest first, page by page', async () => {
    clock.set(Date.parse('2026-03-31T23:59:00Z'));
    const admin = await t.client('admin'); // a month on: logs in again, before the range searched
    clock.set(Date.parse('2026-04-01T00:00:00Z'));
    for (const login of ['wang.fang', 'li.lei', 'wang.fang']) {
      await t.anonymous().post('/api/auth/login', { login, password: t.password });
      clock.advance(1000);
    }
    const aprilFirst = '/api/audit?from=2026-04-01T00:00:00Z&to=2026-04-01T09:00:00%2B08:00';
    const authRes = await admin.get(`${aprilFirst}&action=auth.*`);
    expect(authRes.status, JSON.stringify(authRes.body)).toBe(200);
    const auth = authRes.body.items as AuditEntry[];
    expect(auth.map((e) => e.actor?.login)).toEqual(['wang.fang', 'li.lei', 'wang.fang']);
    const wang = (await admin.get(`${aprilFirst}&actor=wang.fang`)).body.items as AuditEntry[];
    expect(wang).toHaveLength(2);
    const seen: number[] = [];
    let url = '/api/audit?limit=4';
    for (;;) {
      const page = (await admin.get(url)).body;
      seen.push(...page.items.map((e: AuditEntry) => e.seq));
      if (!page.nextCursor) break;
      url = `/api/audit?limit=4&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(Math.max(...seen)).toBe(seen.length); // every entry, from 1, no gaps
    const leap = await admin.get('/api/audit?from=2026-12-31T23:59:60Z');
    expect(leap.body.error).toMatchObject({ code: 'INVALID_TIME', details: [{ path: '/query/from' }] });
    const bad = await admin.get('/api/audit?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_CURSOR');
  });

  it('verifies the chain', async () => {
    const res = await (await t.client('admin')).get('/api/audit/verify');
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.checked).toBe(res.body.lastGoodSeq);
    expect(res.body.checked).toBeGreaterThan(10);
  });

  it('calls listeners with every entry (the abnormal-export alert hooks in here)', async () => {
    const seen: string[] = [];
    const off = t.app.services.audit.onRecord((entry) => {
      seen.push(entry.action);
      if (entry.action === 'record.export') throw new Error('a failing listener does not fail the write');
    });
    await t.app.services.audit.record({
      action: 'record.export',
      resource: 'record:customer',
      details: { rows: 5000 },
    });
    off();
    await t.app.services.audit.record({ action: 'record.export', resource: 'record:customer' });
    expect(seen).toEqual(['record.export']);
  });
});

describe.each(MODES)('audit chain integrity (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode);
    await t.client('admin'); // its login is audited: before the counting starts
  });
  afterAll(() => t?.close());

  const verify = async () => (await (await t.client('admin')).get('/api/audit/verify')).body;
  const raw = () => t.store.collection<AuditEntry>(AUDIT);

  it('does not fork when several writers append at once', async () => {
    // Two logs over separate store connections behave like two processes (distributed mode) or
    // two independent writers (embedded mode, one process by design).
    let other: DocumentStore = t.store;
    if (mode === 'distributed') {
      other = await MongoStore.connect({ url: mongodbUrl(), dbName: t.namespace });
    }
    const { keys } = t.app.services.audit;
    const a = new AuditLog(t.store, { now: () => Date.now() }, { keys });
    const b = new AuditLog(other, { now: () => Date.now() }, { keys });
    const before = await raw().count();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        a.record({ action: 'test.concurrent', resource: 'a', resourceId: String(i) }),
        b.record({ action: 'test.concurrent', resource: 'b', resourceId: String(i) }),
      ]).flat(),
    );
    if (other !== t.store) await other.close();
    expect(await raw().count()).toBe(before + 60);
    expect(await verify()).toMatchObject({ ok: true, checked: before + 60 });
  });
});
