// /api/files: files attached to requests and approval actions (receipts, invoices, contracts).
//   POST /api/files                       upload one (JSON: name, contentType, content in base64)
//                                         → { id, ref: "file:<id>", … }; a form field or an
//                                         attachment stores the ref
//   POST /api/files/upload?name=…&type=…  the same, the file as the raw body (octet-stream),
//                                         streamed into the blob store as it arrives
//   GET  /api/files/{id}/info?request=…   its name, type and size
//   GET  /api/files/{id}?request=…        its bytes (pictures and PDFs inline, anything else as a
//                                         download, never as a page of the app)
// Every signed-in user may upload, within the size limit and quotas (413 FILE_TOO_LARGE,
// FILE_QUOTA_EXCEEDED, FILE_STORAGE_FULL). Reading: the uploader, administrators, whoever may
// read the record the file was first attached to (in a field they see), and the participants of
// the request named by `request` when that request mentions the file (services/files). Anyone
// else: 404, as for a file that does not exist. Downloads are streamed from the blob store.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { fileErrors } from '#engine/core/files/errors.ts';
import { contentDisposition, servedAs } from '#engine/core/files/files.ts';
import type { FileViewer } from '#engine/services/files/file-service.ts';
import { errors, object, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { instanceId } from '../approvals/schemas.ts';

const fileId: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$' };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const fileInfo = object(
  {
    id: { type: 'string' },
    ref: { type: 'string', description: 'What a form field or an attachment stores: file:<id>' },
    name: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string' },
    owner: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  ['id', 'ref', 'name', 'contentType', 'size', 'owner', 'createdAt'],
);
const uploadBodyFor = (maxFileBytes: number) =>
  object(
    {
      name: { type: 'string', minLength: 1, maxLength: 255 },
      contentType: { type: 'string', maxLength: 200 },
      content: {
        type: 'string',
        contentEncoding: 'base64',
        maxLength: Math.ceil(maxFileBytes / 3) * 4 + 4,
        description: `The file, base64-encoded (at most ${Math.round(maxFileBytes / 1048576)} MB)`,
      },
    },
    ['name', 'content'],
  );
const idParams = object({ id: fileId }, ['id']);
const rawQuery = object(
  {
    name: { type: 'string', minLength: 1, maxLength: 255, description: "The file's name" },
    type: { type: 'string', maxLength: 200, description: "The file's type, e.g. image/jpeg" },
  },
  ['name'],
);
const viaQuery = object({ request: { ...instanceId, description: 'The request the file belongs to' } });

type Id = { Params: { id: string }; Querystring: { request?: string } };

export const fileRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['files'];
  const { files, approvals, fileBindings } = app.services;
  // The limits the file service was built with (FILE_MAX_MB: services/files/file-quota.ts).
  const base64Max = Math.ceil(files.limits.maxFileBytes / 3) * 4;
  const uploadBody = uploadBodyFor(files.limits.maxFileBytes);
  // A streamed upload's body is the file itself, read by the blob store as it arrives.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  const viewerOf = (request: FastifyRequest): FileViewer => ({
    userId: request.principal!.userId,
    all: request.can('files', 'admin').allowed,
  });
  /**
   * Where the viewer reads the file: the record it came with (its read rules decide), or the
   * request they name and take part in (approvals decide).
   */
  const via = (request: FastifyRequest<Id>) => ({
    inRecord: (id: string) => fileBindings.readableInRecord(request.actor, id),
    request: request.query.request,
    lookup: (instance: string) => approvals.inbox.request(request.actor, instance),
    firstAttached: (id: string, instance: string, found: unknown) =>
      fileBindings.readableThrough(id, instance, found),
  });

  app.post<{ Body: { name: string; contentType?: string; content: string } }>(
    '',
    {
      bodyLimit: base64Max + 64 * 1024,
      schema: {
        tags,
        summary: 'Upload a file to attach to a request or an approval action',
        body: uploadBody,
        response: { 201: fileInfo, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const { name, contentType, content } = request.body;
      if (!BASE64.test(content) || content.length % 4 !== 0) throw fileErrors.contentInvalid('base64');
      const info = await files.store(request.principal!.userId, {
        name,
        ...(contentType ? { contentType } : {}),
        content: Buffer.from(content, 'base64'),
      });
      return reply.code(201).send(info);
    },
  );

  app.post<{ Querystring: { name: string; type?: string }; Body: unknown }>(
    '/upload',
    {
      schema: {
        tags,
        summary:
          'Upload a file as the raw body (Content-Type: application/octet-stream), streamed; name and type in the query',
        querystring: rawQuery,
        body: {
          content: {
            'application/octet-stream': {
              schema: { description: 'The file (streamed; checked by the handler)' },
            },
          },
        },
        response: { 201: fileInfo, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const body = request.body as Readable | undefined;
      if (!(body instanceof Readable)) throw fileErrors.contentInvalid('body');
      const length = Number(request.headers['content-length']);
      const info = await files.store(request.principal!.userId, {
        name: request.query.name,
        ...(request.query.type ? { contentType: request.query.type } : {}),
        content: body,
        ...(Number.isSafeInteger(length) && length >= 0 ? { size: length } : {}),
      });
      return reply.code(201).send(info);
    },
  );

  app.get<Id>(
    '/:id/info',
    {
      schema: {
        tags,
        summary:
          "A file's name, type and size (for its uploader, a reader of its record, or a participant of the request)",
        params: idParams,
        querystring: viaQuery,
        response: { 200: fileInfo, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => files.readable(viewerOf(request), request.params.id, via(request)),
  );

  app.get<Id>(
    '/:id',
    {
      schema: {
        tags,
        summary:
          'Download a file (for its uploader, a reader of its record, or a participant of the request that mentions it)',
        params: idParams,
        querystring: viaQuery,
        response: {
          // The file's bytes; the errors stay JSON like everywhere else.
          200: {
            description: 'The file',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const info = await files.readable(viewerOf(request), request.params.id, via(request));
      const served = servedAs(info.contentType);
      return reply
        .header('content-type', served.contentType)
        .header('content-disposition', contentDisposition(info.name, served.inline))
        .header('cache-control', 'private, max-age=3600')
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
        .header('content-length', String(info.size))
        .send(Readable.from(await files.content(info.id)));
    },
  );
};
