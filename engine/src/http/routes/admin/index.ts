// /api/admin: operating the installation (administrators only).
//   GET    /api/admin/backup     download a backup of the whole store (gzip'ed JSON lines)
//   GET    /api/admin/restore    the restore waiting for the next start, if any
//   POST   /api/admin/restore    upload a backup (raw body, application/gzip) with ?confirm=RESTORE:
//                                checked in full, staged, applied when Forma restarts
//   DELETE /api/admin/restore    drop the staged restore
//   GET    /api/admin/queues     waiting / active / delayed / failed / completed jobs per queue, and
//                                external jobs per type with the types no worker asks for
// access: resource `backup` (admin), `queues` (read). See services/backup/ for the archive format.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { backupErrors, backupFileName, type BackupSummary } from '#engine/services/backup/format.ts';
import { requestRestart } from '#engine/services/backup/restart.ts';
import type { RestorePlan } from '#engine/services/backup/restore.ts';
import { PLATFORM_QUEUES } from '#engine/services/platform-queues.ts';
import { errors, nullable, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anchorSchema } from '../audit/report-schema.ts';

/** What the administrator types to confirm a restore (the same in both languages). */
export const RESTORE_CONFIRMATION = 'RESTORE';

function uploadLimit(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.BACKUP_UPLOAD_LIMIT_MB ?? 1024);
  return (Number.isFinite(mb) && mb > 0 ? mb : 1024) * 1024 * 1024;
}

const timestamp = { type: 'string', format: 'date-time' };
const backupSummary = object(
  {
    version: { type: 'integer' },
    createdAt: timestamp,
    source: object({ store: { enum: ['embedded', 'mongodb'] }, app: { type: 'string' } }, ['store', 'app']),
    collections: {
      type: 'array',
      items: object({ name: { type: 'string' }, count: { type: 'integer' }, indexes: { type: 'integer' } }, [
        'name',
        'count',
        'indexes',
      ]),
    },
    documents: { type: 'integer' },
    keyIds: { type: 'array', items: { type: 'string' } },
    blobs: object(
      {
        count: { type: 'integer', description: 'Files (their contents) in the backup' },
        bytes: { type: 'integer' },
      },
      ['count', 'bytes'],
    ),
    audit: anchorSchema,
  },
  ['version', 'createdAt', 'source', 'collections', 'documents', 'keyIds'],
);
const restoreView = object(
  {
    state: { enum: ['staged', 'applying'] },
    stagedAt: timestamp,
    stagedBy: { type: 'string' },
    backup: backupSummary,
  },
  ['state', 'stagedAt', 'backup'],
);
const restoreStatus = object(
  {
    mode: { enum: ['embedded', 'distributed'] },
    pending: nullable(restoreView),
    /** This process restarts by itself to apply a staged restore (`npm start`, embedded mode). */
    restartsItself: { type: 'boolean' },
  },
  ['mode', 'pending', 'restartsItself'],
);
const counts = {
  waiting: { type: 'integer' },
  active: { type: 'integer' },
  delayed: { type: 'integer' },
  failed: { type: 'integer' },
  completed: { type: 'integer' },
};
const jobType = object(
  {
    type: { type: 'string' },
    waiting: { type: 'integer' },
    activated: { type: 'integer' },
    failed: { type: 'integer' },
    lastRequestAt: { type: 'string', format: 'date-time' },
    lastWorker: { type: 'string' },
    noWorker: { type: 'boolean' },
  },
  ['type', 'waiting', 'activated', 'failed', 'noWorker'],
);
const queueHealth = object(
  {
    mode: { enum: ['embedded', 'distributed'] },
    backend: { enum: ['in-process', 'bullmq'] },
    queues: {
      type: 'array',
      items: object({ name: { type: 'string' }, ...counts }, ['name', ...Object.keys(counts)]),
    },
    /** Jobs for external workers per type, and the types no worker asks for. */
    jobTypes: { type: 'array', items: jobType },
    workerAbsentMinutes: { type: 'number' },
  },
  ['mode', 'backend', 'queues', 'jobTypes'],
);

const view = (plan: RestorePlan | null) =>
  plan && {
    state: plan.state,
    stagedAt: plan.stagedAt,
    ...(plan.stagedBy ? { stagedBy: plan.stagedBy.login } : {}),
    backup: plan.backup,
  };

/** Copies an upload to a file, refusing more than `limit` bytes. */
async function saveUpload(body: Readable, file: string, limit: number): Promise<void> {
  let bytes = 0;
  await pipeline(
    body,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (bytes > limit) throw backupErrors.uploadTooLarge(limit);
        yield chunk;
      }
    },
    createWriteStream(file, { mode: 0o600 }),
  );
}

