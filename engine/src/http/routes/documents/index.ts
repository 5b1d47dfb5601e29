// Business documents over the records API (services/documents):
//   POST /records/:form/:id/submit|cancel|amend    the lifecycle (grants: submit, cancel, create)
//   POST /records/:form/:id/submit-for-approval    a draft into the approval its catalogue entry starts
//   POST /records/:form/:id/make/:make             a document its form makes from it (a won deal's order)
//   GET  /records/:form/:id/postings               what the document posted, in every ledger
//   GET  /records/:form/:id/linked                 the documents that link to it
//   GET  /records/:form/:id/timeline               what happened to it and the records linking to it
//   GET  /records/:form/:id/document               what its page offers you now, and its links' titles
//   GET  /records/:form/link-options               the link picker: what a link field may point to
//   GET  /records/:form/:id/print                  the document laid out by a print format
//   GET  /ledger/vouchers/:id/print                a voucher laid out by a print format
// A refused lifecycle move is a 409 with a stable code and the reason in both languages
// (DOCUMENT_HAS_DEPENDENTS names the documents that depend on it).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { commonErrors, notFound } from '#engine/core/errors.ts';
import {
  documentPosting,
  errors,
  linkedDocuments,
  linkOption,
  list,
  localizedText,
  object,
  printDocument,
  recordEnvelope,
  stableId,
  timelineEvent,
  type JsonSchema,
} from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { documentView } from '#engine/services/documents/document-view.ts';
import { offersApproval, submitForApproval } from '#engine/services/modules/draft-approval.ts';
import { recordTimeline } from '#engine/services/documents/record-timeline.ts';
import type { Action } from '#engine/core/permissions/resolve.ts';

const recordId: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };
const recordParams = object({ form: stableId, id: recordId }, ['form', 'id']);
const formParams = object({ form: stableId }, ['form']);
const rev = { type: 'integer', minimum: 1 };
const date = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' };
const madeRecord = object({ record: recordEnvelope, created: { type: 'boolean' } }, ['record', 'created']);
const formatQuery = object({ format: { type: 'string', minLength: 1, maxLength: 200 } });

type RecordP = { Params: { form: string; id: string } };

