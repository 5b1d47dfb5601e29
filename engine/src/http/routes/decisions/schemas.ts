// JSON Schemas of the decision and deployment routes (requests and replies). Evaluation results
// and variables stay open: a decision's result is whatever its table or expression gives.
import { object, type JsonSchema } from '#engine/http/schemas.ts';

const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
const int: JsonSchema = { type: 'integer' };
const anyValue: JsonSchema = {};

export const decisionId = str({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' });
export const xmlText = str({ minLength: 1, maxLength: 2_000_000 });

export const decisionSummary = object(
  {
    key: str(),
    decisionId: str(),
    version: int,
    name: str(),
    /** forma:nameZh: the Chinese name, when the file gives one. */
    nameZh: str(),
    versionTag: str(),
    drgKey: str(),
    drgId: str(),
    drgName: str(),
    drgNameZh: str(),
    kind: str({ enum: ['table', 'literal'] }),
    hitPolicy: str(),
    deployedAt: str(),
    deployedBy: str(),
    versions: int,
  },
  ['key', 'decisionId', 'version', 'drgKey', 'drgId', 'kind', 'deployedAt'],
);

export const decisionWithXml = {
  ...decisionSummary,
  properties: { ...(decisionSummary.properties as object), xml: str() },
};

export const deployedDrg = object(
  {
    drgId: str(),
    version: int,
    name: str(),
    nameZh: str(),
    duplicate: { type: 'boolean' },
    decisions: { type: 'array', items: decisionSummary },
  },
  ['drgId', 'version', 'duplicate', 'decisions'],
);

export const dmnProblemItem = object(
  {
    code: str(),
    decisionId: str(),
    decisionName: str(),
    elementId: str(),
    ruleId: str(),
    rule: int,
    message: str(),
    messageZh: str(),
  },
  ['code', 'message', 'messageZh'],
);

/** A 422 with one detail per problem: where it is (decision, rule, cell) and what is wrong. */
export const problemsReply: JsonSchema = object(
  {
    error: {
      type: 'object',
      properties: {
        code: str(),
        message: str(),
        messageZh: str(),
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: str(),
              message: str(),
              messageZh: str(),
              code: str(),
              decisionId: str(),
              decisionName: str(),
              elementId: str(),
              elementName: str(),
              ruleId: str(),
              rule: int,
            },
            required: ['path', 'message'],
            additionalProperties: false,
          },
        },
      },
      required: ['code', 'message', 'messageZh'],
      additionalProperties: false,
    },
  },
  ['error'],
);

export const evaluateBody = object(
  {
    variables: { type: 'object', additionalProperties: true, maxProperties: 500 },
    version: { type: 'integer', minimum: 1 },
  },
  [],
);

const evaluatedDecision: JsonSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    decisionId: str(),
    decisionName: str(),
    kind: str(),
    hitPolicy: str(),
    inputs: { type: 'array', items: { type: 'object', additionalProperties: true } },
    matchedRules: { type: 'array', items: { type: 'object', additionalProperties: true } },
    result: anyValue,
  },
};

export const evaluationReply = object(
  {
    decisionId: str(),
    version: int,
    key: str(),
    drgId: str(),
    result: anyValue,
    evaluated: { type: 'array', items: evaluatedDecision },
  },
  ['decisionId', 'version', 'key', 'drgId', 'result', 'evaluated'],
);

export const deploymentBody = object(
  {
    files: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: object(
        {
          name: str({
            minLength: 1,
            maxLength: 255,
            description: 'The file name; .bpmn or .dmn says what it is.',
          }),
          content: xmlText,
        },
        ['name', 'content'],
      ),
    },
  },
  ['files'],
);

export const deploymentReply = object(
  {
    decisions: { type: 'array', items: deployedDrg },
    processes: {
      type: 'array',
      items: object({ key: str(), processId: str(), version: int, duplicate: { type: 'boolean' } }, [
        'key',
        'processId',
        'version',
        'duplicate',
      ]),
    },
  },
  ['decisions', 'processes'],
);
