// Anchoring the audit chain's head outside the store, in both run modes: on shutdown (so entries
// deleted while Forma was stopped show at the next start), at intervals when the head moved, and
// by e-mail to the administrators through the notification outbox — an anchor that verifies when
// pasted into Admin → Audit log → Verify.
/* eslint-disable @typescript-eslint/no-explicit-any -- outbox lines and anchor lines are JSON */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryId } from '#engine/core/audit/chain.ts';
import { buildApp } from '#engine/http/app.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import { ANCHOR_FILE_NAME } from '#engine/services/audit/audit-config.ts';
import { AuditAnchoring } from '#engine/services/audit/anchoring.ts';
import { AUDIT } from '#engine/services/audit/audit-log.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import { openAdapters } from '#platform/adapters.ts';
import type { Platform } from '#platform/compose.ts';
import {
  composeTestPlatform,
  DEMO_PASSWORD,
  loginAs,
  MODES,
  startApp,
  type TestApp,
} from '../support/app-harness.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';

const lines = (file: string): any[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

describe.each(MODES)('audit anchors (%s mode)', (mode) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  // Three starts of the platform: slow on a busy machine.
  it(
    'anchors the head on shutdown: entries deleted while Forma was stopped show as truncated at the next start',
    { timeout: 120_000 },
    async () => {
      const data = tempDir('anchor-data');
      const audit = tempDir('anchor-dir');
      const where = { namespace: uniqueNamespace('anchor'), dataDir: data.dir };
      const options = { auditAnchorDir: audit.dir };
      let platform: Platform = await composeTestPlatform(mode, where, options);
      cleanup.push(async () => {
        await platform.close({
          beforeStoreCloses: async (store) => {
            await (store as { dropDatabase?: () => Promise<void> }).dropDatabase?.();
          },
        });
        if (mode === 'distributed') await deleteRedisPrefix(redisUrl(), where.namespace);
        data.remove();
        audit.remove();
      });
      await seedDemo(platform.services.identity, { password: DEMO_PASSWORD });
      const head = await platform.services.audit.readHead();
      expect(head.seq).toBeGreaterThan(5);
      await platform.close();

      const anchors = lines(join(audit.dir, ANCHOR_FILE_NAME));
      expect(anchors.at(-1)).toMatchObject({ kind: 'head', seq: head.seq, hash: head.hash });

      // Forma stopped; the intruder opens the store alone and deletes the last two entries.
      const config =
        mode === 'embedded'
          ? { mode, dataDir: data.dir, embeddedFsync: false }
          : { mode, dataDir: '', mongodbUrl: mongodbUrl(), redisUrl: redisUrl(), embeddedFsync: false };
      const alone = await openAdapters(config, { namespace: where.namespace });
      for (const seq of [head.seq, head.seq - 1]) await alone.store.collection(AUDIT).delete(entryId(seq));
      await alone.close();

      platform = await composeTestPlatform(mode, where, options);
      expect(await platform.services.audit.verify()).toMatchObject({
        ok: false,
        headSeq: head.seq - 2,
        problems: [
          {
            kind: 'truncated',
            reason: 'anchor-beyond-head',
            fromSeq: head.seq - 1,
            toSeq: head.seq,
            anchor: { kind: 'head', seq: head.seq },
          },
        ],
      });
      // Forma goes on from the shortened head; the anchor still shows what is missing.
      const app = await buildApp({ services: platform.services, sweepIntervalMs: 0 });
      cleanup.push(() => app.close());
      const admin = await loginAs(app, 'qian.admin', DEMO_PASSWORD);
      expect((await admin.get('/api/audit/verify')).body.problems).toEqual([
        expect.objectContaining({ kind: 'truncated', fromSeq: head.seq, toSeq: head.seq }),
      ]);
    },
  );

  it('anchors at intervals only when the head moved', async () => {
    const t: TestApp = await startApp(mode, { demo: false });
    cleanup.push(() => t.close());
    const { audit } = t.app.services;
    const anchoring = new AuditAnchoring({
      audit,
      clock: t.app.services.clock,
      everyMs: 60_000,
      mailEveryMs: 0,
      canMail: false,
    });
    const file = join(t.auditDir, ANCHOR_FILE_NAME);
    anchoring.tick();
    await anchoring.settled();
    anchoring.tick();
    await anchoring.settled();
    expect(lines(file)).toHaveLength(1);
    await audit.record({ action: 'test.moved', resource: 'test' });
    anchoring.tick();
    await anchoring.settled();
    const written = lines(file);
    expect(written).toHaveLength(2);
    expect(written[1]).toMatchObject({ kind: 'head', seq: (await audit.readHead()).seq });
  });

  it('e-mails the head to the administrators once per period; the e-mailed anchor verifies when pasted', async () => {
    const outbox = tempDir('anchor-outbox');
    const clock = new ManualClock(Date.parse('2026-05-01T08:00:00Z'));
    const t: TestApp = await startApp(mode, { platform: { outboxDir: outbox.dir, clock } });
    cleanup.push(async () => {
      await t.close();
      outbox.remove();
    });
    const { audit, notifications } = t.app.services;
    const day = 24 * 3600_000;
    const mailer = () =>
      new AuditAnchoring({ audit, clock, everyMs: 0, mailEveryMs: day, notifications, canMail: true });
    const first = mailer();
    first.tick();
    await first.settled();
    // Another process (a replica) in the same period sends nothing more.
    const other = mailer();
    other.tick();
    await other.settled();
    const anchorMails = () => lines(join(outbox.dir, 'email.jsonl')).filter((m) => m.text.includes('"v":1'));
    const mails = anchorMails();
    expect(mails.map((m) => m.to)).toEqual(['qian.admin@acme.example']);
    const anchor = JSON.parse(mails[0].text.split('\n').find((l: string) => l.startsWith('{')));
    expect(anchor).toMatchObject({ v: 1, kind: 'mail', seq: (await audit.readHead()).seq });

    const admin = await t.client('admin');
    expect((await admin.post('/api/audit/verify', { anchors: [anchor] })).body).toMatchObject({ ok: true });
    // The log cut back before the entry it anchored: the pasted e-mail shows the truncation.
    await t.store.collection(AUDIT).deleteMany({ seq: { $gte: anchor.seq } });
    const report = (await admin.post('/api/audit/verify', { anchors: [anchor] })).body;
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'truncated',
        toSeq: anchor.seq,
        anchor: expect.objectContaining({ kind: 'mail' }),
      }),
    );

    clock.advance(day);
    other.tick();
    await other.settled();
    expect(anchorMails()).toHaveLength(2);
  });
});
