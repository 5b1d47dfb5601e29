// JSON Schemas of the flow, instance, incident, task and approval routes (requests and replies).
// Replies that carry process variables or engine details stay open (additionalProperties) so that
// nothing a client needs is dropped by the serializer.
import { object, type JsonSchema } from '#engine/http/schemas.ts';

const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
const open = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: true,
});
const anyObject: JsonSchema = { type: 'object', additionalProperties: true };
const strings: JsonSchema = { type: 'array', items: { type: 'string' } };

export const userId = str({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._@-]+$' });
export const processId = str({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' });
/** Task ids are `<instance id>-<token id>`. */
export const taskId = str({ minLength: 3, maxLength: 160, pattern: '^[A-Za-z0-9_.-]+$' });
export const instanceId = str({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' });
const comment = str({ maxLength: 4000 });
export const variables: JsonSchema = { type: 'object', additionalProperties: true, maxProperties: 500 };

export const attachment = object(
  {
    name: str({ minLength: 1, maxLength: 255 }),
    ref: str({ minLength: 1, maxLength: 2048, description: 'A file reference: an URL or a file-store id.' }),
    size: { type: 'integer', minimum: 0 },
    contentType: str({ maxLength: 200 }),
  },
  ['name', 'ref'],
);
const attachments: JsonSchema = { type: 'array', items: attachment, maxItems: 50 };

// ---- requests --------------------------------------------------------------------------------

export const actionBody = object({ comment, attachments });
export const approveBody = object({
  comment,
  attachments,
  variables: {
    ...variables,
    description: 'Values the approver fills in (not approval, approvals, requester, record).',
  },
  data: {
    ...variables,
    description:
      "Fields of the request's form this step may edit (its field permissions); others are refused with 403.",
  },
  undo: {
    type: 'boolean',
    description:
      'Hold the approval for the undo window (POST …/undo takes it back) instead of sending it at once.',
  },
});
export const rejectBody = object({ comment: str({ minLength: 1, maxLength: 4000 }), attachments }, [
  'comment',
]);
export const returnBody = object(
  {
    to: str({
      minLength: 1,
      maxLength: 200,
      description: '"requester" (for changes and resubmission) or the id of an earlier approval step.',
    }),
    comment: str({ minLength: 1, maxLength: 4000 }),
    attachments,
  },
  ['to', 'comment'],
);
export const toUserBody = object({ to: userId, comment, attachments }, ['to']);
export const addSignerBody = object(
  { user: userId, position: { type: 'string', enum: ['before', 'after'] }, comment, attachments },
  ['user', 'position'],
);
export const ccBody = object(
  { users: { type: 'array', items: userId, minItems: 1, maxItems: 50 }, comment, attachments },
  ['users'],
);
export const commentBody = object({ comment, attachments, taskId });
export const resubmitBody = object({ comment, attachments, variables });
export const bulkBody = object(
  { taskIds: { type: 'array', items: taskId, minItems: 1, maxItems: 200 }, comment, attachments },
  ['taskIds'],
);
export const emptyBody = object({});

export const settingsBody = object({
  autoApprove: object({
    requesterIsApprover: { type: 'boolean' },
    sameApproverConsecutive: { type: 'boolean' },
    noApprover: { type: 'boolean' },
  }),
  noAssigneeFallback: object(
    { type: { type: 'string', enum: ['skip', 'assign', 'incident'] }, user: userId },
    ['type'],
  ),
  proxies: { type: 'boolean' },
  fieldPermissions: {
    type: ['object', 'null'],
    description:
      "Per step (a user task's id, or 'requester'): field → editable | readonly | hidden. null: the flow's catalogue entry's, else the defaults.",
    maxProperties: 200,
    additionalProperties: {
      type: 'object',
      maxProperties: 500,
      additionalProperties: { type: 'string', enum: ['editable', 'readonly', 'hidden'] },
    },
  },
});

export const previewBody = object(
  {
    processId,
    variables: { ...variables, description: 'The draft form data (and any flow variables) to route by.' },
  },
  ['processId'],
);

/** An approval chain: each step with its people, state and conditions (core/approvals/road.ts). */
export const roadReply = open(
  {
    processId: str(),
    flowName: str(),
    steps: { type: 'array', items: anyObject },
    skipped: { type: 'array', items: anyObject },
  },
  ['processId', 'flowName', 'steps', 'skipped'],
);

export const outOfOfficeBody = object(
  {
    proxy: userId,
    from: str({
      minLength: 10,
      maxLength: 40,
      description: 'ISO date (whole day) or date-time with a zone.',
    }),
    to: str({ minLength: 10, maxLength: 40 }),
    note: str({ maxLength: 500 }),
  },
  ['proxy', 'from', 'to'],
);

export const startBody = object(
  {
    processId,
    version: { type: 'integer', minimum: 1 },
    variables,
    businessKey: str({ minLength: 1, maxLength: 200 }),
    instanceId,
  },
  ['processId'],
);

export const deployJsonBody = object(
  {
    xml: str({ minLength: 1, maxLength: 2_000_000 }),
    forms: {
      type: 'array',
      maxItems: 50,
      description: 'Camunda forms (.form files: form-js JSON, as objects or text) the model links to',
      items: { anyOf: [{ type: 'object', additionalProperties: true }, str({ maxLength: 1_000_000 })] },
    },
  },
  ['xml'],
);
export const cancelBody = object({ reason: str({ maxLength: 1000 }) });
export const resolveBody = object({ variables }, ['variables']);

// ---- replies -----------------------------------------------------------------------------------

export const timelineEntry = open(
  {
    at: str(),
    action: str(),
    by: str(),
    onBehalfOf: str(),
    elementId: str(),
    stepName: str(),
    taskId: str(),
    outcome: str(),
    comment: str(),
    attachments: { type: 'array', items: attachment },
    users: strings,
    data: anyObject,
  },
  ['at', 'action'],
);

export const inboxItem = open(
  {
    id: str(),
    instanceId: str(),
    processId: str(),
    processName: str(),
    elementId: str(),
    name: str(),
    state: str(),
    kind: str(),
    assignee: str(),
    candidateUsers: strings,
    candidateGroups: strings,
    requester: str(),
    requesterName: str(),
    businessKey: str(),
    formId: str(),
    createdAt: str(),
    dueDate: str(),
    overdue: { type: 'boolean' },
    priority: { type: 'number' },
    onBehalfOf: str(),
    delegatedBy: str(),
    completedAt: str(),
    completedBy: str(),
    outcome: str(),
  },
  ['id', 'instanceId', 'processId', 'elementId', 'name', 'state', 'kind', 'createdAt', 'overdue'],
);

export const counts = open({
  open: { type: 'integer' },
  overdue: { type: 'integer' },
  dueSoon: { type: 'integer' },
  returned: { type: 'integer' },
  byProcess: { type: 'object', additionalProperties: { type: 'integer' } },
  cc: { type: 'integer' },
});

export const requestItem = open(
  {
    id: str(),
    processId: str(),
    processName: str(),
    version: { type: 'integer' },
    status: str(),
    businessKey: str(),
    requester: str(),
    startedAt: str(),
    endedAt: str(),
    currentSteps: {
      type: 'array',
      items: open({ elementId: str(), name: str(), taskId: str(), holders: strings, holderNames: strings }),
    },
    variables: anyObject,
    timeline: { type: 'array', items: timelineEntry },
    canRecall: { type: 'boolean' },
  },
  ['id', 'processId', 'status', 'startedAt', 'currentSteps'],
);

export const taskDetail = open(
  {
    task: inboxItem,
    request: requestItem,
    timeline: { type: 'array', items: timelineEntry },
    actions: strings,
    delegation: anyObject,
    returned: anyObject,
  },
  ['task', 'request', 'timeline', 'actions'],
);

export const actionResult = open(
  {
    taskId: str(),
    instanceId: str(),
    result: str(),
    status: str(),
    openTasks: { type: 'array', items: anyObject },
  },
  ['taskId', 'instanceId', 'result', 'status', 'openTasks'],
);

export const bulkResult = object(
  {
    items: {
      type: 'array',
      items: open(
        {
          taskId: str(),
          ok: { type: 'boolean' },
          result: str(),
          status: { type: 'integer' },
          code: str(),
          message: str(),
          messageZh: str(),
        },
        ['taskId', 'ok'],
      ),
    },
    approved: { type: 'integer' },
    failed: { type: 'integer' },
  },
  ['items', 'approved', 'failed'],
);

export const ccItem = open(
  {
    id: str(),
    userId: str(),
    instanceId: str(),
    processId: str(),
    by: str(),
    at: str(),
    comment: str(),
    request: anyObject,
  },
  ['id', 'instanceId', 'by', 'at'],
);

export const instanceView = open(
  {
    id: str(),
    rev: { type: 'integer' },
    processId: str(),
    version: { type: 'integer' },
    status: str(),
    businessKey: str(),
    startedBy: str(),
    startedAt: str(),
    endedAt: str(),
    variables: anyObject,
    tokens: { type: 'array', items: anyObject },
    openTasks: { type: 'array', items: anyObject },
    incidents: { type: 'array', items: anyObject },
    history: { type: 'array', items: anyObject },
  },
  ['id', 'processId', 'version', 'status', 'startedAt'],
);

export const instanceSummary = open(
  {
    id: str(),
    processId: str(),
    version: { type: 'integer' },
    status: str(),
    businessKey: str(),
    startedBy: str(),
    startedAt: str(),
    endedAt: str(),
    currentElements: strings,
    incidentCount: { type: 'integer' },
  },
  ['id', 'processId', 'version', 'status', 'startedAt'],
);

export const definitionSummary = open(
  {
    key: str(),
    processId: str(),
    version: { type: 'integer' },
    name: str(),
    versionTag: str(),
    deployedAt: str(),
    deployedBy: str(),
    formIds: strings,
    jobTypes: strings,
    versions: { type: 'integer' },
    duplicate: { type: 'boolean' },
    instances: open({
      active: { type: 'integer' },
      completed: { type: 'integer' },
      cancelled: { type: 'integer' },
    }),
  },
  ['key', 'processId', 'version', 'deployedAt'],
);

export const historyEntry = open({ seq: { type: 'integer' }, at: str(), type: str() }, ['seq', 'at', 'type']);

export const incidentView = open(
  {
    id: str(),
    kind: str(),
    tokenId: str(),
    elementId: str(),
    message: str(),
    createdAt: str(),
    phase: str(),
    errorCode: str(),
    instanceId: str(),
    processId: str(),
    version: { type: 'integer' },
  },
  ['id', 'kind', 'elementId', 'message', 'instanceId', 'processId'],
);

/** Step (a user task's id, or 'requester') → field → editable | readonly | hidden. */
const permissionsMap: JsonSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    additionalProperties: { type: 'string', enum: ['editable', 'readonly', 'hidden'] },
  },
};

export const settingsReply = open(
  {
    processId: str(),
    custom: { type: 'boolean' },
    autoApprove: anyObject,
    noAssigneeFallback: anyObject,
    proxies: { type: 'boolean' },
    fieldPermissions: permissionsMap,
    fieldAccess: {
      type: 'object',
      description:
        "The field permissions the flow's steps follow now: the flow's own (source 'flow'), else its catalogue entry's ('entry'), else none ('default').",
      properties: {
        source: { type: 'string', enum: ['flow', 'entry', 'default'] },
        permissions: permissionsMap,
      },
      required: ['source', 'permissions'],
    },
  },
  ['processId', 'autoApprove', 'noAssigneeFallback', 'proxies'],
);

export const outOfOfficeView = open(
  { userId: str(), proxy: str(), from: str(), to: str(), note: str(), active: { type: 'boolean' } },
  ['userId', 'proxy', 'from', 'to', 'active'],
);

/** The 422 of a deployment: one detail per problem, naming the element (id, name) and the problem code. */
export const definitionProblems: JsonSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: str(),
        message: str(),
        messageZh: str(),
        details: {
          type: 'array',
          items: object(
            {
              path: str(),
              message: str(),
              messageZh: str(),
              code: str(),
              elementId: str(),
              elementName: str(),
            },
            ['path', 'message'],
          ),
        },
      },
      required: ['code', 'message', 'messageZh'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
};

export const pageQueryProps = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', minLength: 1, maxLength: 2048 },
};