export const adminRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['admin'];
  const limit = uploadLimit();
  const { backup, clock, queue, mode, jobs } = app.services;
  // A backup upload arrives as the raw file; the handler streams it to disk (never into memory).
  app.addContentTypeParser(['application/gzip', 'application/octet-stream'], (_request, payload, done) =>
    done(null, payload),
  );

  app.get(
    '/backup',
    {
      config: { access: { resource: 'backup', action: 'admin' } },
      schema: {
        tags,
        summary:
          'Download a backup of every collection (gzip’ed JSON lines with a checksummed manifest; restore it with POST /api/admin/restore or `npm run restore`)',
        response: {
          200: { description: 'The backup archive', type: 'string', format: 'binary' },
          ...errors(401, 403),
        },
      },
    },
    async (request, reply: FastifyReply) => {
      const dir = mkdtempSync(join(tmpdir(), 'forma-backup-'));
      const createdAt = new Date(clock.now()).toISOString();
      const name = backupFileName(createdAt);
      const file = join(dir, name);
      let summary: BackupSummary;
      try {
        // Into a file first: a failure half-way is an error reply, never a truncated download.
        summary = await backup.write(file, createdAt);
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
      await request.audit({
        action: 'backup.create',
        resource: 'backup',
        details: { documents: summary.documents, collections: summary.collections.length },
      });
      const stream = createReadStream(file);
      stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('x-backup-documents', String(summary.documents))
        .send(stream);
    },
  );

  app.get(
    '/restore',
    {
      config: { access: { resource: 'backup', action: 'admin' } },
      schema: {
        tags,
        summary: 'The restore waiting to be applied at the next start, if any',
        response: { 200: restoreStatus, ...errors(401, 403) },
      },
    },
    async () => ({
      mode,
      pending: view(await backup.pending()),
      restartsItself: requestRestart.supported(),
    }),
  );

  app.post<{ Querystring: { confirm?: string }; Body: unknown }>(
    '/restore',
    {
      config: { access: { resource: 'backup', action: 'admin' }, audited: false },
      bodyLimit: limit,
      schema: {
        tags,
        summary:
          'Restore a backup: send the file as the body (application/gzip) with confirm=RESTORE. It is checked in full (a foreign, damaged or truncated file, or one needing keys this installation lacks, is refused and nothing changes), staged, and applied when Forma restarts',
        querystring: object({
          confirm: { type: 'string', maxLength: 40, description: `Type ${RESTORE_CONFIRMATION}` },
        }),
        // The file itself, streamed to disk by the handler (documented here, checked there).
        body: {
          content: {
            'application/gzip': { schema: { description: 'The backup file (.jsonl.gz)' } },
            'application/octet-stream': { schema: { description: 'The backup file (.jsonl.gz)' } },
          },
        },
        response: { 202: restoreStatus, ...errors(400, 401, 403, 409, 413, 415, 422) },
      },
      onResponse: async (_request, reply) => {
        if (reply.statusCode === 202) requestRestart.emit();
      },
    },
    async (request, reply) => {
      if (request.query.confirm !== RESTORE_CONFIRMATION)
        throw backupErrors.notConfirmed(RESTORE_CONFIRMATION);
      const body = request.body as Readable | undefined;
      if (!body || typeof (body as Readable).pipe !== 'function') throw backupErrors.notAnArchive();
      const dir = mkdtempSync(join(tmpdir(), 'forma-restore-'));
      try {
        const file = join(dir, 'upload.jsonl.gz');
        await saveUpload(body, file, limit);
        const principal = request.principal!;
        const plan = await backup.stage(file, { userId: principal.userId, login: principal.login });
        await request.audit({
          action: 'backup.restore-staged',
          resource: 'backup',
          details: { backupCreatedAt: plan.backup.createdAt, documents: plan.backup.documents },
        });
        return reply.code(202).send({
          mode,
          pending: view(plan),
          restartsItself: requestRestart.supported(),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.delete(
    '/restore',
    {
      config: { access: { resource: 'backup', action: 'admin' }, audited: false },
      schema: {
        tags,
        summary: 'Drop the staged restore (nothing changes at the next start)',
        response: { 204: { type: 'null' }, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      if (!(await backup.cancel())) throw backupErrors.noPendingRestore();
      await request.audit({ action: 'backup.restore-cancelled', resource: 'backup' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/queues',
    {
      config: { access: { resource: 'queues', action: 'read' } },
      schema: {
        tags,
        summary:
          'Jobs per queue: waiting, active, delayed, failed, completed; external jobs per type and the types no worker asks for (queue health)',
        response: { 200: queueHealth, ...errors(401, 403) },
      },
    },
    async () => ({
      mode,
      backend: queue.kind,
      queues: await Promise.all(
        PLATFORM_QUEUES.map(async (name) => ({ name, ...(await queue.counts(name)) })),
      ),
      jobTypes: await jobs.health(),
      workerAbsentMinutes: jobs.workerAbsentMs / 60_000,
    }),
  );
};
