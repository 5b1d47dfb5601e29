// /api/stock: the stock ledger read-side (resource `stock`) — the balance per item × warehouse
// (the bins), the entries in posting order, the check that the stock ledger's value equals the
// stock accounts' balance, a batch's trace (where it came from, where it went, what is left where),
// and rebuilding a bin from the ledger. Movements are posted by the
// `stock.post` action (module flows and automations), not here.
import type { FastifyPluginAsync } from 'fastify';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { traceBatch } from '#engine/services/stock/batch-trace.ts';
import { anyObject } from '../modules/schemas.ts';

const code: Record<string, unknown> = { type: 'string', minLength: 1, maxLength: 140 };
const date: Record<string, unknown> = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const account: Record<string, unknown> = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' };

const bin = object(
  {
    item: { type: 'string' },
    warehouse: { type: 'string' },
    qty: { type: 'string' },
    value: { type: 'string' },
    rate: { type: 'string' },
    batches: { type: 'array', items: anyObject },
    ageSlots: { type: 'array', items: anyObject },
    lastReceipt: { type: 'string' },
    lastIssue: { type: 'string' },
    lastActivity: { type: 'string' },
    ordered: { type: 'string' },
    requested: { type: 'string' },
    reserved: { type: 'string' },
    projected: { type: 'string', description: 'On hand + ordered + requested − reserved' },
    safetyStock: { type: 'string' },
    reorderLevel: { type: 'string' },
    reorderQty: { type: 'string' },
    belowSafety: { type: 'boolean' },
    belowReorder: { type: 'boolean' },
    chainSeq: { type: 'integer' },
    updatedAt: { type: 'string' },
  },
  ['item', 'warehouse', 'qty', 'value', 'rate'],
);

const entry = object(
  {
    id: { type: 'string' },
    item: { type: 'string' },
    warehouse: { type: 'string' },
    batch: { type: 'string' },
    postingDate: { type: 'string' },
    postingTime: { type: 'string' },
    qty: { type: 'string' },
    rate: { type: 'string' },
    valueChange: { type: 'string' },
    qtyAfter: { type: 'string' },
    valueAfter: { type: 'string' },
    rateAfter: { type: 'string' },
    batchQtyAfter: { type: 'string' },
    source: anyObject,
    reverses: { type: 'string', description: 'A reversal: the entry it reverses' },
    seq: { type: 'integer' },
    postedAt: { type: 'string' },
  },
  [
    'id',
    'item',
    'warehouse',
    'postingDate',
    'qty',
    'rate',
    'valueChange',
    'qtyAfter',
    'valueAfter',
    'source',
  ],
);

const movement = object(
  {
    item: { type: 'string' },
    warehouse: { type: 'string' },
    postingDate: { type: 'string' },
    qty: { type: 'string' },
    source: anyObject,
    document: { type: 'string', description: "The source document's number and title" },
    formName: anyObject,
  },
  ['item', 'warehouse', 'postingDate', 'qty', 'source'],
);

const trace = object(
  {
    batch: { type: 'string' },
    cameIn: { type: 'array', items: movement },
    wentOut: { type: 'array', items: movement },
    onHand: {
      type: 'array',
      items: object({ item: { type: 'string' }, warehouse: { type: 'string' }, qty: { type: 'string' } }, [
        'item',
        'warehouse',
        'qty',
      ]),
    },
  },
  ['batch', 'cameIn', 'wentOut', 'onHand'],
);

export const stockRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['stock'];

  app.get<{ Querystring: { item?: string; warehouse?: string } }>(
    '/balance',
    {
      config: { access: { resource: 'stock', action: 'read' } },
      schema: {
        tags,
        summary: 'Quantity and value per item × warehouse (the bins: a cache of the stock ledger)',
        querystring: object({ item: code, warehouse: code }),
        response: { 200: list(bin), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { item, warehouse } = request.query;
      const { items } = await app.services.stock.bins.bins.find(
        { ...(item ? { item } : {}), ...(warehouse ? { warehouse } : {}) },
        { sort: [['item', 1]], limit: 1000 },
      );
      const order = (b: { item: string; warehouse: string }) => `${b.item}\u0000${b.warehouse}`;
      return {
        items: items
          .sort((a, b) => order(a).localeCompare(order(b)))
          .map(({ id: _id, rev: _rev, ...b }) => b),
      };
    },
  );

  app.get<{ Querystring: { item?: string; warehouse?: string; from?: string; to?: string } }>(
    '/ledger',
    {
      config: { access: { resource: 'stock', action: 'read' } },
      schema: {
        tags,
        summary: 'Stock ledger entries in posting order (re-valued after back-dated entries)',
        querystring: object({ item: code, warehouse: code, from: date, to: date }),
        response: { 200: list(entry), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      items: (await app.services.stock.ledger(request.query)).map((e) => {
        const { queue: _q, valuedSeq: _v, rev: _r, ...rest } = e as typeof e & { rev?: number };
        return rest;
      }),
    }),
  );

  app.get<{ Querystring: { batch: string; item?: string } }>(
    '/trace',
    {
      config: { access: { resource: 'stock', action: 'read' } },
      schema: {
        tags,
        summary:
          "A batch's trace from the stock ledger: the movements that brought it in and took it out (each with its document's number and title: a receipt's supplier, a delivery's customer) and what is left per warehouse",
        querystring: object({ batch: code, item: code }, ['batch']),
        response: { 200: trace, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { batch, item } = request.query;
      const { stock, documents, forms } = app.services;
      const entries = await stock.entries.find({ batch, ...(item ? { item } : {}) });
      return traceBatch(batch, entries, {
        documents: (keys) => documents.links.labels(keys),
        formName: async (form) => (await forms.current(form).catch(() => null))?.definition.name,
      });
    },
  );

  app.get<{ Querystring: { account: string | string[] } }>(
    '/valuation-check',
    {
      config: { access: { resource: 'stock', action: 'read' } },
      schema: {
        tags,
        summary: "The stock ledger's value − the stock accounts' balance (zero when in step)",
        querystring: object(
          { account: { anyOf: [account, { type: 'array', items: account, minItems: 1, maxItems: 20 }] } },
          ['account'],
        ),
        response: {
          200: object(
            {
              stockValue: { type: 'string' },
              accountBalance: { type: 'string' },
              difference: { type: 'string' },
            },
            ['stockValue', 'accountBalance', 'difference'],
          ),
          ...errors(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const accounts = ([] as string[]).concat(request.query.account);
      return app.services.stock.valuationCheck(accounts);
    },
  );

  app.post<{ Body: { item: string; warehouse: string } }>(
    '/bins/rebuild',
    {
      config: { access: { resource: 'stock', action: 'update' } },
      schema: {
        tags,
        summary: 'Rebuilds the bin of an item × warehouse from the stock ledger',
        body: object({ item: code, warehouse: code }, ['item', 'warehouse']),
        response: { 200: bin, ...errors(400, 401, 403, 415) },
      },
    },
    async (request) => {
      const {
        id: _id,
        rev: _rev,
        ...b
      } = await app.services.stock.bins.rebuild(request.body.item, request.body.warehouse);
      return b;
    },
  );
};
