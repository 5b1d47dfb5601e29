// Assignees written in FEEL over the requester and the org chart, run by the flow interpreter with
// the approvals layer's step context (pure: the org is a snapshot, time comes from the test).
import { describe, expect, it } from 'vitest';
import { decideAssignment } from '#engine/core/approvals/assignment.ts';
import { approvalInnerInstanceRule } from '#engine/core/approvals/multi-instance.ts';
import {
  approvalFeelContext,
  requesterContext,
  requesterIdOf,
} from '#engine/core/approvals/org-functions.ts';
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  type ApprovalSettings,
} from '#engine/core/approvals/settings.ts';
import type { StepContext } from '#engine/core/flows/step-context.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { Sim, compileXml, T0 } from '../flows/harness.ts';
import { org } from './support.ts';

function context(requester: string, settings: ApprovalSettings = DEFAULT_SETTINGS): Omit<StepContext, 'now'> {
  const view = org();
  return {
    feel: approvalFeelContext(view, requester),
    assignTask: (input) =>
      decideAssignment(input, { org: view, settings, outOfOffice: [], now: T0, requesterId: requester }),
    innerInstanceCompleted: (p) => approvalInnerInstanceRule(settings, p),
  };
}

const task = (id: string, at: [number, number], ext: string, body?: string) => ({
  id,
  type: 'userTask' as const,
  name: id,
  at,
  ext,
  ...(body ? { body } : {}),
});

