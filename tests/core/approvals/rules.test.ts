// The pure approval rules: settings and headers, proxies and date ranges, outcome variables and
// multi-instance decisions, what the model routes, who may act, and the timeline.
import { describe, expect, it } from 'vitest';
import { allowedActions, holderOf, isParticipant, someoneActed } from '#engine/core/approvals/access.ts';
import {
  modelRoutes,
  passedUserTasks,
  restartElements,
  tokensToReplace,
} from '#engine/core/approvals/model.ts';
import { decisionVariables, multiInstanceDecided, voteOutcome } from '#engine/core/approvals/outcomes.ts';
import { parseRange, resolveProxy } from '#engine/core/approvals/proxies.ts';
import {
  approvalModelProblems,
  headerProblems,
  normalizeSettings,
  parseThreshold,
  taskRules,
} from '#engine/core/approvals/settings.ts';
import { timeline } from '#engine/core/approvals/timeline.ts';
import type { HistoryEntry, Token } from '#engine/core/flows/instance.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { compileXml } from '../flows/harness.ts';
import { instance, NOW } from './support.ts';

describe('settings and task headers', () => {
  it('normalises settings and refuses unknown rules with a path', () => {
    expect(normalizeSettings({ autoApprove: { noApprover: true } })).toEqual({
      autoApprove: { requesterIsApprover: false, sameApproverConsecutive: false, noApprover: true },
      noAssigneeFallback: { type: 'incident' },
      proxies: true,
    });
    expect(() => normalizeSettings({ autoApprove: { always: true } as never })).toThrow(
      expect.objectContaining({
        code: 'APPROVAL_SETTINGS_INVALID',
        details: [expect.objectContaining({ path: '/autoApprove/always' })],
      }),
    );
    expect(() => normalizeSettings({ noAssigneeFallback: { type: 'pray' } })).toThrow(/unknown fallback/);
  });

  it('task headers override the flow for one task; thresholds read as shares', () => {
    const base = normalizeSettings({ autoApprove: { noApprover: true } });
    expect(
      taskRules(base, { autoApprove: 'requesterIsApprover', noAssignee: 'assign', noAssigneeUser: 'cfo' }),
    ).toMatchObject({
      autoApprove: { noApprover: false, requesterIsApprover: true },
      noAssigneeFallback: { type: 'assign', user: 'cfo' },
      mode: { kind: 'all' },
    });
    expect(taskRules(base, { approvalMode: 'vote', approvalThreshold: '75%' }).mode).toEqual({
      kind: 'vote',
      threshold: 0.75,
    });
    expect(taskRules(base, { approvalMode: 'any' }).mode).toEqual({ kind: 'any' });
    expect([
      parseThreshold('0.6'),
      parseThreshold('60%'),
      parseThreshold('60'),
      parseThreshold('0'),
      parseThreshold('x'),
    ]).toEqual([0.6, 0.6, 0.6, null, null]);
    expect(
      headerProblems({
        approvalMode: 'most',
        autoApprove: 'never',
        approvalThreshold: '2x',
        noAssignee: 'pray',
      }),
    ).toHaveLength(4);
    expect(headerProblems({ approvalMode: 'vote', approvalThreshold: '50%', autoApprove: 'none' })).toEqual(
      [],
    );
  });

  it('reports bad approval headers at their element when a model is deployed', async () => {
    const model = await compileXml(
      buildBpmn({
        id: 'hdr',
        nodes: [
          { id: 's', type: 'startEvent', at: [0, 0] },
          {
            id: 'sign',
            type: 'userTask',
            name: 'Sign',
            at: [1, 0],
            ext: zeebe.headers({ approvalMode: 'majority' }),
          },
          { id: 'e', type: 'endEvent', at: [2, 0] },
        ],
        flows: [
          { id: 'f1', from: 's', to: 'sign' },
          { id: 'f2', from: 'sign', to: 'e' },
        ],
      }),
    );
    expect(approvalModelProblems(model)).toEqual([
      expect.objectContaining({ code: 'APPROVAL_HEADER_INVALID', elementId: 'sign', elementName: 'Sign' }),
    ]);
  });
});

