// Who gets a task (pure): org-checked assignees, the no-approver fallbacks, auto-approve rules and
// out-of-office proxies, with per-task header overrides.
import { describe, expect, it } from 'vitest';
import {
  decideAssignment,
  lastHumanApproval,
  type AssignmentEnv,
} from '#engine/core/approvals/assignment.ts';
import { DEFAULT_SETTINGS, normalizeSettings } from '#engine/core/approvals/settings.ts';
import type { OutOfOffice } from '#engine/core/approvals/proxies.ts';
import type { HistoryEntry } from '#engine/core/flows/instance.ts';
import { input, instance, NOW, org } from './support.ts';

const env = (over: Partial<AssignmentEnv> = {}): AssignmentEnv => ({
  org: org(),
  settings: DEFAULT_SETTINGS,
  outOfOffice: [],
  now: NOW,
  requesterId: 'ann',
  ...over,
});
const away = (userId: string, proxy: string): OutOfOffice => ({
  userId,
  proxy,
  from: NOW - 1000,
  to: NOW + 86_400_000,
});

describe('task assignment', () => {
  it('keeps active assignees and candidates as modelled', () => {
    expect(decideAssignment(input({ assignee: 'lead', candidateGroups: ['finance'] }), env())).toEqual({
      kind: 'assign',
      assignee: 'lead',
      candidateUsers: [],
      candidateGroups: ['finance'],
    });
    expect(
      decideAssignment(input({ candidateUsers: ['clerk', 'gone'], candidateGroups: ['auditors'] }), env()),
    ).toEqual({
      kind: 'assign',
      assignee: '',
      candidateUsers: ['clerk'],
      candidateGroups: [],
    });
  });

  it('nobody who can act is an incident by default, naming the task and why', () => {
    const d = decideAssignment(input({ assignee: 'gone' }), env());
    expect(d).toMatchObject({ kind: 'incident' });
    expect(d.kind === 'incident' && d.message).toContain('"Approve" (approve): gone is inactive');
    const none = decideAssignment(input({ candidateGroups: ['auditors'] }), env());
    expect(none.kind === 'incident' && none.message).toContain('nobody holds role auditors');
    expect(decideAssignment(input({ assignee: 'nobody' }), env())).toMatchObject({ kind: 'incident' });
  });

  it('the fallbacks: skip, assign to an administrator (never the requester) or a named user', () => {
    const skip = decideAssignment(
      input(),
      env({ settings: normalizeSettings({ noAssigneeFallback: { type: 'skip' } }) }),
    );
    expect(skip).toMatchObject({
      kind: 'complete',
      outcome: 'skipped',
      action: 'skip',
      localVariables: { outcome: 'skipped' },
    });
    expect(skip.kind === 'complete' && skip.variables).toEqual({
      approvals: {
        approve: expect.objectContaining({
          outcome: 'skipped',
          decisions: [expect.objectContaining({ auto: 'skipped' })],
        }),
      },
    });
    const admin = decideAssignment(
      input(),
      env({ settings: normalizeSettings({ noAssigneeFallback: { type: 'assign' } }) }),
    );
    expect(admin).toMatchObject({
      kind: 'assign',
      assignee: 'admin',
      attributes: { fallback: 'no-approver' },
    });
    const adminAsks = decideAssignment(
      input(),
      env({ requesterId: 'admin', settings: normalizeSettings({ noAssigneeFallback: { type: 'assign' } }) }),
    );
    expect(adminAsks.kind).toBe('incident');
    const named = normalizeSettings({ noAssigneeFallback: { type: 'assign', user: 'cfo' } });
    expect(decideAssignment(input(), env({ settings: named }))).toMatchObject({ assignee: 'cfo' });
    const inactive = normalizeSettings({ noAssigneeFallback: { type: 'assign', user: 'gone' } });
    expect(decideAssignment(input(), env({ settings: inactive })).kind).toBe('incident');
    // A task header overrides the flow.
    expect(decideAssignment(input({ headers: { noAssignee: 'skip' } }), env())).toMatchObject({
      outcome: 'skipped',
    });
  });

  it('auto-approves when nobody can, when the requester is the approver, or the same person approved last', () => {
    const rules = normalizeSettings({
      autoApprove: { noApprover: true, requesterIsApprover: true, sameApproverConsecutive: true },
    });
    const none = decideAssignment(input(), env({ settings: rules }));
    expect(none).toMatchObject({
      kind: 'complete',
      outcome: 'auto-approved',
      action: 'auto-approve',
      localVariables: { outcome: 'approved' },
      data: { reason: 'no-approver' },
    });
    expect(none.kind === 'complete' && none.variables?.approval).toMatchObject({
      outcome: 'approved',
      auto: 'no-approver',
    });
    expect(decideAssignment(input({ assignee: 'ann' }), env({ settings: rules }))).toMatchObject({
      data: { reason: 'requester-is-approver' },
    });
    const history: HistoryEntry[] = [
      { seq: 1, at: NOW, type: 'task.completed', by: 'lead', outcome: 'approved', elementId: 'first' },
    ];
    const withHistory = input({ assignee: 'lead', instance: instance({ history }) });
    expect(decideAssignment(withHistory, env({ settings: rules }))).toMatchObject({
      data: { reason: 'same-approver' },
    });
    // Off by default, and a header can switch a rule off for one task.
    expect(decideAssignment(withHistory, env()).kind).toBe('assign');
    expect(
      decideAssignment({ ...withHistory, headers: { autoApprove: 'none' } }, env({ settings: rules })).kind,
    ).toBe('assign');
  });

  it('the last human decision counts for "same approver", and a rejection breaks the chain', () => {
    const h = (by: string | undefined, outcome: string): HistoryEntry => ({
      seq: 1,
      at: NOW,
      type: 'task.completed',
      ...(by ? { by } : {}),
      outcome,
    });
    expect(lastHumanApproval([h('lead', 'approved'), h(undefined, 'auto-approved')])?.by).toBe('lead');
    expect(lastHumanApproval([h('lead', 'approved'), h('cfo', 'rejected')])).toBeUndefined();
  });

  it('gives an absent assignee’s task to their proxy, on their behalf, following chains', () => {
    const d = decideAssignment(input({ assignee: 'lead' }), env({ outOfOffice: [away('lead', 'director')] }));
    expect(d).toMatchObject({ kind: 'assign', assignee: 'director', attributes: { onBehalfOf: 'lead' } });
    const chain = decideAssignment(
      input({ assignee: 'lead' }),
      env({ outOfOffice: [away('lead', 'director'), away('director', 'ceo')] }),
    );
    expect(chain).toMatchObject({
      assignee: 'ceo',
      attributes: { onBehalfOf: 'lead', proxyChain: ['lead', 'director', 'ceo'] },
    });
    // Never to the requester, and not when the flow turned proxies off.
    expect(
      decideAssignment(input({ assignee: 'lead' }), env({ outOfOffice: [away('lead', 'ann')] })),
    ).toMatchObject({
      assignee: 'lead',
    });
    const off = normalizeSettings({ proxies: false });
    expect(
      decideAssignment(
        input({ assignee: 'lead' }),
        env({ settings: off, outOfOffice: [away('lead', 'director')] }),
      ),
    ).toMatchObject({
      assignee: 'lead',
    });
    const candidates = decideAssignment(
      input({ candidateUsers: ['clerk', 'cfo'] }),
      env({ outOfOffice: [away('clerk', 'ben')] }),
    );
    expect(candidates).toMatchObject({
      candidateUsers: ['ben', 'cfo'],
      attributes: { proxiesFor: { ben: 'clerk' } },
    });
    // An entry that is over (or not yet begun) does nothing.
    const later: OutOfOffice = { userId: 'lead', proxy: 'director', from: NOW + 1000, to: NOW + 5000 };
    expect(decideAssignment(input({ assignee: 'lead' }), env({ outOfOffice: [later] }))).toMatchObject({
      assignee: 'lead',
    });
  });
});

describe('without a directory', () => {
  it('assigns as modelled (nothing to check people against)', async () => {
    const { OrgView } = await import('#engine/core/org/org-view.ts');
    const empty = new OrgView([], []);
    expect(decideAssignment(input({ assignee: 'alice' }), env({ org: empty }))).toEqual({ kind: 'assign' });
    expect(decideAssignment(input(), env({ org: empty }))).toEqual({ kind: 'assign' });
  });
});
