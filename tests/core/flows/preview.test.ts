// The road ahead of a request, dry-run over the compiled model: an expense flow routed by gateways
// (manager → department head above the threshold → budget approval when over budget → finance; the
// shape finance shipped before its route became a decision table) for claims of different sizes, with the org chart's functions resolving who approves; a condition the data
// cannot decide (the budget check a service task computes) marks its steps as conditional; a
// running instance's remaining road starts after its open task.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approvalFeelContext } from '#engine/core/approvals/org-functions.ts';
import { assignmentPeople } from '#engine/core/approvals/road.ts';
import { previewPath } from '#engine/core/flows/preview.ts';
import { OrgView } from '#engine/core/org/org-view.ts';
import { compileXml } from './harness.ts';

const XML = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'flows', 'expense-approval-gateways.bpmn'),
  'utf8',
);

const org = new OrgView(
  [
    { id: 'boss', login: 'boss', displayName: 'Boss', department: 'hq', roles: ['manager'], active: true },
    {
      id: 'wu',
      login: 'wu',
      displayName: 'Wu',
      department: 'ops',
      manager: 'boss',
      roles: ['manager'],
      active: true,
    },
    {
      id: 'zheng',
      login: 'zheng',
      displayName: 'Zheng',
      department: 'ops',
      manager: 'wu',
      roles: [],
      active: true,
    },
    {
      id: 'sun',
      login: 'sun',
      displayName: 'Sun',
      department: 'fin',
      manager: 'boss',
      roles: ['finance'],
      active: true,
    },
  ],
  [
    { id: 'hq', head: 'boss' },
    { id: 'ops', parent: 'hq', head: 'wu' },
    { id: 'fin', parent: 'hq', head: 'sun' },
  ],
);

const variables = (total: number, extra: Record<string, unknown> = {}) => ({
  total,
  settings: { deptHeadThreshold: 5000, budgetApprover: 'fin' },
  requester: { id: 'zheng' },
  ...extra,
});

describe('previewPath over an expense flow routed by gateways', async () => {
  const model = await compileXml(XML);
  const extras = approvalFeelContext(org, 'zheng');

  it('a small claim within budget: manager, then finance; the department head is skipped by its condition', () => {
    const road = previewPath(model, { variables: variables(300, { overBudget: false }), extras });
    expect(road.steps.map((s) => [s.elementId, s.certainty])).toEqual([
      ['manager', 'certain'],
      ['finance', 'certain'],
    ]);
    expect(road.steps[0]!.assignment).toEqual({ assignee: 'wu' });
    expect(road.steps[1]!.assignment).toEqual({ candidateGroups: ['finance'] });
    expect(road.steps[1]!.conditions).toEqual([]);
    expect(road.complete).toBe(true);
    const skipped = Object.fromEntries(road.skipped.map((s) => [s.elementId, s.conditions]));
    expect(Object.keys(skipped).sort()).toEqual(['budgetApproval', 'deptHead']);
    expect(skipped.deptHead).toEqual([
      expect.objectContaining({
        gatewayName: 'Above the threshold?',
        expression: 'total > settings.deptHeadThreshold',
        result: false,
      }),
    ]);
  });

  it('a large claim over budget passes the department head and the budget approver, each with its reason', () => {
    const road = previewPath(model, { variables: variables(8000, { overBudget: true }), extras });
    expect(road.steps.map((s) => s.elementId)).toEqual(['manager', 'deptHead', 'budgetApproval', 'finance']);
    expect(road.steps.every((s) => s.certainty === 'certain')).toBe(true);
    const deptHead = road.steps.find((s) => s.elementId === 'deptHead')!;
    expect(deptHead.assignment).toEqual({ assignee: 'wu' });
    expect(deptHead.conditions).toEqual([
      expect.objectContaining({
        flowName: 'Above',
        expression: 'total > settings.deptHeadThreshold',
        result: true,
      }),
    ]);
    expect(road.steps.find((s) => s.elementId === 'budgetApproval')!.assignment).toEqual({ assignee: 'sun' });
    expect(road.skipped).toEqual([]);
  });

  it('a condition the data cannot decide marks only the steps it guards as conditional', () => {
    const road = previewPath(model, { variables: variables(300), extras });
    expect(road.steps.map((s) => [s.elementId, s.certainty])).toEqual([
      ['manager', 'certain'],
      ['budgetApproval', 'conditional'],
      ['finance', 'certain'],
    ]);
    expect(road.steps[1]!.conditions).toEqual([
      expect.objectContaining({ gatewayName: 'Over budget?', expression: 'overBudget = true', result: null }),
    ]);
  });

  it('after a step: the rest of the road from the open task', () => {
    const road = previewPath(model, {
      variables: variables(300, { overBudget: false }),
      extras,
      after: ['manager'],
    });
    expect(road.steps.map((s) => s.elementId)).toEqual(['finance']);
  });

  it('an assignment that fails to evaluate says why instead of guessing', () => {
    const broken = structuredClone(model);
    (broken.elements.manager as { assignment?: { assignee?: string } }).assignment = {
      assignee: '=manager(',
    };
    const road = previewPath(broken, { variables: variables(300, { overBudget: false }), extras });
    expect(road.steps[0]!.assignment.error).toBeTruthy();
  });
});

describe('previewPath over a flow whose approvers a decision names on the way', async () => {
  // Finance's expense approval: a decision table (a business rule task) sets `route`, one step per entry.
  const model = await compileXml(
    readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'modules', 'finance', 'flows', 'expense-approval.bpmn'),
      'utf8',
    ),
  );
  const extras = approvalFeelContext(org, 'zheng');

  it('says the people are decided later, not that nobody approves', () => {
    const road = previewPath(model, { variables: variables(8000), extras });
    const levels = road.steps.find((s) => s.elementId === 'levels')!;
    expect(levels.assignment).toMatchObject({ each: { users: [] }, later: true });
    expect(assignmentPeople(levels.assignment, org, 'zheng')).toEqual({ people: [], mode: 'sequential' });
    // Nobody found where the data decides (no manager to name) is still said.
    const manager = road.steps.find((s) => s.elementId === 'manager')!;
    expect(assignmentPeople({ ...manager.assignment, assignee: 'ghost' }, org, 'zheng').note?.en).toMatch(
      /Nobody/,
    );
  });
});