describe('proxies', () => {
  const e = (userId: string, proxy: string) => ({ userId, proxy, from: NOW - 1, to: NOW + 1 });
  it('follows the chain, stops at loops and at people who cannot act', () => {
    expect(resolveProxy('a', [e('a', 'b'), e('b', 'c')], NOW)).toEqual({
      assignee: 'c',
      onBehalfOf: 'a',
      chain: ['a', 'b', 'c'],
    });
    expect(resolveProxy('a', [e('a', 'b'), e('b', 'a')], NOW)).toEqual({
      assignee: 'b',
      onBehalfOf: 'a',
      chain: ['a', 'b'],
    });
    expect(resolveProxy('a', [e('a', 'b')], NOW, (u) => u !== 'b')).toEqual({ assignee: 'a', chain: ['a'] });
    expect(resolveProxy('a', [e('a', 'b')], NOW + 5)).toEqual({ assignee: 'a', chain: ['a'] });
  });
  it('reads date ranges: whole days inclusive, or date-times with a zone', () => {
    expect(parseRange('2026-03-01', '2026-03-02')).toEqual({
      from: Date.parse('2026-03-01T00:00:00Z'),
      to: Date.parse('2026-03-03T00:00:00Z'),
    });
    expect(parseRange('2026-03-01T08:00:00+08:00', '2026-03-01T18:00:00+08:00')).toEqual({
      from: Date.parse('2026-03-01T00:00:00Z'),
      to: Date.parse('2026-03-01T10:00:00Z'),
    });
    expect(parseRange('2026-03-02', '2026-03-01')).toBeNull();
    expect(parseRange('2026-03-01T08:00', '2026-03-02')).toBeNull();
    expect(parseRange('soon', 'later')).toBeNull();
  });
});

describe('outcomes', () => {
  it('records the latest decision and each task’s decisions, keeping the other tasks', () => {
    const first = decisionVariables(
      {},
      { outcome: 'approved', elementId: 'sign', taskId: 'i-t1', at: 'T1', by: 'a' },
    );
    const second = decisionVariables(
      { ...first, approvals: { ...(first.approvals as object), other: { outcome: 'approved' } } },
      {
        outcome: 'rejected',
        elementId: 'sign',
        taskId: 'i-t2',
        at: 'T2',
        by: 'b',
        comment: 'no',
        onBehalfOf: 'c',
      },
    );
    expect(second.approval).toEqual({
      outcome: 'rejected',
      elementId: 'sign',
      taskId: 'i-t2',
      at: 'T2',
      by: 'b',
      comment: 'no',
      onBehalfOf: 'c',
    });
    expect(second.approvals).toEqual({
      other: { outcome: 'approved' },
      sign: {
        outcome: 'rejected',
        at: 'T2',
        by: 'b',
        comment: 'no',
        decisions: [
          { outcome: 'approved', at: 'T1', by: 'a' },
          { outcome: 'rejected', at: 'T2', by: 'b', onBehalfOf: 'c' },
        ],
      },
    });
  });

  it('decides multi-instance approvals: countersign, or-sign, vote', () => {
    const s = (approvals: number, rejections: number) => ({ items: 5, approvals, rejections });
    expect(multiInstanceDecided({ kind: 'all' }, s(1, 0), 'approved')).toBe(false);
    expect(multiInstanceDecided({ kind: 'all' }, s(1, 1), 'rejected')).toBe(true);
    expect(multiInstanceDecided({ kind: 'any' }, s(0, 1), 'rejected')).toBe(true);
    expect(multiInstanceDecided({ kind: 'any' }, s(0, 0), 'completed')).toBe(false);
    const vote = { kind: 'vote' as const, threshold: 0.6 }; // 3 of 5
    expect(multiInstanceDecided(vote, s(2, 1), 'approved')).toBe(false);
    expect(multiInstanceDecided(vote, s(3, 1), 'approved')).toBe(true);
    expect(multiInstanceDecided(vote, s(1, 2), 'rejected')).toBe(false);
    expect(multiInstanceDecided(vote, s(1, 3), 'rejected')).toBe(true);
    expect(voteOutcome(vote, s(3, 2))).toBe('approved');
    expect(voteOutcome(vote, s(2, 3))).toBe('rejected');
    expect(voteOutcome({ kind: 'all' }, s(4, 1))).toBe('rejected');
  });
});

