// /api/ledger: vouchers (read through the 'ledger' row rules), periods, and bank reconciliation —
// automatic matching, manual match and unmatch, and the reconciliation of an account for a period
// with its unmatched statement and ledger lines.
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '#engine/core/errors.ts';
import { errors, list, object, page, pageQuery } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { anyObject, qualifiedId } from '../modules/schemas.ts';

const code: Record<string, unknown> = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' };
const period: Record<string, unknown> = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' };
const recordId: Record<string, unknown> = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };
const voucherIdSchema: Record<string, unknown> = { type: 'string', pattern: '^v-[0-9a-f]{32}$' };

const voucher = object(
  {
    id: { type: 'string' },
    number: { type: 'string' },
    book: { type: 'string' },
    date: { type: 'string' },
    period: { type: 'string' },
    memo: { type: 'string' },
    source: anyObject,
    uniqueRef: { type: 'string' },
    lines: { type: 'array', items: anyObject },
    totalDebit: { type: 'string' },
    totalCredit: { type: 'string' },
    postedAt: { type: 'string' },
    postedBy: { type: 'string' },
    reverses: { type: 'string', description: 'A reversal: the voucher it reverses' },
    reversedBy: { type: 'string', description: 'Reversed: the voucher that reverses it' },
  },
  [
    'id',
    'number',
    'book',
    'date',
    'period',
    'source',
    'lines',
    'totalDebit',
    'totalCredit',
    'postedAt',
    'postedBy',
  ],
);

const match = object(
  {
    form: { type: 'string' },
    recordId: { type: 'string' },
    voucherId: { type: 'string' },
    lineNo: { type: 'integer' },
    account: { type: 'string' },
    amount: { type: 'string' },
    auto: { type: 'boolean' },
    at: { type: 'string' },
    by: { type: 'string' },
  },
  ['form', 'recordId', 'voucherId', 'lineNo', 'account', 'amount', 'auto'],
);

const scope = { form: qualifiedId, account: code, period };

export const ledgerRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['ledger'];

  app.get<{
    Querystring: {
      book?: string;
      period?: string;
      account?: string;
      sourceId?: string;
      limit?: number;
      cursor?: string;
    };
  }>(
    '/vouchers',
    {
      config: { access: { resource: 'ledger', action: 'read' } },
      schema: {
        tags,
        summary: 'Vouchers, newest first (filter by book, period, account or source document)',
        querystring: object({
          book: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
          period,
          account: code,
          sourceId: recordId,
          ...pageQuery,
        }),
        response: { 200: page(voucher), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const result = await app.services.ledger.list(
        filter,
        { ...(limit ? { limit } : {}), ...(cursor ? { after: cursor } : {}) },
        request.decision.rowFilter,
      );
      return { items: result.items.map(({ rev: _rev, ...v }) => v), nextCursor: result.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/vouchers/:id',
    {
      config: { access: { resource: 'ledger', action: 'read' } },
      schema: {
        tags,
        summary: 'One voucher',
        params: object({ id: voucherIdSchema }, ['id']),
        response: { 200: voucher, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await app.services.ledger.voucher(request.params.id, request.decision);
      if (!found)
        throw notFound(
          'VOUCHER_NOT_FOUND',
          `There is no voucher "${request.params.id}"`,
          `没有凭证“${request.params.id}”`,
        );
      const { rev: _rev, ...v } = found as unknown as Record<string, unknown>;
      return v;
    },
  );

  app.get<{ Querystring: { book?: string } }>(
    '/periods',
    {
      config: { access: { resource: 'ledger', action: 'read' } },
      schema: {
        tags,
        summary: 'Accounting periods that were opened or closed',
        querystring: object({ book: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } }),
        response: {
          200: list(
            object(
              {
                book: { type: 'string' },
                period: { type: 'string' },
                status: { type: 'string' },
                changedAt: { type: 'string' },
                changedBy: { type: 'string' },
              },
              ['book', 'period', 'status'],
            ),
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => ({
      items: (await app.services.ledger.listPeriods(request.query.book ?? 'actual')).map(
        ({ id: _id, rev: _rev, ...p }) => p,
      ),
    }),
  );

  app.get<{ Querystring: { form: string; account: string; period?: string } }>(
    '/reconciliation',
    {
      config: { access: { resource: 'ledger', action: 'read' } },
      schema: {
        tags,
        summary:
          'Reconciliation of a bank account (and period): totals, difference, unmatched statement and ledger lines',
        querystring: object(scope, ['form', 'account']),
        response: {
          200: object(
            {
              form: { type: 'string' },
              account: { type: 'string' },
              period: { type: 'string' },
              statementTotal: { type: 'string' },
              ledgerTotal: { type: 'string' },
              difference: { type: 'string' },
              matchedCount: { type: 'integer' },
              matchedAmount: { type: 'string' },
              unmatchedStatement: { type: 'array', items: anyObject },
              unmatchedLedger: { type: 'array', items: anyObject },
              reconciled: { type: 'boolean' },
            },
            [
              'form',
              'account',
              'statementTotal',
              'ledgerTotal',
              'difference',
              'matchedCount',
              'matchedAmount',
              'unmatchedStatement',
              'unmatchedLedger',
              'reconciled',
            ],
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => app.services.reconciliation.report(request.query),
  );

  app.post<{ Body: { form: string; account: string; period?: string; windowDays?: number } }>(
    '/reconciliation/auto-match',
    {
      config: { access: { resource: 'ledger', action: 'update' } },
      schema: {
        tags,
        summary: 'Match statement lines with ledger lines automatically (amount, date window, reference)',
        body: object({ ...scope, windowDays: { type: 'integer', minimum: 0, maximum: 31 } }, [
          'form',
          'account',
        ]),
        response: {
          200: object({ matched: { type: 'array', items: match } }, ['matched']),
          ...errors(400, 401, 403, 415),
        },
      },
    },
    async (request) => ({
      matched: await app.services.reconciliation.autoMatch(request.body, request.principal!.userId),
    }),
  );

  app.post<{ Body: { form: string; recordId: string; voucherId: string; lineNo: number } }>(
    '/reconciliation/match',
    {
      config: { access: { resource: 'ledger', action: 'update' } },
      schema: {
        tags,
        summary: 'Match a statement line with a ledger line by hand (the amounts must agree)',
        body: object(
          {
            form: qualifiedId,
            recordId,
            voucherId: voucherIdSchema,
            lineNo: { type: 'integer', minimum: 1 },
          },
          ['form', 'recordId', 'voucherId', 'lineNo'],
        ),
        response: { 200: match, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => {
      const b = request.body;
      return app.services.reconciliation.match(
        b.form,
        b.recordId,
        b.voucherId,
        b.lineNo,
        request.principal!.userId,
      );
    },
  );

  app.post<{ Body: { form: string; recordId: string } }>(
    '/reconciliation/unmatch',
    {
      config: { access: { resource: 'ledger', action: 'update' } },
      schema: {
        tags,
        summary: 'Undo the match of a statement line',
        body: object({ form: qualifiedId, recordId }, ['form', 'recordId']),
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request, reply) => {
      await app.services.reconciliation.unmatch(
        request.body.form,
        request.body.recordId,
        request.principal!.userId,
      );
      return reply.code(204).send();
    },
  );
};
