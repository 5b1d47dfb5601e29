// The attacks on the audit log in both run modes, made the way an intruder with access to the
// store would make them — straight on the audit collection, behind the API's back — and detected
// by Admin → Audit log → Verify (GET/POST /api/audit/verify), with the kind and where:
//   edit      one entry's content changed in place;
//   re-hash   the chain rewritten from an entry on with the public hash function (SHA-256);
//   truncate  the last entries deleted, seen against the anchor file and a backup's manifest.
// Also: the anchor file's lines are sealed and a forged one is reported; an unkeyed chain from
// before the upgrade still verifies up to where the key took over; without the key Forma refuses
// to go on writing a sealed chain.
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, type AuditEntry } from '#engine/core/audit/chain.ts';
import { ANCHOR_FILE_NAME } from '#engine/services/audit/audit-config.ts';
import { AUDIT, AuditLog } from '#engine/services/audit/audit-log.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

describe.each(MODES)('audit log tampering (%s mode)', (mode) => {
  let t: TestApp;
  let original: Stored<AuditEntry>[];
  let employee: Client;
  const raw = () => t.store.collection<AuditEntry>(AUDIT);
  const verify = async (anchors?: unknown[]) => {
    const admin = await t.client('admin');
    const res = anchors
      ? await admin.post('/api/audit/verify', { anchors })
      : await admin.get('/api/audit/verify');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const anchorFile = () => join(t.auditDir, ANCHOR_FILE_NAME);

  beforeAll(async () => {
    t = await startApp(mode);
    const admin = await t.client('admin');
    // Signed in before the snapshot below: their logins are in it, and no test writes afterwards
    // (the one that does, the backup, comes last).
    employee = await t.client('employee');
    for (let i = 0; i < 6; i++)
      expect((await admin.patch('/api/users/zheng.xin', { displayName: `Zheng ${i}` })).status).toBe(200);
    await t.app.services.audit.anchor('head');
    original = (await raw().find({}, { sort: [['id', 1]] })).items;
  });
  afterAll(() => t?.close());
  // Each attack starts from the intact log: every entry put back as it was.
  beforeEach(async () => {
    await raw().deleteMany({});
    await raw().restoreMany(original);
  });

  it('the intact log verifies, sealed from its first entry and anchored outside the store', async () => {
    const head = original.at(-1)!;
    expect(original.every((e) => e.keyId === original[0]!.keyId && e.hash !== entryHash(e))).toBe(true);
    expect(await verify()).toMatchObject({
      ok: true,
      headSeq: head.seq,
      lastGoodSeq: head.seq,
      keyConfigured: true,
      keyedFromSeq: 1,
      legacyEntries: 0,
      anchors: { checked: 1, latest: { kind: 'head', seq: head.seq } },
      problems: [],
    });
    const lines = readFileSync(anchorFile(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ v: 1, kind: 'head', seq: head.seq, hash: head.hash })]);
  });

  it('edit: an entry changed in place is reported as edited, at that entry', async () => {
    const target = original.find((e) => e.action === 'user.update')!;
    const stored = (await raw().get(target.id))!;
    await raw().update(stored.id, stored.rev, { set: { 'actor.login': 'someone.else' } });
    const report = await verify();
    expect(report).toMatchObject({
      ok: false,
      lastGoodSeq: target.seq - 1,
      firstBroken: { seq: target.seq, id: target.id, reason: 'hash-mismatch' },
      problems: [{ kind: 'edited', reason: 'hash-mismatch', fromSeq: target.seq, toSeq: target.seq }],
    });
  });

  it('re-hash: the chain rewritten with the public hash from an entry on is reported as rewritten from there', async () => {
    const from = original.length - 5;
    let prev = original[from - 1]!.hash;
    for (const e of original.slice(from)) {
      const stored = (await raw().get(e.id))!;
      const { rev: _rev, hash: _hash, ...content } = stored;
      const forged = {
        ...content,
        prevHash: prev,
        ...(e.seq === original[from]!.seq ? { resourceId: 'forged' } : {}),
      };
      const hash = entryHash(forged);
      await raw().replace(e.id, stored.rev, { ...forged, hash });
      prev = hash;
    }
    const head = original.at(-1)!.seq;
    expect(await verify()).toMatchObject({
      ok: false,
      lastGoodSeq: original[from]!.seq - 1,
      problems: [{ kind: 'rewritten', reason: 'public-rehash', fromSeq: original[from]!.seq, toSeq: head }],
    });
  });

  it('truncate: the last entries deleted are reported as truncated against the anchor file', async () => {
    const head = original.at(-1)!.seq;
    for (const e of original.slice(-3)) await raw().delete(e.id);
    expect(await verify()).toMatchObject({
      ok: false,
      headSeq: head - 3,
      lastGoodSeq: head - 3,
      problems: [
        {
          kind: 'truncated',
          reason: 'anchor-beyond-head',
          fromSeq: head - 2,
          toSeq: head,
          anchor: { kind: 'head', seq: head },
        },
      ],
    });
  });

  it('a forged anchor line or a damaged one is reported, and a forged one is refused as input', async () => {
    const head = original.at(-1)!;
    const genuine = JSON.parse(readFileSync(anchorFile(), 'utf8').trim().split('\n').at(-1)!);
    const forged = { ...genuine, seq: head.seq + 50 };
    appendFileSync(anchorFile(), `${JSON.stringify(forged)}\nnot an anchor\n`);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { kind: 'forged-anchor', reason: 'anchor-damaged', fromSeq: 0, toSeq: 0 },
      expect.objectContaining({ kind: 'forged-anchor', reason: 'anchor-seal', fromSeq: head.seq + 50 }),
    ]);
    expect(report.lastGoodSeq).toBe(head.seq);
    const bad = await (await t.client('admin')).post('/api/audit/verify', { anchors: [{ seq: 1 }] });
    expect(bad.status).toBe(400);
    expect((await employee.get('/api/audit/verify')).status).toBe(403);
    // Clean up: the anchor file as it was.
    const kept = readFileSync(anchorFile(), 'utf8').split('\n').slice(0, -3);
    rmSync(anchorFile());
    appendFileSync(anchorFile(), `${kept.join('\n')}\n`);
    expect((await verify()).ok).toBe(true);
  });

  it("truncate: a backup's manifest anchors the head too, and is checked when given", async () => {
    const admin = await t.client('admin');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/backup',
      headers: { cookie: `${SESSION_COOKIE}=${admin.cookie}` },
    });
    expect(res.statusCode).toBe(200);
    const lines = gunzipSync(res.rawPayload)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const manifest = lines.at(-1);
    // The manifest anchors the last audit entry the archive holds.
    let collection = '';
    const backedUp: AuditEntry[] = [];
    for (const line of lines) {
      if (line.t === 'collection') collection = line.name;
      else if (line.t === 'doc' && collection === AUDIT) backedUp.push(line.d);
    }
    const head = backedUp.at(-1)!;
    expect(head.seq).toBe(original.at(-1)!.seq);
    expect(manifest.audit).toMatchObject({ v: 1, kind: 'backup', seq: head.seq, hash: head.hash });

    // The anchor file is gone (an intruder with the server removed it): the log alone verifies…
    const entries = (await raw().find({}, { sort: [['id', 1]] })).items;
    for (const e of entries.filter((x) => x.seq > head.seq - 2)) await raw().delete(e.id);
    rmSync(anchorFile(), { force: true });
    expect((await verify()).ok).toBe(true);
    // …and the anchor kept with the backup shows what was cut.
    expect(await verify([manifest.audit])).toMatchObject({
      ok: false,
      problems: [{ kind: 'truncated', fromSeq: head.seq - 1, toSeq: head.seq, anchor: { kind: 'backup' } }],
    });
  });
});

