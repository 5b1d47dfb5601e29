import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./service-task.bpmn', import.meta.url);

describe('service task', () => {
  it('creates a job for the named action with its retries, then continues with the result', async () => {
    const model = await loadModel(fixture, { knownActions: new Set(['ledger.post']) });
    expect(model.elements.post).toMatchObject({
      jobType: 'ledger.post',
      retries: 2,
      headers: { account: '6601' },
    });
    const sim = new Sim(model).start({ amount: 50 });
    const [job] = sim.effectsOf('job.created');
    expect(job).toMatchObject({ jobType: 'ledger.post', retries: 2, round: 1, elementId: 'post' });
    expect(sim.jobs('post')[0]!.vars).toEqual({ value: 50 });
    sim.jobDone('post', { voucherId: 'V-1', scratch: 1 });
    expect(sim.status).toBe('completed');
    expect(sim.vars).toEqual({ amount: 50, voucher: 'V-1' });
  });

  it('ignores a stale result (a job that ran again after its result was applied)', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 50 });
    const token = sim.jobs('post')[0]!;
    sim.jobDone('post', { voucherId: 'V-1' });
    const again = sim.send({
      type: 'jobCompleted',
      tokenId: token.id,
      round: 1,
      variables: { voucherId: 'V-2' },
    });
    expect(again.changed).toBe(false);
    expect(sim.vars.voucher).toBe('V-1');
  });

  it('turns a failure after the last retry into an incident; retrying starts a new job round', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 50 });
    sim.jobFailed('post', 'ledger closed');
    const [incident] = sim.incidents();
    expect(incident).toMatchObject({ kind: 'job-failed', phase: 'job', message: 'ledger closed' });
    expect(sim.effectsOf('incident.raised')).toHaveLength(1);
    sim.send({ type: 'retryIncident', incidentId: incident!.id });
    const jobs = sim.effectsOf('job.created');
    expect(jobs.map((j) => j.round)).toEqual([1, 2]);
    // A late report of round 1 changes nothing.
    const token = sim.jobs('post')[0]!;
    expect(sim.send({ type: 'jobCompleted', tokenId: token.id, round: 1 }).changed).toBe(false);
    sim.jobDone('post', { voucherId: 'V-9' });
    expect(sim.status).toBe('completed');
  });
});
