// Conformance suite: richer models (conformance/*.bpmn, Camunda Modeler dialect) run through the
// pure core with scripted user actions, job results and time; each scenario states the path of
// completed elements, the terminated elements and the final status it must produce.
import { describe, expect, it } from 'vitest';
import type { Variables } from '#engine/core/flows/events.ts';
import { Sim, loadModel } from './harness.ts';

type Action =
  | { complete: string; vars?: Variables; outcome?: string; nth?: number }
  | { job: string; vars?: Variables }
  | { fail: string; code: string }
  | { advance: number };

interface Scenario {
  name: string;
  fixture: string;
  start: Variables;
  actions: Action[];
  path: string[];
  terminated?: string[];
  status: 'active' | 'completed';
  vars?: Variables;
}

const H = 3_600_000;

const scenarios: Scenario[] = [
  {
    name: 'expense over 5,000: manager then finance, voucher',
    fixture: 'expense-claim',
    start: { amount: 9000, requester: { manager: 'mia' } },
    actions: [
      { complete: 'manager', vars: { decision: 'approved' } },
      { complete: 'finance' },
      { job: 'voucher', vars: { voucherTotal: 9000 } },
    ],
    path: ['start', 'manager', 'approved', 'amount', 'finance', 'merge', 'voucher', 'paid'],
    status: 'completed',
    vars: { voucherTotal: 9000 },
  },
  {
    name: 'expense under 5,000 skips finance',
    fixture: 'expense-claim',
    start: { amount: 100, requester: { manager: 'mia' } },
    actions: [{ complete: 'manager', vars: { decision: 'approved' } }, { job: 'voucher' }],
    path: ['start', 'manager', 'approved', 'amount', 'merge', 'voucher', 'paid'],
    status: 'completed',
  },
  {
    name: 'expense rejected by the manager',
    fixture: 'expense-claim',
    start: { amount: 100, requester: { manager: 'mia' } },
    actions: [{ complete: 'manager', vars: { decision: 'rejected' } }],
    path: ['start', 'manager', 'approved', 'rejected'],
    status: 'completed',
  },
  {
    name: 'countersign: both heads approve',
    fixture: 'leave-countersign',
    start: { deptHeads: ['h1', 'h2'] },
    actions: [
      { complete: 'heads', outcome: 'approved', nth: 1 },
      { complete: 'heads', outcome: 'approved', nth: 0 },
    ],
    path: ['start', 'heads', 'heads', 'heads', 'result', 'hr', 'booked'],
    status: 'completed',
    vars: { decisions: ['approved', 'approved'], leaveStatus: 'booked', lastOutcome: 'approved' },
  },
  {
    name: 'countersign: one rejection ends the step as rejected',
    fixture: 'leave-countersign',
    start: { deptHeads: ['h1', 'h2', 'h3'] },
    actions: [{ complete: 'heads', outcome: 'rejected', nth: 1 }],
    path: ['start', 'heads', 'heads', 'result', 'declined'],
    terminated: ['heads', 'heads'],
    status: 'completed',
    vars: { decisions: [null, 'rejected', null] },
  },
  {
    name: 'sequential manager chain with a 24 h reminder cycle',
    fixture: 'purchase-chain',
    start: { managers: ['m1', 'm2', 'm3'] },
    actions: [
      { complete: 'chain' },
      { advance: 24 * H },
      { complete: 'chain' },
      { advance: 24 * H },
      { complete: 'chain' },
      { job: 'order', vars: { ordered: true } },
    ],
    path: [
      'start',
      'chain',
      'remind',
      'escalate',
      'endEscalation',
      'chain',
      'remind',
      'escalate',
      'endEscalation',
      'chain',
      'chain',
      'order',
      'end',
    ],
    status: 'completed',
  },
  {
    name: 'fulfilment: pick and charge in parallel inside a sub-process',
    fixture: 'order-fulfilment',
    start: {},
    actions: [{ complete: 'pick' }, { job: 'charge' }, { complete: 'ship' }],
    path: [
      'start',
      'sStart',
      'fork',
      'pick',
      'charge',
      'join',
      'join',
      'sEnd',
      'fulfil',
      'outcome',
      'ship',
      'end',
    ],
    status: 'completed',
  },
  {
    name: 'fulfilment: a declined card aborts the sub-process (error boundary + terminate end)',
    fixture: 'order-fulfilment',
    start: {},
    actions: [{ fail: 'charge', code: 'CARD_DECLINED' }, { complete: 'notify' }],
    path: [
      'start',
      'sStart',
      'fork',
      'declinedErr',
      'markDeclined',
      'abort',
      'fulfil',
      'outcome',
      'notify',
      'end2',
    ],
    terminated: ['charge', 'pick'],
    status: 'completed',
  },
  {
    name: 'review loop, then an inclusive split that activates one of two reviews',
    fixture: 'review-loop',
    start: { value: 20000 },
    actions: [
      { complete: 'draft', vars: { needsRework: true } },
      { complete: 'draft', vars: { needsRework: false } },
      { complete: 'legal' },
    ],
    path: ['start', 'draft', 'rework', 'draft', 'rework', 'split', 'legal', 'join', 'end'],
    status: 'completed',
  },
  {
    name: 'inclusive split with nothing to review takes the default to the join',
    fixture: 'review-loop',
    start: { value: 10 },
    actions: [{ complete: 'draft', vars: { needsRework: false } }],
    path: ['start', 'draft', 'rework', 'split', 'join', 'end'],
    status: 'completed',
  },
];

describe('conformance', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const sim = new Sim(await loadModel(new URL(`./conformance/${s.fixture}.bpmn`, import.meta.url))).start(
      s.start,
    );
    for (const a of s.actions) {
      if ('complete' in a) {
        const tasks = sim.tasks(a.complete);
        const token = tasks[a.nth ?? 0];
        expect(token, `open task ${a.complete}`).toBeDefined();
        sim.complete(token!, a.vars, a.outcome ? { outcome: a.outcome } : {});
      } else if ('job' in a) sim.jobDone(a.job, a.vars);
      else if ('fail' in a) sim.jobFailed(a.fail, 'business error', a.code);
      else sim.advance(a.advance);
    }
    expect(sim.path()).toEqual(s.path);
    expect(sim.terminated()).toEqual(s.terminated ?? []);
    expect(sim.status).toBe(s.status);
    if (s.vars) expect(sim.vars).toMatchObject(s.vars);
    expect(sim.incidents()).toEqual([]);
  });
});