describe('what the model routes', () => {
  const xml = buildBpmn({
    id: 'routes',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      { id: 'a', type: 'userTask', name: 'A', at: [1, 0] },
      { id: 'gw', type: 'exclusiveGateway', at: [2, 0], default: 'ok' },
      {
        id: 'b',
        type: 'userTask',
        name: 'B',
        at: [3, 0],
        ext: zeebe.io([], [['=outcome', 'bDecision']]),
      },
      { id: 'gw2', type: 'exclusiveGateway', at: [4, 0], default: 'ok2' },
      { id: 'c', type: 'userTask', name: 'C', at: [5, 0] },
      { id: 'revise', type: 'userTask', name: 'Revise', at: [3, 1] },
      { id: 'end', type: 'endEvent', at: [6, 0] },
      { id: 'no', type: 'endEvent', at: [5, 1] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'a' },
      { id: 'f2', from: 'a', to: 'gw' },
      { id: 'ret', from: 'gw', to: 'revise', condition: '=approval.outcome = "returned"' },
      { id: 'ok', from: 'gw', to: 'b' },
      { id: 'f3', from: 'revise', to: 'a' },
      { id: 'f4', from: 'b', to: 'gw2' },
      { id: 'rej', from: 'gw2', to: 'no', condition: '=bDecision = "rejected"' },
      { id: 'ok2', from: 'gw2', to: 'c' },
      { id: 'f5', from: 'c', to: 'end' },
    ],
  });

  it('sees gateways on the outcome, outcome-carrying output mappings, and "returned" routes', async () => {
    const model = await compileXml(xml);
    expect([modelRoutes(model, 'a', 'rejected'), modelRoutes(model, 'a', 'returned')]).toEqual([true, true]);
    expect([modelRoutes(model, 'b', 'rejected'), modelRoutes(model, 'b', 'returned')]).toEqual([true, false]);
    expect([modelRoutes(model, 'c', 'rejected'), modelRoutes(model, 'nope', 'rejected')]).toEqual([
      false,
      false,
    ]);
    expect(restartElements(model)).toEqual(['a']);
  });

  it('knows the steps a request passed and what to replace when going back', async () => {
    const model = await compileXml(xml);
    const h = (elementId: string, type: HistoryEntry['type'] = 'task.completed'): HistoryEntry => ({
      seq: 1,
      at: NOW,
      type,
      elementId,
    });
    expect(passedUserTasks(model, [h('a'), h('gw', 'element.completed'), h('b'), h('a')])).toEqual([
      'a',
      'b',
    ]);
    const tokens: Record<string, Token> = {
      t1: { id: 't1', elementId: 'c', scope: null, state: 'waiting', enteredAt: NOW },
    };
    expect(tokensToReplace(model, instance({ tokens }), 'a')).toEqual(['t1']);
  });
});

