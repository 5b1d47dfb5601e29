// Leads through the CRM's stages, in both run modes: every stage move is appended to the
// opportunity's change log in its own write (from, to, when, by whom), a write that leaves the
// stage alone adds nothing, a lost deal needs its reason; the funnel report counts what *entered*
// each stage in a period from that log — a deal that went on to lose or came back still counts
// where it has been, moves outside the period do not — and matches a count made from the logs
// themselves; salespeople see their own funnel, the manager the team's and each salesperson's; the
// forecast sums value × the stage's probability, exactly.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';

const BASE = '/api/records/crm-opportunity';
const STAGES = ['lead', 'qualified', 'quote', 'negotiation', 'won', 'lost'] as const;
const PERIOD = { from: '2026-12-01', to: '2027-01-01' };

describe.each(MODES)('CRM funnel from the stage log (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-11-30T02:00:00Z'));
  const at = (iso: string) => clock.set(Date.parse(iso));
  const ids: Record<string, string> = {};

  const create = async (login: string, key: string, value: string, expectedClose: string) => {
    const res = await (
      await t.client(login)
    ).post(BASE, {
      data: { title: `Deal ${key}`, stage: 'lead', value, expectedClose },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.id;
  };
  const move = async (login: string, key: string, stage: string, extra: Record<string, unknown> = {}) => {
    const client = await t.client(login);
    const current = (await client.get(`${BASE}/${ids[key]}`)).body;
    const res = await client.patch(`${BASE}/${ids[key]}`, { rev: current.rev, patch: { stage, ...extra } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const funnel = async (login: string, report = 'crm-funnel') => {
    const res = await (await t.client(login)).post(`/api/reports/${report}/run`, { params: PERIOD });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    // Sessions outlive the weeks the clock moves through (logging in again is slow on purpose).
    const long = 400 * 24 * 3600_000;
    t = await startApp(mode, {
      platform: { clock, workers: false, sweepEveryMs: 0, session: { ttlMs: long, maxAgeMs: long } },
    });
    await t.app.ready();
    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/cn-calendar/install', { enable: true })).status).toBe(200);
    const installed = await admin.post('/api/modules/crm/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);

    await create('wang.fang', 'A', '50000.00', '2026-12-20'); // entered lead before the period
    at('2026-12-01T03:00:00Z');
    await move('wang.fang', 'A', 'qualified');
    await create('wang.fang', 'B', '10000.00', '2027-01-15');
    await create('li.lei', 'C', '8000.00', '2027-02-10');
    at('2026-12-02T03:00:00Z');
    await move('wang.fang', 'B', 'qualified');
    await move('wang.fang', 'B', 'quote');
    await move('li.lei', 'C', 'lost', { lostReason: '预算取消' });
    at('2026-12-03T03:00:00Z');
    await move('wang.fang', 'A', 'quote');
    await move('wang.fang', 'A', 'negotiation');
    await move('wang.fang', 'A', 'won');
    await move('wang.fang', 'B', 'qualified'); // back a stage: entering qualified again counts once
    await create('li.lei', 'D', '12345.67', '2027-01-20');
    await move('li.lei', 'D', 'negotiation'); // skipped qualified and quote
  });
  afterAll(() => t?.close());

  it('keeps every stage move in the change log, with who and when', async () => {
    const a = (await (await t.client('wang.fang')).get(`${BASE}/${ids.A}`)).body;
    expect(a.changeLog.map((e: any) => [e.from, e.to, e.at.slice(0, 10), e.by])).toEqual([
      [null, 'lead', '2026-11-30', 'wang.fang'],
      ['lead', 'qualified', '2026-12-01', 'wang.fang'],
      ['qualified', 'quote', '2026-12-03', 'wang.fang'],
      ['quote', 'negotiation', '2026-12-03', 'wang.fang'],
      ['negotiation', 'won', '2026-12-03', 'wang.fang'],
    ]);
    // Another field's change adds nothing to the log.
    const edited = await (
      await t.client('wang.fang')
    ).patch(`${BASE}/${ids.A}`, {
      rev: a.rev,
      patch: { notes: 'signed' },
    });
    expect(edited.body.changeLog).toHaveLength(5);
  });

  it('needs the reason of a lost deal', async () => {
    const client = await t.client('wang.fang');
    const b = (await client.get(`${BASE}/${ids.B}`)).body;
    const res = await client.patch(`${BASE}/${ids.B}`, { rev: b.rev, patch: { stage: 'lost' } });
    expect([res.status, res.body.error.details.map((d: any) => d.path)]).toEqual([422, ['/lostReason']]);
    expect((await client.get(`${BASE}/${ids.B}`)).body.changeLog).toHaveLength(4);
  });

  it("counts the stages entered in the period, as each reader's rows allow", async () => {
    const expected = {
      'zhang.min': { lead: 3, qualified: 2, quote: 2, negotiation: 2, won: 1, lost: 1 },
      'wang.fang': { lead: 1, qualified: 2, quote: 2, negotiation: 1, won: 1, lost: 0 },
      'li.lei': { lead: 2, qualified: 0, quote: 0, negotiation: 1, won: 0, lost: 1 },
    };
    for (const [login, counts] of Object.entries(expected)) {
      const { totals } = await funnel(login);
      expect(Object.fromEntries(STAGES.map((s) => [s, totals[s]])), login).toEqual(counts);
    }
    const team = (await funnel('zhang.min')).totals;
    expect([team.leadToQualified, team.qualifiedToQuote, team.quoteToNegotiation]).toEqual([
      '66.7',
      '100.0',
      '100.0',
    ]);
    expect([team.negotiationToWon, team.winRate]).toEqual(['50.0', '33.3']);
    // Nothing entered before the period counts in it, nor does the move after it.
    at('2027-01-05T03:00:00Z');
    await move('wang.fang', 'B', 'won');
    expect((await funnel('zhang.min')).totals.won).toBe(1);
  });

  it('matches a count made from the change logs themselves', async () => {
    const manager = await t.client('zhang.min');
    const records = (await manager.get(`${BASE}?limit=100`)).body.items;
    const entered: Record<string, Set<string>> = Object.fromEntries(STAGES.map((s) => [s, new Set()]));
    for (const r of records)
      for (const e of r.changeLog)
        if (e.field === 'stage' && e.at >= PERIOD.from && e.at < PERIOD.to) entered[e.to]!.add(r.id);
    const { totals } = await funnel('zhang.min');
    for (const s of STAGES) expect(totals[s], s).toBe(entered[s]!.size);
  });

  it("gives the manager each salesperson's funnel", async () => {
    const { rows } = await funnel('zhang.min', 'crm-funnel-by-salesperson');
    const by = Object.fromEntries(
      rows.map((r: any) => [r.salesperson, [r.lead, r.negotiation, r.won, r.lost]]),
    );
    expect(by).toEqual({ 'wang.fang': [1, 1, 1, 0], 'li.lei': [2, 1, 0, 1] });
    const own = (await funnel('li.lei', 'crm-funnel-by-salesperson')).rows;
    expect(own.map((r: any) => r.salesperson)).toEqual(['li.lei']);
  });

  it("shows the manager's sales dashboard, the funnel from this month's first day by default", async () => {
    const res = await (await t.client('zhang.min')).get('/api/dashboards/crm-sales-overview');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cards = Object.fromEntries(res.body.cards.map((c: any) => [c.report, c]));
    expect(Object.keys(cards)).toContain('crm-funnel');
    for (const card of res.body.cards) expect(card.error, card.report).toBeUndefined();
    // Today is 2027-01-05: this month's only move is B's win.
    const funnel = (await (await t.client('zhang.min')).post('/api/reports/crm-funnel/run', { params: {} }))
      .body;
    expect([funnel.totals.won, funnel.totals.lead]).toEqual([1, 0]);
  });

  it('forecasts open deals by month: value × stage probability, exact', async () => {
    const res = await (await t.client('zhang.min')).post('/api/reports/crm-forecast/run', { params: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // D: 12345.67 in negotiation (75 %); B was won since. A won, C lost: not open.
    expect(res.body.rows.map((r: any) => [r.month, r.opportunities, r.value, r.forecast])).toEqual([
      ['2027-01', 1, '12345.67', '9259.25'],
    ]);
  });
});
