// Scheduled backups (services/backup/scheduled/):
//   GET  /api/health/backups      public, for monitors: the newest verified backup's age, whether
//                                 one is late or the latest run failed — 200 when all is well (or
//                                 scheduling is off), 503 when late or failing. No paths, no reasons.
//   GET  /api/admin/backups       the status and the history (time, size, verified or failed and why)
//   POST /api/admin/backups/run   back up now (to BACKUP_DIR, verified like the scheduled ones):
//                                 202 with the run's id; a worker runs it
// access: resource `backup` (admin) for the admin routes.
import type { FastifyPluginAsync } from 'fastify';
import { BACKUP_QUEUE } from '#engine/services/backup/scheduled/index.ts';
import { backupErrors } from '#engine/services/backup/format.ts';
import { errors, nullable, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const state = { enum: ['off', 'ok', 'late', 'failing'] };
const time = { type: 'string', format: 'date-time' };
const text = { type: 'string' };
const int = { type: 'integer' };

const health = object(
  {
    status: state,
    lastVerifiedAt: nullable(time),
    ageSeconds: nullable(int),
    late: { type: 'boolean' },
    owedSlot: nullable(time),
    nextSlot: nullable(time),
    lastRunFailed: { type: 'boolean' },
  },
  ['status', 'lastVerifiedAt', 'ageSeconds', 'late', 'owedSlot', 'nextSlot', 'lastRunFailed'],
);

const status = object(
  {
    state,
    enabled: { type: 'boolean' },
    dir: nullable(text),
    schedule: text,
    retention: object({ keepLast: int, keepWeekly: int }, ['keepLast', 'keepWeekly']),
    lastVerified: nullable(
      object({ id: text, at: time, file: text, bytes: int }, ['id', 'at', 'file', 'bytes']),
    ),
    ageSeconds: nullable(int),
    late: { type: 'boolean' },
    owedSlot: nullable(time),
    nextSlot: nullable(time),
    lastRun: nullable(
      object(
        {
          id: text,
          state: { enum: ['running', 'verified', 'failed'] },
          at: time,
          reason: text,
          reasonZh: text,
        },
        ['id', 'state', 'at'],
      ),
    ),
    sameDiskAsData: { type: 'boolean' },
  },
  [
    'state',
    'enabled',
    'dir',
    'schedule',
    'retention',
    'lastVerified',
    'ageSeconds',
    'late',
    'owedSlot',
    'nextSlot',
    'lastRun',
    'sameDiskAsData',
  ],
);

const run = object(
  {
    id: text,
    trigger: { enum: ['schedule', 'manual'] },
    slot: time,
    requestedBy: text,
    state: { enum: ['running', 'verified', 'failed'] },
    startedAt: time,
    finishedAt: time,
    file: text,
    bytes: int,
    documents: int,
    files: int,
    verifyMs: int,
    reason: text,
    reasonZh: text,
    pruned: { type: 'boolean' },
    prunedAt: time,
  },
  ['id', 'trigger', 'state', 'startedAt'],
);

export const backupScheduleRoutes: FastifyPluginAsync = async (app) => {
  const { scheduledBackups: backups, queue } = app.services;

  app.get(
    '/health/backups',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary:
          'Scheduled backups: age of the newest verified backup; 503 when one is late or the latest run failed',
        response: { 200: health, 503: health },
      },
    },
    async (_request, reply) => {
      const s = await backups.status();
      const body = {
        status: s.state,
        lastVerifiedAt: s.lastVerified?.at ?? null,
        ageSeconds: s.ageSeconds,
        late: s.late,
        owedSlot: s.owedSlot,
        nextSlot: s.nextSlot,
        lastRunFailed: s.lastRun?.state === 'failed',
      };
      return reply.code(s.state === 'late' || s.state === 'failing' ? 503 : 200).send(body);
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/admin/backups',
    {
      config: { access: { resource: 'backup', action: 'admin' } },
      schema: {
        tags: ['admin'],
        summary: 'Scheduled backups: the status and the history of runs (newest first)',
        querystring: object({ limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }),
        response: {
          200: object({ status, runs: { type: 'array', items: run } }, ['status', 'runs']),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      const [s, runs] = await Promise.all([backups.status(), backups.history(request.query.limit ?? 50)]);
      return {
        status: s,
        runs: runs.map(({ rev: _rev, dir: _dir, startedAtMs: _ms, leaseUntil: _lease, ...r }) => r),
      };
    },
  );

  app.post(
    '/admin/backups/run',
    {
      config: { access: { resource: 'backup', action: 'admin' }, audited: false },
      schema: {
        tags: ['admin'],
        summary:
          'Back up now to BACKUP_DIR, verified by a test restore like the scheduled backups (a worker runs it)',
        response: { 202: object({ id: text }, ['id']), ...errors(400, 401, 403, 409, 415) },
      },
    },
    async (request, reply) => {
      if (!backups.enabled) throw backupErrors.scheduleOff();
      const id = backups.newRunId();
      await queue.enqueue(BACKUP_QUEUE, { runId: id, requestedBy: request.principal!.login }, { jobId: id });
      await request.audit({ action: 'backup.requested', resource: 'backup', details: { run: id } });
      return reply.code(202).send({ id });
    },
  );
};