describe('org-chart FEEL assignees', () => {
  it('manager(), deptHead(), role(), usersOf() and managers() as the interpreter evaluates them', async () => {
    const model = await compileXml(
      buildBpmn({
        id: 'org_feel',
        nodes: [
          { id: 'start', type: 'startEvent', at: [0, 0] },
          { id: 'fork', type: 'parallelGateway', at: [1, 0] },
          task('byManager', [2, 0], zeebe.assignee('=manager(requester)')),
          task('byHead', [2, 1], zeebe.assignee('=deptHead("sales")')),
          task('byHeadOfMyDept', [2, 2], zeebe.assignee('=deptHead(requester)')),
          task(
            'byRole',
            [2, 3],
            '<zeebe:assignmentDefinition candidateUsers="=role(&quot;finance&quot;)" />',
          ),
          task(
            'byDept',
            [2, 4],
            '<zeebe:assignmentDefinition candidateUsers="=usersOf(requester.department)" />',
          ),
          task(
            'chain',
            [2, 5],
            zeebe.assignee('=approver'),
            zeebe.loop({
              sequential: true,
              inputCollection: '=managers(requester, 3)',
              inputElement: 'approver',
            }),
          ),
          task(
            'byName',
            [2, 6],
            zeebe.assignee('=if amount > 1000 then managers(requester, 2)[2] else "ben"'),
          ),
          { id: 'end', type: 'endEvent', at: [3, 0] },
        ],
        flows: [
          { id: 'f0', from: 'start', to: 'fork' },
          ...['byManager', 'byHead', 'byHeadOfMyDept', 'byRole', 'byDept', 'chain', 'byName'].flatMap(
            (el, i) => [
              { id: `f${i + 1}`, from: 'fork', to: el },
              { id: `e${i + 1}`, from: el, to: 'end' },
            ],
          ),
        ],
      }),
    );
    const sim = new Sim(model, context('ann')).start({ amount: 5000 }, 'ann');
    const who = (el: string) => {
      const t = sim.task(el).task!;
      return t.assignee ?? t.candidateUsers;
    };
    expect(who('byManager')).toBe('lead');
    expect(who('byHead')).toBe('director');
    expect(who('byHeadOfMyDept')).toBe('lead');
    expect(who('byRole')).toEqual(['cfo', 'clerk']);
    expect(who('byDept')).toEqual(['ann', 'ben', 'dan', 'lead']); // not the inactive one
    expect(who('chain')).toBe('lead');
    expect(sim.task('chain').vars).toMatchObject({ approver: 'lead' });
    expect(who('byName')).toBe('director');
    // The chain goes lead → director → ceo.
    sim.complete('chain', undefined, { outcome: 'approved', by: 'lead' });
    expect(who('chain')).toBe('director');
    sim.complete('chain', undefined, { outcome: 'approved', by: 'director' });
    expect(who('chain')).toBe('ceo');
  });

  it('an inactive manager is skipped; the chain ends at the top; nobody → incident or auto-approval', async () => {
    const model = await compileXml(
      buildBpmn({
        id: 'org_edges',
        nodes: [
          { id: 'start', type: 'startEvent', at: [0, 0] },
          task('mgr', [1, 0], zeebe.assignee('=manager(requester)')),
          { id: 'end', type: 'endEvent', at: [2, 0] },
        ],
        flows: [
          { id: 'f1', from: 'start', to: 'mgr' },
          { id: 'f2', from: 'mgr', to: 'end' },
        ],
      }),
    );
    // dan's manager "gone" is inactive: lead is asked instead.
    expect(new Sim(model, context('dan')).start({}, 'dan').task('mgr').task!.assignee).toBe('lead');
    const ceo = new Sim(model, context('ceo')).start({}, 'ceo');
    expect(ceo.incidents()).toEqual([
      expect.objectContaining({ kind: 'assignment-failed', elementId: 'mgr' }),
    ]);
    const auto = new Sim(
      model,
      context('ceo', normalizeSettings({ autoApprove: { noApprover: true } })),
    ).start({}, 'ceo');
    expect(auto.status).toBe('completed');
    expect(auto.vars.approval).toMatchObject({ outcome: 'approved', auto: 'no-approver' });
    expect(auto.instance.history.find((h) => h.type === 'task.completed')).toMatchObject({
      action: 'auto-approve',
      outcome: 'auto-approved',
      data: { reason: 'no-approver' },
    });
  });

  it('the requester comes from the org chart (or the start variables when unknown there)', () => {
    expect(requesterContext(org(), 'ann')).toEqual({
      id: 'ann',
      login: 'ann',
      displayName: 'ANN',
      department: 'east',
      manager: 'lead',
      roles: ['employee'],
    });
    expect(requesterContext(org(), 'ext', { department: 'east', roles: ['guest'] })).toEqual({
      id: 'ext',
      department: 'east',
      manager: null,
      roles: ['guest'],
    });
    expect(requesterIdOf({ startedBy: 'system', variables: { requester: { id: 'ann' } } })).toBe('ann');
    expect(requesterIdOf({ startedBy: 'ben', variables: {} })).toBe('ben');
  });

  it('a countersign ends at the first rejection; or-sign at the first decision; vote when decided', async () => {
    const mi = (mode: string) =>
      compileXml(
        buildBpmn({
          id: `mi_${mode}`,
          nodes: [
            { id: 'start', type: 'startEvent', at: [0, 0] },
            task(
              'sign',
              [1, 0],
              zeebe.assignee('=s') + zeebe.headers({ approvalMode: mode, approvalThreshold: '0.5' }),
              zeebe.loop({ inputCollection: '=["lead", "director", "ceo", "cfo"]', inputElement: 's' }),
            ),
            { id: 'end', type: 'endEvent', at: [2, 0] },
          ],
          flows: [
            { id: 'f1', from: 'start', to: 'sign' },
            { id: 'f2', from: 'sign', to: 'end' },
          ],
        }),
      );
    const run = async (mode: string, outcomes: string[]) => {
      const sim = new Sim(await mi(mode), context('ann')).start({}, 'ann');
      let n = 0;
      for (const outcome of outcomes) {
        if (sim.status !== 'active') break;
        sim.complete(sim.tasks('sign')[0]!, undefined, { outcome });
        n++;
      }
      return { status: sim.status, decided: n, open: sim.tasks('sign').length };
    };
    expect(await run('all', ['approved', 'rejected', 'approved', 'approved'])).toEqual({
      status: 'completed',
      decided: 2,
      open: 0,
    });
    expect(await run('all', ['approved', 'approved', 'approved', 'approved'])).toEqual({
      status: 'completed',
      decided: 4,
      open: 0,
    });
    expect(await run('any', ['rejected', 'approved'])).toEqual({ status: 'completed', decided: 1, open: 0 });
    // Vote 50% of 4 = 2 approvals; 3 rejections make it impossible.
    expect(await run('vote', ['rejected', 'approved', 'approved', 'approved'])).toEqual({
      status: 'completed',
      decided: 3,
      open: 0,
    });
    expect(await run('vote', ['rejected', 'rejected', 'rejected', 'approved'])).toEqual({
      status: 'completed',
      decided: 3,
      open: 0,
    });
  });
});