describe('who may act', () => {
  const task = (over: object = {}) => ({ createdAt: NOW, version: 1, ...over });
  const tok = (t: object): Token => ({
    id: 't3',
    elementId: 'a',
    scope: null,
    state: 'waiting',
    enteredAt: NOW,
    task: task(t),
  });

  it('holds a task as its assignee, or as a candidate while unclaimed', () => {
    const me = { userId: 'clerk', roles: ['finance'] };
    expect(holderOf(task({ assignee: 'clerk' }), me)).toBe('assignee');
    expect(holderOf(task({ assignee: 'cfo', candidateGroups: ['finance'] }), me)).toBeNull();
    expect(holderOf(task({ candidateGroups: ['finance'] }), me)).toBe('candidate');
    expect(holderOf(task({ candidateUsers: ['clerk'] }), me)).toBe('candidate');
    // Not through a group for one's own request; an explicit assignment still counts.
    expect(holderOf(task({ candidateGroups: ['finance'] }), me, 'clerk')).toBeNull();
    expect(holderOf(task({ assignee: 'clerk' }), me, 'clerk')).toBe('assignee');
  });

  it('participants: requester, holders, actors, CC’d users, the absent user of a proxy task', () => {
    const inst = instance({
      tokens: { t3: tok({ assignee: 'lead', attributes: { onBehalfOf: 'director' } }) },
      history: [{ seq: 2, at: NOW, type: 'note', action: 'cc', by: 'lead', data: { users: ['cfo'] } }],
    });
    for (const who of ['ann', 'lead', 'director', 'cfo'])
      expect(isParticipant(inst, { userId: who, roles: [] }), who).toBe(true);
    expect(isParticipant(inst, { userId: 'ben', roles: [] })).toBe(false);
    expect(isParticipant(inst, { userId: 'ben', roles: [], admin: true })).toBe(true);
    expect(someoneActed(inst)).toBe(false);
    expect(
      someoneActed({
        ...inst,
        history: [{ seq: 3, at: NOW, type: 'task.updated', by: 'lead', action: 'transfer' }],
      }),
    ).toBe(true);
    // A resubmission after a return starts over: the return before it no longer counts, an
    // action after it does.
    const returned: HistoryEntry[] = [
      { seq: 3, at: NOW, type: 'task.completed', by: 'lead', action: 'return' },
      { seq: 4, at: NOW, type: 'note', by: 'ann', action: 'resubmit' },
    ];
    expect(someoneActed({ ...inst, history: returned })).toBe(false);
    expect(
      someoneActed({
        ...inst,
        history: [...returned, { seq: 5, at: NOW, type: 'task.completed', by: 'lead', outcome: 'approved' }],
      }),
    ).toBe(true);
  });

  it('offers the actions that fit the task and the person', () => {
    const inst = (t: Token) => instance({ tokens: { t3: t } });
    const lead = { userId: 'lead', roles: [] };
    const t1 = tok({ assignee: 'lead' });
    expect(allowedActions(inst(t1), t1, lead)).toEqual([
      'approve',
      'reject',
      'return',
      'transfer',
      'delegate',
      'addSigner',
      'cc',
      'comment',
    ]);
    const t2 = tok({ assignee: 'ben', attributes: { delegatedBy: 'lead' } });
    expect(allowedActions(inst(t2), t2, { userId: 'ben', roles: [] })).toEqual([
      'approve',
      'reject',
      'cc',
      'comment',
    ]);
    expect(allowedActions(inst(t2), t2, lead)).toEqual(['cc', 'comment']);
    const t3 = tok({ assignee: 'ann', attributes: { kind: 'resubmit' } });
    expect(allowedActions(inst(t3), t3, { userId: 'ann', roles: [] })).toEqual([
      'resubmit',
      'recall',
      'cc',
      'comment',
    ]);
    const t4 = tok({ candidateGroups: ['finance'] });
    expect(allowedActions(inst(t4), t4, { userId: 'clerk', roles: ['finance'] })).toContain('claim');
    const t5 = tok({ assignee: 'clerk', candidateGroups: ['finance'] });
    expect(allowedActions(inst(t5), t5, { userId: 'clerk', roles: ['finance'] })).toContain('unclaim');
  });
});

describe('timeline', () => {
  it('turns history into who did what, leaving the engine’s own entries out', () => {
    const history: HistoryEntry[] = [
      { seq: 1, at: NOW, type: 'instance.started', by: 'ann' },
      { seq: 2, at: NOW, type: 'element.activated', elementId: 'a', tokenId: 't2' },
      {
        seq: 3,
        at: NOW,
        type: 'task.updated',
        elementId: 'a',
        tokenId: 't2',
        by: 'lead',
        action: 'transfer',
        data: { changes: { assignee: 'cfo' }, from: 'lead', to: 'cfo' },
      },
      {
        seq: 4,
        at: NOW,
        type: 'task.updated',
        elementId: 'a',
        tokenId: 't2',
        by: 'cfo',
        data: { changes: { attributes: {} } },
      },
      {
        seq: 5,
        at: NOW + 1000,
        type: 'task.completed',
        elementId: 'a',
        tokenId: 't2',
        by: 'cfo',
        outcome: 'approved',
        action: 'approve',
        comment: 'ok',
        data: { attachments: [{ name: 'x.pdf', ref: 'f/x' }], onBehalfOf: 'lead' },
      },
      { seq: 6, at: NOW + 2000, type: 'instance.completed' },
    ];
    const model = { elements: { a: { name: 'Approve' } } } as never;
    expect(timeline(history, model, 'i1')).toEqual([
      { at: new Date(NOW).toISOString(), action: 'submitted', by: 'ann' },
      {
        at: new Date(NOW).toISOString(),
        action: 'transfer',
        by: 'lead',
        elementId: 'a',
        stepName: 'Approve',
        taskId: 'i1-t2',
        users: ['cfo'],
        data: { from: 'lead', to: 'cfo' },
      },
      {
        at: new Date(NOW + 1000).toISOString(),
        action: 'approve',
        by: 'cfo',
        onBehalfOf: 'lead',
        elementId: 'a',
        stepName: 'Approve',
        taskId: 'i1-t2',
        outcome: 'approved',
        comment: 'ok',
        attachments: [{ name: 'x.pdf', ref: 'f/x' }],
      },
      { at: new Date(NOW + 2000).toISOString(), action: 'completed' },
    ]);
  });
});
