// The shapes of the audit chain's verification: its report, and the anchors a caller may give
// (from a backup's manifest, an e-mail) to check the chain against.
import { ANCHOR_KINDS } from '#engine/core/audit/anchors.ts';
import { PROBLEM_REASONS, TAMPER_KINDS } from '#engine/core/audit/verify.ts';
import { object } from '#engine/http/schemas.ts';

const hex = (length: number) => ({ type: 'string', pattern: `^[0-9a-f]{${length}}$` });

export const anchorSchema = object(
  {
    v: { const: 1 },
    kind: { enum: [...ANCHOR_KINDS] },
    seq: { type: 'integer', minimum: 0 },
    hash: hex(64),
    at: { type: 'string', format: 'date-time' },
    keyId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
    mac: hex(64),
  },
  ['v', 'kind', 'seq', 'hash', 'at', 'keyId', 'mac'],
);

const anchorBrief = object(
  { kind: { enum: [...ANCHOR_KINDS] }, seq: { type: 'integer' }, at: { type: 'string' } },
  ['kind', 'seq', 'at'],
);

export const verifyBody = object(
  {
    anchors: {
      type: 'array',
      maxItems: 100,
      items: anchorSchema,
      description: 'Anchors kept elsewhere: the `audit` of a backup manifest, the line of an anchor e-mail.',
    },
  },
  ['anchors'],
);

export const chainReport = object(
  {
    ok: { type: 'boolean' },
    checked: { type: 'integer' },
    headSeq: { type: 'integer' },
    lastGoodSeq: { type: 'integer' },
    firstBroken: object(
      { seq: { type: 'integer' }, id: { type: 'string' }, reason: { enum: [...PROBLEM_REASONS] } },
      ['seq', 'id', 'reason'],
    ),
    keyConfigured: { type: 'boolean' },
    keyedFromSeq: { type: 'integer' },
    legacyEntries: { type: 'integer' },
    anchors: object(
      {
        checked: { type: 'integer' },
        superseded: { type: 'integer' },
        unverifiable: { type: 'integer' },
        latest: anchorBrief,
      },
      ['checked', 'superseded', 'unverifiable'],
    ),
    problems: {
      type: 'array',
      items: object(
        {
          kind: { enum: [...TAMPER_KINDS] },
          reason: { enum: [...PROBLEM_REASONS] },
          fromSeq: { type: 'integer' },
          toSeq: { type: 'integer' },
          anchor: anchorBrief,
        },
        ['kind', 'reason', 'fromSeq', 'toSeq'],
      ),
    },
  },
  ['ok', 'checked', 'headSeq', 'lastGoodSeq', 'keyConfigured', 'legacyEntries', 'anchors', 'problems'],
);
