// Scheduled backups to a second location, in both run modes, with time driven by a manual clock:
// a tick at the schedule's slot writes a backup into BACKUP_DIR that a test restore verified (and
// a second tick for the same slot does nothing); retention prunes to the newest N plus one per
// week; a backup damaged between writing and verifying, and one whose directory cannot be used,
// fail with a reason, keep no file, alert the administrators and turn health and metrics to
// "failing"; a backup missing past its grace period is "late" until the next tick alerts and
// catches up. The ticks go through the queue as the repeating job does (the in-process queue, or
// BullMQ to this process's worker).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { readBackup } from '#engine/services/backup/read-backup.ts';
import {
  BackupAlerts,
  BACKUP_FAILED_KIND,
  BACKUP_LATE_KIND,
} from '#engine/services/backup/scheduled/backup-alerts.ts';
import { BACKUP_QUEUE } from '#engine/services/backup/scheduled/index.ts';
import { ScheduledBackups } from '#engine/services/backup/scheduled/scheduled-backups.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Monday 01:00 UTC: the first daily slot (02:00) is an hour away.
const START = Date.parse('2026-03-02T01:00:00Z');

describe.each(MODES)('scheduled backups (%s mode)', (mode) => {
  let t: TestApp;
  let clock: ManualClock;
  let dir: { dir: string; remove(): void };
  let ticks = 0;

  /** One tick through the queue, as the repeating job delivers it; resolves with its result. */
  async function tick(): Promise<any> {
    const jobId = `test-tick-${++ticks}`;
    const queue = t.app.services.queue;
    const done = new Promise<any>((resolve, reject) => {
      const offs = [
        queue.on('completed', (e) => e.jobId === jobId && (offs.forEach((f) => f()), resolve(e.result))),
        queue.on(
          'failed',
          (e) => e.jobId === jobId && (offs.forEach((f) => f()), reject(new Error(e.error))),
        ),
      ];
    });
    await queue.enqueue(BACKUP_QUEUE, {}, { jobId });
    return done;
  }

  const files = () => readdirSync(dir.dir).sort();
  const admin = () => t.client('admin');
  const notices = async (kind: string) =>
    ((await (await admin()).get('/api/notifications?limit=100')).body.items as any[]).filter(
      (n) => n.kind === kind,
    );
  const metric = async (name: string) => {
    const text = (await (await admin()).get('/api/metrics')).body as string;
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  };

  beforeAll(async () => {
    clock = new ManualClock(START);
    dir = tempDir('backups-offsite');
    t = await startApp(mode, {
      platform: {
        clock,
        workers: true,
        backups: {
          dir: dir.dir,
          cron: '0 2 * * *',
          graceMs: HOUR,
          retention: { keepLast: 2, keepWeekly: 1 },
        },
      },
    });
    // A file's bytes too, so the test restore checks the blob store's part of the archive.
    await t.app.services.blobs.put(`b${randomBytes(8).toString('hex')}`, [randomBytes(100_000)]);
  });
  afterAll(async () => {
    await t?.close();
    dir?.remove();
  });

  it('backs up at the slot into the second directory, verified by a test restore, once per slot', async () => {
    expect(await tick()).toEqual({ ran: null, late: false }); // 01:00: no slot since the schedule began
    expect((await t.anonymous().get('/api/health/backups')).body).toMatchObject({
      status: 'ok',
      lastVerifiedAt: null,
    });

    clock.advance(HOUR + 30_000); // 02:00:30
    const first = await tick();
    expect(first.ran).toBe('scheduled-2026-03-02T02-00-00-000Z');
    const name = 'forma-backup-2026-03-02T02-00-30-000Z.jsonl.gz';
    expect(files()).toEqual([name]); // no .partial, no .unverified
    const summary = await readBackup(join(dir.dir, name));
    expect(summary.blobs.count).toBe(1);

    const res = await (await admin()).get('/api/admin/backups');
    expect(res.status).toBe(200);
    expect(res.body.runs).toHaveLength(1);
    expect(res.body.runs[0]).toMatchObject({
      id: first.ran,
      trigger: 'schedule',
      state: 'verified',
      file: name,
      documents: summary.documents,
      files: 1,
    });
    expect(res.body.runs[0].bytes).toBeGreaterThan(100_000);
    expect(res.body.status).toMatchObject({
      state: 'ok',
      late: false,
      ageSeconds: 0,
      nextSlot: '2026-03-03T02:00:00.000Z',
    });

    clock.advance(60_000);
    expect(await tick()).toEqual({ ran: null, late: false }); // the slot ran already
    const health = await t.anonymous().get('/api/health/backups');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', ageSeconds: 60, lastRunFailed: false });
    expect(JSON.stringify(health.body)).not.toContain(dir.dir); // no paths for anonymous callers
    expect(await metric('forma_backup_last_verified_age_seconds')).toBe(60);
    expect(await metric('forma_backup_late')).toBe(0);
  });

  it('prunes to the newest two and the newest of the week, never touching the others', async () => {
    for (let day = 1; day <= 4; day++) {
      clock.set(START + day * DAY + HOUR + 30_000); // 02:00:30 on Tuesday … Friday
      expect((await tick()).ran).toMatch(/^scheduled-/);
    }
    expect(files()).toEqual([
      'forma-backup-2026-03-05T02-00-30-000Z.jsonl.gz',
      'forma-backup-2026-03-06T02-00-30-000Z.jsonl.gz',
    ]);
    const { runs } = (await (await admin()).get('/api/admin/backups')).body;
    expect(runs.map((r: any) => [r.startedAt.slice(5, 10), r.state, r.pruned ?? false])).toEqual([
      ['03-06', 'verified', false],
      ['03-05', 'verified', false],
      ['03-04', 'verified', true],
      ['03-03', 'verified', true],
      ['03-02', 'verified', true],
    ]);
  });

  it('a backup damaged before its test restore fails, keeps no file, alerts and shows in health', async () => {
    const services = t.app.services;
    // The same service as the platform's, with a disk that flips bytes in what it was given.
    const drill = new ScheduledBackups({
      settings: services.scheduledBackups.settings,
      store: services.store,
      clock,
      backup: services.backup,
      alerts: new BackupAlerts(services.notifications, false),
      onWritten: async (file) => {
        const bytes = readFileSync(file);
        for (let i = 200; i < 260; i++) bytes[i] = bytes[i]! ^ 0xff;
        writeFileSync(file, bytes);
      },
    });
    clock.set(START + 5 * DAY + HOUR + 30_000); // Saturday 02:00:30
    const result = await drill.tick();
    expect(result.ran).toBe('scheduled-2026-03-07T02-00-00-000Z');
    expect(files()).toHaveLength(2); // the earlier verified backups are untouched, nothing added

    const { runs, status } = (await (await admin()).get('/api/admin/backups')).body;
    expect(runs[0]).toMatchObject({ id: result.ran, state: 'failed' });
    expect(runs[0].reason).toMatch(/damaged|corrupt/i);
    expect(runs[0].reasonZh).toBeTruthy();
    expect(status).toMatchObject({ state: 'failing', lastRun: { state: 'failed' } });
    expect(status.lastVerified.at).toBe('2026-03-06T02:00:30.000Z');

    const alerts = await notices(BACKUP_FAILED_KIND);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].link).toBe('/admin/backup');
    const health = await t.anonymous().get('/api/health/backups');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'failing', lastRunFailed: true, late: false });
    expect(await metric('forma_backup_last_run_failed')).toBe(1);

    // A second location that cannot be used (a file where the directory should be) fails too.
    const notADir = join(dir.dir, 'not-a-directory');
    writeFileSync(notADir, 'x');
    const unusable = new ScheduledBackups({
      settings: { ...services.scheduledBackups.settings, dir: join(notADir, 'sub') },
      store: services.store,
      clock,
      backup: services.backup,
      alerts: new BackupAlerts(services.notifications, false),
    });
    expect(await unusable.runRequested('manual-drill')).toBe('manual-drill');
    const [drilled] = (await (await admin()).get('/api/admin/backups')).body.runs;
    expect(drilled).toMatchObject({ id: 'manual-drill', state: 'failed', trigger: 'manual' });
    expect(drilled.reason).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    expect(await notices(BACKUP_FAILED_KIND)).toHaveLength(2);
  });

  it('a backup missing past its grace period is late until a tick alerts and catches up', async () => {
    clock.set(START + 6 * DAY + 2 * HOUR + 60_000); // Sunday 03:01: the 02:00 slot's hour of grace is over
    const health = await t.anonymous().get('/api/health/backups');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'late', late: true, owedSlot: '2026-03-08T02:00:00.000Z' });
    expect(await metric('forma_backup_late')).toBe(1);
    expect(await notices(BACKUP_LATE_KIND)).toHaveLength(0);

    const result = await tick();
    expect(result).toEqual({ ran: 'scheduled-2026-03-08T02-00-00-000Z', late: true });
    const late = await notices(BACKUP_LATE_KIND);
    expect(late).toHaveLength(1);
    expect(late[0].title.en).toContain('2026-03-08 02:00');
    const after = await t.anonymous().get('/api/health/backups');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', late: false, lastRunFailed: false });
    // Retention still keeps the newest two (and the week's newest): Saturday failed, so Friday stays.
    expect(files().filter((f) => f.endsWith('.gz'))).toEqual([
      'forma-backup-2026-03-06T02-00-30-000Z.jsonl.gz',
      'forma-backup-2026-03-08T03-01-00-000Z.jsonl.gz',
    ]);
  });

  it('an administrator can back up now (a worker runs it); others cannot', async () => {
    const res = await (await admin()).post('/api/admin/backups/run');
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const { waitFor } = await import('../support/wait-for.ts');
    await waitFor(
      async () => (await t.app.services.scheduledBackups.runs.get(id))?.state === 'verified',
      20_000,
      'the requested backup',
    );
    expect(existsSync(join(dir.dir, (await t.app.services.scheduledBackups.runs.get(id))!.file!))).toBe(true);
    expect((await (await t.client('employee')).post('/api/admin/backups/run')).status).toBe(403);
    expect((await (await t.client('employee')).get('/api/admin/backups')).status).toBe(403);
  });
});
