// POST /api/records/:form/import/upload?fileName=…&mode=…: an import whose file is the raw body
// (Content-Type: application/octet-stream) — no base64 and no JSON around it. The bytes are taken
// as they arrive, up to the limit (a workbook's directory is at its end, so the file is read whole
// before the rows are), then imported exactly as POST …/import does (services/records).
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { Action } from '#engine/core/permissions/resolve.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { assertAllowed } from '#engine/services/records/record-rules.ts';
import { errors, importReport, object, stableId, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

/** The largest import file: what the JSON route's body limit allows once base64 is decoded. */
export const IMPORT_FILE_LIMIT = 36 * 1024 * 1024;

type Query = {
  fileName: string;
  format?: 'csv' | 'xlsx' | 'eml' | 'mbox';
  mode: 'dry-run' | 'commit';
  policy: 'all-or-nothing' | 'valid-rows-only';
  importId?: string;
};
type Request = FastifyRequest<{ Params: { form: string }; Querystring: Query }>;

const importId: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };

const tooLarge = () => recordErrors.importFileTooLarge(IMPORT_FILE_LIMIT);

async function readWhole(body: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooLarge();
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

export function importUploadRoute(
  app: FastifyInstance,
  /** The acting principal with its decision on the form's records (records/index.ts). */
  on: (request: Request, action: Action) => DecidedActor,
): void {
  const { importer } = app.services;
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    scope.post<{ Params: { form: string }; Querystring: Query }>(
      '/:form/import/upload',
      {
        config: { audited: false },
        schema: {
          tags: ['records'],
          summary:
            'Import records from a CSV, XLSX, .eml or mbox file sent as the raw body (application/octet-stream); the options in the query, as for POST …/import',
          params: object({ form: stableId }, ['form']),
          querystring: object(
            {
              fileName: { type: 'string', minLength: 1, maxLength: 200 },
              format: {
                type: 'string',
                enum: ['csv', 'xlsx', 'eml', 'mbox'],
                description: 'Default: from the file name (.xlsx, .eml, .mbox; else CSV)',
              },
              mode: { type: 'string', enum: ['dry-run', 'commit'], default: 'dry-run' },
              policy: {
                type: 'string',
                enum: ['all-or-nothing', 'valid-rows-only'],
                default: 'all-or-nothing',
              },
              importId: { ...importId, description: 'Your id for the import, to poll its progress' },
            },
            ['fileName'],
          ),
          body: {
            content: {
              'application/octet-stream': { schema: { description: 'The file (checked by the handler)' } },
            },
          },
          response: { 200: importReport, ...errors(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request) => {
        // Who may import into this form is known before the body is read: nobody else's is.
        const actor = on(request, 'create');
        assertAllowed(actor.decision);
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function')
          throw recordErrors.importFileInvalid(null, 'Send the file as the body', '请以请求体发送文件');
        const declared = Number(request.headers['content-length']);
        if (Number.isFinite(declared) && declared > IMPORT_FILE_LIMIT) throw tooLarge();
        const content = await readWhole(body, IMPORT_FILE_LIMIT);
        const { fileName, format, mode, policy, importId: id } = request.query;
        return importer.run(
          actor,
          request.params.form,
          { fileName, content, ...(format ? { format } : {}) },
          { mode, policy, ...(id ? { id } : {}) },
        );
      },
    );
  });
}
