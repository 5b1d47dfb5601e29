// Regenerates the BPMN fixtures of the approval stories (Camunda Modeler 5 dialect: zeebe
// namespace, modeler attributes, diagram interchange). Run: `npx tsx tests/api/approvals-fixtures/make-fixtures.ts`.
// The committed .bpmn files are what the tests deploy; this script documents how they were made.
import { writeFileSync } from 'node:fs';
import { buildBpmn, zeebe, type ProcessSpec } from '#tests/support/bpmn-builder.ts';

export const fixtures: Record<string, ProcessSpec> = {
  // Manager approves; over 5,000 finance approves too. The gateway routes the manager's
  // rejection; finance has no gateway after it (a rejection there ends the request by default).
  'expense-claim': {
    id: 'expense_claim',
    name: 'Expense claim',
    nodes: [
      { id: 'submitted', type: 'startEvent', name: 'Claim submitted', at: [0, 0] },
      {
        id: 'managerApproval',
        type: 'userTask',
        name: 'Manager approval',
        at: [1, 0],
        ext: zeebe.assignee('=manager(requester)') + zeebe.schedule('=now() + duration("P2D")'),
      },
      {
        id: 'managerDecision',
        type: 'exclusiveGateway',
        name: 'Approved?',
        at: [2, 0],
        default: 'toApproved',
      },
      {
        id: 'financeApproval',
        type: 'userTask',
        name: 'Finance approval',
        at: [3, 1],
        ext: '<zeebe:assignmentDefinition candidateGroups="finance" />',
      },
      { id: 'approved', type: 'endEvent', name: 'Approved', at: [4, 0] },
      { id: 'approvedByFinance', type: 'endEvent', name: 'Approved by finance', at: [4, 1] },
      { id: 'rejected', type: 'endEvent', name: 'Rejected', at: [3, 2] },
    ],
    flows: [
      { id: 'f1', from: 'submitted', to: 'managerApproval' },
      { id: 'f2', from: 'managerApproval', to: 'managerDecision' },
      {
        id: 'toRejected',
        name: 'rejected',
        from: 'managerDecision',
        to: 'rejected',
        condition: '=approval.outcome = "rejected"',
      },
      {
        id: 'toFinance',
        name: 'over 5,000',
        from: 'managerDecision',
        to: 'financeApproval',
        condition: '=amount > 5000',
      },
      { id: 'toApproved', from: 'managerDecision', to: 'approved' },
      { id: 'f3', from: 'financeApproval', to: 'approvedByFinance' },
    ],
  },
  // Countersign: the head of the requester's department and the head of the head office, in
  // parallel; both must approve (the first rejection ends it).
  'leave-request': {
    id: 'leave_request',
    name: 'Leave request',
    nodes: [
      { id: 'submitted', type: 'startEvent', name: 'Leave requested', at: [0, 0] },
      {
        id: 'headsCountersign',
        type: 'userTask',
        name: 'Department heads countersign',
        at: [1, 0],
        ext: zeebe.assignee('=head') + zeebe.headers({ approvalMode: 'all' }),
        body: zeebe.loop({
          inputCollection: '=[deptHead(requester.department), deptHead("hq")]',
          inputElement: 'head',
        }),
      },
      { id: 'done', type: 'endEvent', name: 'Decided', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'submitted', to: 'headsCountersign' },
      { id: 'f2', from: 'headsCountersign', to: 'done' },
    ],
  },
  // Three levels of managers one after another; 24 hours after the chain starts, whoever holds
  // it is escalated to the next manager up (a non-interrupting timer and the escalate action).
  'purchase-requisition': {
    id: 'purchase_requisition',
    name: 'Purchase requisition',
    nodes: [
      { id: 'submitted', type: 'startEvent', name: 'Requisition submitted', at: [0, 0] },
      {
        id: 'managerChain',
        type: 'userTask',
        name: 'Manager chain',
        at: [1, 0],
        ext: zeebe.assignee('=approver') + zeebe.schedule('=now() + duration("PT24H")'),
        body: zeebe.loop({
          sequential: true,
          inputCollection: '=managers(requester, 3)',
          inputElement: 'approver',
        }),
      },
      {
        id: 'slaTimer',
        type: 'timerBoundary',
        name: '24 hours',
        at: [1, 1],
        attachedTo: 'managerChain',
        attrs: 'cancelActivity="false"',
        body: zeebe.timer('timeDuration', 'PT24H', 'SlaTimerDef'),
      },
      {
        id: 'escalate',
        type: 'serviceTask',
        name: 'Escalate to the next manager',
        at: [2, 1],
        ext: zeebe.task('approval.escalate') + zeebe.headers({ mode: 'reassign', element: 'managerChain' }),
      },
      { id: 'escalated', type: 'endEvent', name: 'Escalated', at: [3, 1] },
      { id: 'done', type: 'endEvent', name: 'Decided', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'submitted', to: 'managerChain' },
      { id: 'f2', from: 'managerChain', to: 'done' },
      { id: 'f3', from: 'slaTimer', to: 'escalate' },
      { id: 'f4', from: 'escalate', to: 'escalated' },
    ],
  },
  // Two steps in a row (returns to an earlier step, transfers, delegation, signers, proxies).
  'two-step-approval': {
    id: 'two_step_approval',
    name: 'Two-step approval',
    nodes: [
      { id: 'submitted', type: 'startEvent', name: 'Submitted', at: [0, 0] },
      {
        id: 'managerApproval',
        type: 'userTask',
        name: 'Manager approval',
        at: [1, 0],
        ext: zeebe.assignee('=manager(requester)'),
      },
      {
        id: 'directorApproval',
        type: 'userTask',
        name: 'Director approval',
        at: [2, 0],
        ext: zeebe.assignee('=managers(requester, 2)[2]'),
      },
      { id: 'done', type: 'endEvent', name: 'Done', at: [3, 0] },
    ],
    flows: [
      { id: 'f1', from: 'submitted', to: 'managerApproval' },
      { id: 'f2', from: 'managerApproval', to: 'directorApproval' },
      { id: 'f3', from: 'directorApproval', to: 'done' },
    ],
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, spec] of Object.entries(fixtures))
    writeFileSync(new URL(`./${name}.bpmn`, import.meta.url), buildBpmn(spec));
  console.log(`wrote ${Object.keys(fixtures).length} fixtures`);
}
