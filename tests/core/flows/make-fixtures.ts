// Regenerates the .bpmn fixtures beside the element tests and in conformance/ (Camunda Modeler 5
// dialect, with diagram). Run: `npx tsx tests/core/flows/make-fixtures.ts`. The committed files
// are what the tests read; this script only documents how they were made.
import { writeFileSync } from 'node:fs';
import { buildBpmn, zeebe, type ProcessSpec } from '../../support/bpmn-builder.ts';

const here = (name: string): URL => new URL(name, import.meta.url);

export const fixtures: Record<string, ProcessSpec> = {
  'start-event': {
    id: 'start_event',
    name: 'Start event',
    nodes: [
      {
        id: 'start',
        type: 'startEvent',
        name: 'Request submitted',
        at: [0, 0],
        ext: zeebe.form('expense-claim'),
      },
      { id: 'end', type: 'endEvent', name: 'Done', at: [1, 0] },
    ],
    flows: [{ id: 'f1', from: 'start', to: 'end' }],
  },
  'end-event': {
    id: 'end_event',
    name: 'End events',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      { id: 'fork', type: 'parallelGateway', at: [1, 0] },
      { id: 'taskA', type: 'userTask', name: 'Task A', at: [2, 0] },
      { id: 'taskB', type: 'userTask', name: 'Task B', at: [2, 1] },
      { id: 'endA', type: 'endEvent', name: 'A done', at: [3, 0] },
      { id: 'endB', type: 'endEvent', name: 'B done', at: [3, 1] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'fork' },
      { id: 'f2', from: 'fork', to: 'taskA' },
      { id: 'f3', from: 'fork', to: 'taskB' },
      { id: 'f4', from: 'taskA', to: 'endA' },
      { id: 'f5', from: 'taskB', to: 'endB' },
    ],
  },
  'terminate-end-event': {
    id: 'terminate_end_event',
    name: 'Terminate end event',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      { id: 'fork', type: 'parallelGateway', at: [1, 0] },
      { id: 'review', type: 'userTask', name: 'Review', at: [2, 0] },
      { id: 'withdraw', type: 'userTask', name: 'Withdraw?', at: [2, 1] },
      { id: 'kill', type: 'terminateEndEvent', name: 'Withdrawn', at: [3, 1] },
      {
        id: 'sub',
        type: 'subProcess',
        name: 'Inner',
        at: [4, 0],
        children: {
          nodes: [
            { id: 'subStart', type: 'startEvent', at: [0, 0] },
            { id: 'subFork', type: 'parallelGateway', at: [1, 0] },
            { id: 'subTask', type: 'userTask', name: 'Inner task', at: [2, 0] },
            { id: 'subKill', type: 'terminateEndEvent', name: 'Inner terminate', at: [2, 1] },
            { id: 'subEnd', type: 'endEvent', at: [3, 0] },
          ],
          flows: [
            { id: 's1', from: 'subStart', to: 'subFork' },
            { id: 's2', from: 'subFork', to: 'subTask' },
            { id: 's3', from: 'subFork', to: 'subKill' },
            { id: 's4', from: 'subTask', to: 'subEnd' },
          ],
        },
      },
      { id: 'after', type: 'userTask', name: 'After sub-process', at: [5, 0] },
      { id: 'end2', type: 'endEvent', at: [6, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'fork' },
      { id: 'f2', from: 'fork', to: 'review' },
      { id: 'f3', from: 'fork', to: 'withdraw' },
      { id: 'f4', from: 'review', to: 'sub' },
      { id: 'f5', from: 'withdraw', to: 'kill' },
      { id: 'f6', from: 'sub', to: 'after' },
      { id: 'f7', from: 'after', to: 'end2' },
    ],
  },
  'user-task': {
    id: 'user_task',
    name: 'User task',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'approve',
        type: 'userTask',
        name: 'Approve expense',
        at: [1, 0],
        ext:
          zeebe.assignee('=requester.manager', 'finance, audit') +
          zeebe.form('expense-approval') +
          zeebe.schedule('=now() + duration("P2D")', '2026-01-06T09:00:00Z') +
          zeebe.headers({ kind: 'approval', sla: 'P2D' }) +
          zeebe.io(
            [['=amount * 1.13', 'amountWithTax']],
            [
              ['=approved', 'decision.approved'],
              ['=amountWithTax', 'decision.total'],
            ],
          ) +
          '<zeebe:userTask />',
      },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'approve' },
      { id: 'f2', from: 'approve', to: 'end' },
    ],
  },
  'service-task': {
    id: 'service_task',
    name: 'Service task',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'post',
        type: 'serviceTask',
        name: 'Post voucher',
        at: [1, 0],
        ext:
          zeebe.task('ledger.post', 2) +
          zeebe.headers({ account: '6601' }) +
          zeebe.io([['=amount', 'value']], [['=voucherId', 'voucher']]),
      },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'post' },
      { id: 'f2', from: 'post', to: 'end' },
    ],
  },
  'script-task': {
    id: 'script_task',
    name: 'Script task',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'total',
        type: 'scriptTask',
        name: 'Compute total',
        at: [1, 0],
        ext: zeebe.script('=sum(for line in lines return line.qty * line.price)', 'total'),
      },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'total' },
      { id: 'f2', from: 'total', to: 'end' },
    ],
  },
  'exclusive-gateway': {
    id: 'exclusive_gateway',
    name: 'Exclusive gateway',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 1] },
      { id: 'byAmount', type: 'exclusiveGateway', name: 'Amount?', at: [1, 1] },
      { id: 'manager', type: 'userTask', name: 'Manager approval', at: [3, 0] },
      { id: 'byCategory', type: 'exclusiveGateway', name: 'Category?', default: 'fDefault', at: [2, 2] },
      { id: 'travel', type: 'userTask', name: 'Travel desk', at: [3, 1] },
      { id: 'merge', type: 'exclusiveGateway', at: [4, 1] },
      { id: 'end', type: 'endEvent', at: [5, 1] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'byAmount' },
      { id: 'fBig', from: 'byAmount', to: 'manager', name: '> 5000', condition: '=amount > 5000' },
      {
        id: 'fSmall',
        from: 'byAmount',
        to: 'byCategory',
        name: '<= 5000',
        condition: '=amount > 0 and amount <= 5000',
      },
      { id: 'fTravel', from: 'byCategory', to: 'travel', name: 'travel', condition: '=category = "travel"' },
      { id: 'fDefault', from: 'byCategory', to: 'merge', name: 'other' },
      { id: 'f2', from: 'manager', to: 'merge' },
      { id: 'f3', from: 'travel', to: 'merge' },
      { id: 'f4', from: 'merge', to: 'end' },
    ],
  },
  'parallel-gateway': {
    id: 'parallel_gateway',
    name: 'Parallel gateway',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 1] },
      { id: 'fork', type: 'parallelGateway', at: [1, 1] },
      { id: 'legal', type: 'userTask', name: 'Legal review', at: [2, 0] },
      { id: 'finance', type: 'userTask', name: 'Finance review', at: [2, 1] },
      {
        id: 'stamp',
        type: 'scriptTask',
        name: 'Stamp',
        at: [2, 2],
        ext: zeebe.script('="stamped"', 'stamp'),
      },
      { id: 'join', type: 'parallelGateway', at: [3, 1] },
      { id: 'sign', type: 'userTask', name: 'Sign', at: [4, 1] },
      { id: 'end', type: 'endEvent', at: [5, 1] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'fork' },
      { id: 'f2', from: 'fork', to: 'legal' },
      { id: 'f3', from: 'fork', to: 'finance' },
      { id: 'f4', from: 'fork', to: 'stamp' },
      { id: 'f5', from: 'legal', to: 'join' },
      { id: 'f6', from: 'finance', to: 'join' },
      { id: 'f7', from: 'stamp', to: 'join' },
      { id: 'f8', from: 'join', to: 'sign' },
      { id: 'f9', from: 'sign', to: 'end' },
    ],
  },
  'inclusive-gateway': {
    id: 'inclusive_gateway',
    name: 'Inclusive gateway',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 1] },
      { id: 'split', type: 'inclusiveGateway', name: 'Which reviews?', default: 'fOps', at: [1, 1] },
      { id: 'legal', type: 'userTask', name: 'Legal review', at: [2, 0] },
      { id: 'legal2', type: 'userTask', name: 'Legal sign-off', at: [3, 0] },
      { id: 'finance', type: 'userTask', name: 'Finance review', at: [2, 1] },
      { id: 'ops', type: 'userTask', name: 'Ops review', at: [2, 2] },
      { id: 'join', type: 'inclusiveGateway', at: [4, 1] },
      { id: 'done', type: 'userTask', name: 'Archive', at: [5, 1] },
      { id: 'end', type: 'endEvent', at: [6, 1] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'split' },
      { id: 'fLegal', from: 'split', to: 'legal', condition: '=needsLegal' },
      { id: 'fFinance', from: 'split', to: 'finance', condition: '=needsFinance' },
      { id: 'fOps', from: 'split', to: 'ops' },
      { id: 'f2', from: 'legal', to: 'legal2' },
      { id: 'f3', from: 'legal2', to: 'join' },
      { id: 'f4', from: 'finance', to: 'join' },
      { id: 'f5', from: 'ops', to: 'join' },
      { id: 'f6', from: 'join', to: 'done' },
      { id: 'f7', from: 'done', to: 'end' },
    ],
  },
  'sub-process': {
    id: 'sub_process',
    name: 'Sub-process',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'check',
        type: 'subProcess',
        name: 'Check order',
        at: [1, 0],
        ext: zeebe.io([['=order.lines', 'lines']], [['=checked', 'result']]),
        children: {
          nodes: [
            { id: 'cStart', type: 'startEvent', at: [0, 0] },
            {
              id: 'count',
              type: 'scriptTask',
              name: 'Count lines',
              at: [1, 0],
              ext: zeebe.script('=count(lines)', 'checked'),
            },
            { id: 'inspect', type: 'userTask', name: 'Inspect', at: [2, 0] },
            { id: 'cEnd', type: 'endEvent', at: [3, 0] },
          ],
          flows: [
            { id: 'c1', from: 'cStart', to: 'count' },
            { id: 'c2', from: 'count', to: 'inspect' },
            { id: 'c3', from: 'inspect', to: 'cEnd' },
          ],
        },
      },
      {
        id: 'tooSlow',
        type: 'timerBoundary',
        name: '2 days',
        at: [1, 0],
        attachedTo: 'check',
        body: zeebe.timer('timeDuration', 'P2D'),
      },
      { id: 'ship', type: 'userTask', name: 'Ship', at: [3, 0] },
      { id: 'escalate', type: 'userTask', name: 'Escalate', at: [3, 1] },
      { id: 'end', type: 'endEvent', at: [4, 0] },
      { id: 'end2', type: 'endEvent', at: [4, 1] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'check' },
      { id: 'f2', from: 'check', to: 'ship' },
      { id: 'f3', from: 'ship', to: 'end' },
      { id: 'f4', from: 'tooSlow', to: 'escalate' },
      { id: 'f5', from: 'escalate', to: 'end2' },
    ],
  },
  'timer-catch-event': {
    id: 'timer_catch_event',
    name: 'Timer catch event',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'wait1h',
        type: 'timerCatch',
        name: '1 hour',
        at: [1, 0],
        body: zeebe.timer('timeDuration', 'PT1H'),
      },
      {
        id: 'waitUntil',
        type: 'timerCatch',
        name: 'Until payday',
        at: [2, 0],
        body: zeebe.timer('timeDate', '=payday'),
      },
      { id: 'pay', type: 'userTask', name: 'Pay', at: [3, 0] },
      { id: 'end', type: 'endEvent', at: [4, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'wait1h' },
      { id: 'f2', from: 'wait1h', to: 'waitUntil' },
      { id: 'f3', from: 'waitUntil', to: 'pay' },
      { id: 'f4', from: 'pay', to: 'end' },
    ],
  },
  'timer-boundary-event': {
    id: 'timer_boundary_event',
    name: 'Timer boundary events',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      { id: 'approve', type: 'userTask', name: 'Approve', at: [1, 0] },
      {
        id: 'remind',
        type: 'timerBoundary',
        name: 'Every 4 h',
        at: [1, 0],
        attachedTo: 'approve',
        attrs: 'cancelActivity="false"',
        body: zeebe.timer('timeCycle', 'R2/PT4H', 'RemindDef'),
      },
      {
        id: 'escalateAfter',
        type: 'timerBoundary',
        name: '24 h',
        at: [1, 0],
        attachedTo: 'approve',
        body: zeebe.timer('timeDuration', 'PT24H', 'EscalateDef'),
      },
      {
        id: 'reminder',
        type: 'scriptTask',
        name: 'Count reminder',
        at: [2, 1],
        ext: zeebe.script('=1', 'reminded'),
      },
      { id: 'escalate', type: 'userTask', name: 'Escalate to director', at: [2, 2] },
      { id: 'end', type: 'endEvent', at: [3, 0] },
      { id: 'endReminder', type: 'endEvent', at: [3, 1] },
      { id: 'endEscalated', type: 'endEvent', at: [3, 2] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'approve' },
      { id: 'f2', from: 'approve', to: 'end' },
      { id: 'f3', from: 'remind', to: 'reminder' },
      { id: 'f4', from: 'reminder', to: 'endReminder' },
      { id: 'f5', from: 'escalateAfter', to: 'escalate' },
      { id: 'f6', from: 'escalate', to: 'endEscalated' },
    ],
  },
  'error-boundary-event': {
    id: 'error_boundary_event',
    name: 'Error boundary event',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'charge',
        type: 'serviceTask',
        name: 'Charge card',
        at: [1, 0],
        ext: zeebe.task('payment.charge', 3),
      },
      {
        id: 'declined',
        type: 'errorBoundary',
        name: 'Declined',
        at: [1, 0],
        attachedTo: 'charge',
        body: zeebe.error('Error_Declined'),
        ext: zeebe.io([], [['=reason', 'declineReason']]),
      },
      {
        id: 'anyError',
        type: 'errorBoundary',
        name: 'Any error',
        at: [1, 0],
        attachedTo: 'charge',
        body: zeebe.error(),
      },
      { id: 'handle', type: 'userTask', name: 'Handle decline', at: [2, 1] },
      { id: 'support', type: 'userTask', name: 'Call support', at: [2, 2] },
      { id: 'end', type: 'endEvent', at: [3, 0] },
      { id: 'end2', type: 'endEvent', at: [3, 1] },
      { id: 'end3', type: 'endEvent', at: [3, 2] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'charge' },
      { id: 'f2', from: 'charge', to: 'end' },
      { id: 'f3', from: 'declined', to: 'handle' },
      { id: 'f4', from: 'handle', to: 'end2' },
      { id: 'f5', from: 'anyError', to: 'support' },
      { id: 'f6', from: 'support', to: 'end3' },
    ],
    extraRoots: '<bpmn:error id="Error_Declined" name="Card declined" errorCode="CARD_DECLINED" />',
  },
  'multi-instance': {
    id: 'multi_instance',
    name: 'Multi-instance user tasks',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'countersign',
        type: 'userTask',
        name: 'Countersign',
        at: [1, 0],
        ext: zeebe.assignee('=signer'),
        body: zeebe.loop({
          inputCollection: '=signers',
          inputElement: 'signer',
          outputCollection: 'decisions',
          outputElement: '={signer: signer, outcome: outcome}',
          completionCondition: '=outcome = "rejected" or numberOfCompletedInstances = numberOfInstances',
        }),
      },
      {
        id: 'chain',
        type: 'userTask',
        name: 'Manager chain',
        at: [2, 0],
        ext: zeebe.assignee('=manager'),
        body: zeebe.loop({
          sequential: true,
          inputCollection: '=managers',
          inputElement: 'manager',
          outputCollection: 'chainResults',
          outputElement: '=loopCounter',
          completionCondition: '=outcome = "rejected"',
        }),
      },
      { id: 'end', type: 'endEvent', at: [3, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'countersign' },
      { id: 'f2', from: 'countersign', to: 'chain' },
      { id: 'f3', from: 'chain', to: 'end' },
    ],
  },
};

if (process.argv[1]?.endsWith('make-fixtures.ts')) {
  for (const [name, spec] of Object.entries(fixtures)) writeFileSync(here(`${name}.bpmn`), buildBpmn(spec));
  console.log(`wrote ${Object.keys(fixtures).length} fixtures`);
}