describe.each(MODES)('audit log upgraded from an unkeyed chain (%s mode)', (mode) => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('verifies the old entries up to the upgrade, seals from there, and refuses to go on without the key', async () => {
    t = await startApp(mode, { demo: false });
    const audit = t.app.services.audit;
    // The chain as an installation before the keyed log wrote it: no key, public hashes.
    await t.store.collection(AUDIT).deleteMany({});
    const old = new AuditLog(t.store, { now: () => Date.parse('2026-01-05T00:00:00Z') });
    for (let i = 0; i < 4; i++)
      await old.record({ action: 'user.update', resource: 'users', resourceId: `u${i}` });
    // This version starts on it (init), with the key.
    const upgraded = new AuditLog(
      t.store,
      { now: () => Date.now() },
      { keys: audit.keys, anchors: audit.anchors },
    );
    await upgraded.init();
    await upgraded.record({ action: 'user.update', resource: 'users', resourceId: 'after' });
    const entries = (await t.store.collection<AuditEntry>(AUDIT).find({}, { sort: [['id', 1]] })).items;
    expect(entries.map((e) => [e.seq, e.action, e.keyId !== undefined])).toEqual([
      [1, 'user.update', false],
      [2, 'user.update', false],
      [3, 'user.update', false],
      [4, 'user.update', false],
      [5, 'audit.keyed', true],
      [6, 'user.update', true],
    ]);
    expect(entries[4]!.details).toEqual({ legacyEntries: 4, keyId: audit.keys!.activeId });
    expect(await upgraded.verify()).toMatchObject({
      ok: true,
      legacyEntries: 4,
      keyedFromSeq: 5,
      headSeq: 6,
    });

    // Re-hashing the old part now shows: the first sealed entry no longer links to it.
    const second = entries[1]!;
    const { rev, hash: _h, ...content } = second;
    const forged = { ...content, resourceId: 'forged' };
    await t.store
      .collection<AuditEntry>(AUDIT)
      .replace(second.id, rev, { ...forged, hash: entryHash(forged) });
    let prev = entryHash(forged);
    for (const e of entries.slice(2, 4)) {
      const { rev: r, hash: _x, ...c } = e;
      const next = { ...c, prevHash: prev };
      prev = entryHash(next);
      await t.store.collection<AuditEntry>(AUDIT).replace(e.id, r, { ...next, hash: prev });
    }
    expect((await upgraded.verify()).problems).toEqual([
      { kind: 'rewritten', reason: 'previous-hash-mismatch', fromSeq: 4, toSeq: 4 },
    ]);

    // A process without the audit key must not append unsealed entries to a sealed chain.
    await expect(new AuditLog(t.store, { now: () => Date.now() }).init()).rejects.toThrow(
      /no audit key is configured/,
    );
  });
});