export const documentRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['documents'];
  const { records, documents, ledger, requests, flows } = app.services;
  const on = (request: FastifyRequest<RecordP>, action: Action) =>
    request.actorFor(`record:${request.params.form}`, action);

  app.post<RecordP & { Body: { rev: number } }>(
    '/records/:form/:id/submit',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Submit a draft: it becomes binding (only the fields allowed after submit change from now on); its links are checked again',
        params: recordParams,
        body: object({ rev }, ['rev']),
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) =>
      documents.lifecycle.submit(
        on(request, 'submit'),
        request.params.form,
        request.params.id,
        request.body.rev,
      ),
  );

  app.post<RecordP & { Body: { rev: number } }>(
    '/records/:form/:id/submit-for-approval',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Send a draft into the approval the catalogue entry of its form starts (a credit check, a manager): it is locked while the approval runs, submitted when approved, a draft again when rejected',
        description:
          'For its owner (or whoever may submit it outright) who may start the entry. Checked as submitting is (links, submit checks) and as the entry’s refusing warnings. Once: while its approval runs a second call is 409 DOCUMENT_IN_APPROVAL; a form whose entry starts no flow is 409 DOCUMENT_NO_APPROVAL.',
        params: recordParams,
        body: object({ rev }, ['rev']),
        response: {
          200: object({ record: recordEnvelope, instanceId: { type: 'string' } }, ['record', 'instanceId']),
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request) =>
      submitForApproval(
        { records, requests, lifecycle: documents.lifecycle, flows },
        request.actor,
        request.params.form,
        request.params.id,
        request.body.rev,
      ),
  );

  app.post<RecordP & { Body: { rev: number; reason: string; reversalDate?: string } }>(
    '/records/:form/:id/cancel',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Cancel a submitted document: what it posted is reversed (on reversalDate, default today). Refused with the documents named while a submitted document links to it',
        params: recordParams,
        body: object({ rev, reason: { type: 'string', maxLength: 500 }, reversalDate: date }, [
          'rev',
          'reason',
        ]),
        response: { 200: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) =>
      documents.lifecycle.cancel(on(request, 'cancel'), request.params.form, request.params.id, request.body),
  );

  app.post<RecordP>(
    '/records/:form/:id/amend',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Amend a cancelled document: a new draft with its data, linked to it, numbered <its number>-1, -2 …',
        params: recordParams,
        response: { 201: recordEnvelope, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const amended = await documents.lifecycle.amend(
        on(request, 'create'),
        request.params.form,
        request.params.id,
      );
      return reply.code(201).send(amended);
    },
  );

  app.post<{ Params: { form: string; id: string; make: string } }>(
    '/records/:form/:id/make/:make',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          "Make the document its form declares (makes) from the record, linking back to it: once — a second call answers 200 with the record made the first time. Refused while a module it needs is off (409) or when a refusal holds (422 DOCUMENT_MAKE_REFUSED, each refusal's code). Needs create on the made form",
        params: object(
          { form: stableId, id: recordId, make: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' } },
          ['form', 'id', 'make'],
        ),
        response: {
          200: madeRecord,
          201: madeRecord,
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { form, id, make } = request.params;
      const made = await documents.makes.make(
        (resource, action) => request.actorFor(resource, action),
        form,
        id,
        make,
      );
      return reply.code(made.created ? 201 : 200).send(made);
    },
  );

  app.get<RecordP>(
    '/records/:form/:id/postings',
    {
      schema: {
        tags,
        summary: 'The entries the document posted in every ledger, with their reversals',
        params: recordParams,
        response: { 200: list(documentPosting), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { form, id } = request.params;
      await records.get(on(request, 'read'), form, id);
      return { items: await documents.ledgers.postings({ form, id }) };
    },
  );

  app.get<RecordP>(
    '/records/:form/:id/linked',
    {
      schema: {
        tags,
        summary: 'The documents linking to this record, per form (those you may open, and how many in all)',
        params: recordParams,
        response: { 200: list(linkedDocuments), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { form, id } = request.params;
      await records.get(on(request, 'read'), form, id);
      return { items: await documents.links.linked(request.principal!, form, id) };
    },
  );

  app.get<RecordP>(
    '/records/:form/:id/timeline',
    {
      schema: {
        tags,
        summary:
          'What happened around the record, newest first: its creation and logged changes (change log), and those of the records linking to it that you may open (at most 200 events)',
        params: recordParams,
        response: { 200: list(timelineEvent), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const record = await records.get(on(request, 'read'), request.params.form, request.params.id);
      return { items: await recordTimeline({ records, links: documents.links }, request.principal!, record) };
    },
  );

  app.get<RecordP>(
    '/records/:form/:id/document',
    {
      schema: {
        tags,
        summary:
          'What the record’s page offers you now (update, delete, submit, submitForApproval, cancel, amend: your grants, row rules and the document’s state) and the titles of the records its links point to',
        params: recordParams,
        response: {
          200: object(
            {
              actions: {
                type: 'array',
                items: {
                  type: 'string',
                  enum: ['update', 'delete', 'submit', 'submitForApproval', 'cancel', 'amend'],
                },
              },
              linkTitles: { type: 'object', additionalProperties: { type: 'string' } },
              makes: {
                type: 'array',
                description:
                  'Documents you may make from it now (its makes whose modules are on, where you may create)',
                items: object({ id: { type: 'string' }, name: localizedText, form: { type: 'string' } }, [
                  'id',
                  'name',
                  'form',
                ]),
              },
            },
            ['actions', 'linkTitles', 'makes'],
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { form, id } = request.params;
      const reader = on(request, 'read');
      await records.get(reader, form, id);
      const row = await records.storedRow(reader, form, id);
      const view = await documentView({ records, links: documents.links }, request.principal!, row);
      if (await offersApproval({ records, requests, flows }, request.principal!, row))
        view.actions.push('submitForApproval');
      const makes = row.deleted
        ? []
        : (await documents.makes.available(form))
            .filter((m) => request.can(`record:${m.form}`, 'create').allowed)
            .map((m) => ({ id: m.id, name: m.name, form: m.form }));
      return { ...view, makes };
    },
  );

  app.get<{
    Params: { form: string };
    Querystring: { field: string; q?: string; code?: string; limit: number };
  }>(
    '/records/:form/link-options',
    {
      schema: {
        tags,
        summary:
          "What a link field may point to, searched as you type (q: the title) or by a scanned code (code: the linked form's barcode and QR code fields): records of the linked form you may read (its row rules apply), cancelled documents left out, with the values its fetch-from copies",
        params: formParams,
        querystring: object(
          {
            field: { type: 'string', minLength: 1, maxLength: 200 },
            q: { type: 'string', minLength: 1, maxLength: 200 },
            code: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
          },
          ['field'],
        ),
        response: { 200: list(linkOption), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { field, q, code, limit } = request.query;
      // The picker serves whoever fills the form in (create or update its records).
      const form = `record:${request.params.form}`;
      if (!request.can(form, 'create').allowed && !request.can(form, 'update').allowed)
        throw commonErrors.forbidden();
      return {
        items: await documents.links.options(request.principal!, request.params.form, field, {
          limit,
          ...(q ? { q } : {}),
          ...(code ? { code } : {}),
        }),
      };
    },
  );

  app.get<RecordP & { Querystring: { format?: string } }>(
    '/records/:form/:id/print',
    {
      schema: {
        tags,
        summary:
          'The document laid out by a print format (default: the one marked default), every label and value in both languages; audited like an export',
        params: recordParams,
        querystring: formatQuery,
        response: { 200: printDocument, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      documents.print.record(
        on(request, 'read'),
        request.params.form,
        request.params.id,
        request.query.format,
      ),
  );

  app.get<{ Params: { id: string }; Querystring: { format?: string } }>(
    '/ledger/vouchers/:id/print',
    {
      config: { access: { resource: 'ledger', action: 'read' } },
      schema: {
        tags,
        summary: 'A voucher laid out by a print format (记账凭证), amounts also in Chinese capital numerals',
        params: object({ id: { type: 'string', pattern: '^v-[0-9a-f]{32}$' } }, ['id']),
        querystring: formatQuery,
        response: { 200: printDocument, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const voucher = await ledger.voucher(request.params.id, request.decision!);
      if (!voucher)
        throw notFound(
          'VOUCHER_NOT_FOUND',
          `There is no voucher "${request.params.id}"`,
          `没有凭证“${request.params.id}”`,
        );
      return documents.print.voucher(request.principal!.userId, voucher, request.query.format);
    },
  );
};
