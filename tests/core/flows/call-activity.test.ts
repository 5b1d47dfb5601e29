// Call activities, untyped tasks and external jobs in the pure core: the call announces its child
// (id from caller and token, variables by the propagation switches), completes with the child's
// variables through its output mappings, fails into an incident, and cancels its child when
// terminated; untyped and manual tasks pass on with their mappings; a FEEL job type is evaluated,
// and an external job announces its end.
import { describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../../support/bpmn-builder.ts';
import { Sim, compileXml } from './harness.ts';

const caller = (called: string) =>
  compileXml(
    buildBpmn({
      id: 'caller',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        {
          id: 'prep',
          type: 'raw',
          tag: 'task',
          name: 'Prepare',
          at: [1, 0],
          ext: zeebe.io([], [['=amount * 2', 'doubled']]),
        },
        {
          id: 'call',
          type: 'raw',
          tag: 'callActivity',
          name: 'Bill',
          at: [2, 0],
          ext: called + zeebe.io([['=doubled', 'total']], [['=invoice', 'invoiceNo']]),
        },
        {
          id: 'late',
          type: 'timerBoundary',
          at: [2, 1],
          attachedTo: 'call',
          body: zeebe.timer('timeDuration', 'PT1H'),
        },
        { id: 'end', type: 'endEvent', at: [3, 0] },
        { id: 'endLate', type: 'endEvent', at: [3, 1] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'prep' },
        { id: 'f2', from: 'prep', to: 'call' },
        { id: 'f3', from: 'call', to: 'end' },
        { id: 'f4', from: 'late', to: 'endLate' },
      ],
    }),
  );

describe('call activity', () => {
  it('starts its child with the visible variables and takes back the mapped result', async () => {
    const model = await caller(zeebe.called('=billing', { bindingType: 'versionTag', versionTag: 'v2' }));
    expect(model.elements.call).toMatchObject({
      type: 'callActivity',
      processId: '=billing',
      binding: { type: 'versionTag', versionTag: 'v2' },
      propagateAllChildVariables: true,
      propagateAllParentVariables: true,
    });
    const sim = new Sim(model).start({ amount: 21, billing: 'billing_v' });
    const [started] = sim.effectsOf('call.started');
    expect(started).toMatchObject({
      processId: 'billing_v',
      childId: `inst1.${started!.tokenId}`,
      variables: { amount: 21, billing: 'billing_v', doubled: 42, total: 42 },
    });
    sim.send({
      type: 'callCompleted',
      tokenId: started!.tokenId,
      childId: started!.childId,
      variables: { invoice: 'INV-1', scratch: true },
    });
    expect(sim.status).toBe('completed');
    expect(sim.vars).toEqual({ amount: 21, billing: 'billing_v', doubled: 42, invoiceNo: 'INV-1' });
    // A second report of the same child changes nothing.
    expect(
      sim.send({ type: 'callCompleted', tokenId: started!.tokenId, childId: started!.childId }).changed,
    ).toBe(false);
  });

  it('a child that cannot start is an incident; terminating the call cancels the child', async () => {
    const sim = new Sim(await caller(zeebe.called('billing'))).start({ amount: 1 });
    const [started] = sim.effectsOf('call.started');
    sim.send({
      type: 'callFailed',
      tokenId: started!.tokenId,
      childId: started!.childId,
      message: 'no billing',
    });
    const [incident] = sim.incidents();
    expect(incident).toMatchObject({ kind: 'call-failed', elementId: 'call', message: 'no billing' });
    sim.send({ type: 'retryIncident', incidentId: incident!.id });
    expect(sim.effectsOf('call.started')).toHaveLength(2);
    sim.advance(3_600_000);
    expect(sim.effectsOf('call.cancelled')).toEqual([expect.objectContaining({ childId: started!.childId })]);
    expect(sim.path()).toContain('late');
  });

  it('propagateAllChildVariables="false" brings back only the output mappings', async () => {
    const sim = new Sim(await caller(zeebe.called('billing', { propagateAllChildVariables: false }))).start({
      amount: 1,
    });
    const [started] = sim.effectsOf('call.started');
    sim.send({
      type: 'callCompleted',
      tokenId: started!.tokenId,
      childId: started!.childId,
      variables: { invoice: 'X' },
    });
    expect(sim.vars.invoiceNo).toBeNull();
  });
});

describe('external jobs in the core', () => {
  it('a FEEL job type is evaluated; an external job announces its end (done or failed)', async () => {
    const model = await compileXml(
      buildBpmn({
        id: 'ext',
        nodes: [
          { id: 'start', type: 'startEvent', at: [0, 0] },
          { id: 'work', type: 'serviceTask', at: [1, 0], ext: zeebe.task('=kind') },
          { id: 'end', type: 'endEvent', at: [2, 0] },
        ],
        flows: [
          { id: 'f1', from: 'start', to: 'work' },
          { id: 'f2', from: 'work', to: 'end' },
        ],
      }),
    );
    expect(model.jobTypes).toEqual([]);
    const sim = new Sim(model, { isExternalJob: (t) => t.startsWith('ext-') }).start({ kind: 'ext-a' });
    expect(sim.effectsOf('job.created')).toEqual([
      expect.objectContaining({ jobType: 'ext-a', external: true, round: 1 }),
    ]);
    sim.jobFailed('work', 'down');
    expect(sim.effectsOf('job.closed').map((e) => [e.state, e.round])).toEqual([['failed', 1]]);
    sim.send({ type: 'retryIncident', incidentId: sim.incidents()[0]!.id });
    sim.jobDone('work', { ok: true });
    expect(sim.effectsOf('job.closed').map((e) => [e.state, e.round])).toEqual([
      ['failed', 1],
      ['done', 2],
    ]);
    expect(sim.status).toBe('completed');
    const platform = new Sim(model).start({ kind: 'ext-a' });
    expect(platform.effectsOf('job.created')[0]!.external).toBeUndefined();
  });
});
