// After-sales tickets against their SLA, in both run modes: the SLA of a priority is counted in
// working hours of the China calendar (modules/cn-calendar: 09–12 and 13–18 on working days, the
// National Day holiday, the make-up Saturday 10 October) by the module's flow, paused while the
// ticket waits for the customer, and the team lead is told at the moment of the breach — by the
// flow's timer, which the sweeper fires at its due time on the test's clock — exactly once; a ticket
// resolved in time is never escalated. The first response has its own clock (from a ticket opened
// "new" until it leaves that state), late once to the team lead. Follow-up activities remind their
// owner at the due time by the same timers: at the new time when moved, not at all once done.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';

const BASE = '/api/records/crm-ticket';
const at = (local: string) => Date.parse(`${local}+08:00`);

describe.each(MODES)('CRM ticket SLA in working hours (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(at('2026-09-30T16:00:00'));
  const ids: Record<string, string> = {};
  const outbox = tempDir('crm-rating-outbox');

  const sweep = () => t.app.services.flows.sweep({ outboxAgeMs: 0 });
  const slaOf = async (ticket: string, processId = 'crm-ticket-sla') => {
    const { items } = await t.app.services.flows.runtime.instances.find({ processId });
    return items.find((i: any) => i.variables?.ticket === ticket) as any;
  };
  /** Waits until the ticket's SLA flow is at rest: waiting on its events, or ended. */
  const settled = async (ticket: string, timerDue: string | null, processId = 'crm-ticket-sla') => {
    await waitFor(
      async () => {
        await sweep();
        const sla = await slaOf(ticket, processId);
        if (!sla) return false;
        const due = Object.values(sla.timers ?? {}).map((x: any) => new Date(x.dueAt).toISOString());
        return timerDue === null ? sla.status !== 'active' || due.length === 0 : due.includes(timerDue);
      },
      20_000,
      `the SLA flow of ${ticket} at ${timerDue}`,
    );
  };
  const open = async (key: string, priority: string, state = 'open') => {
    const res = await (
      await t.client('wang.fang')
    ).post(BASE, {
      data: { subject: `Ticket ${key}`, priority, state },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[key] = res.body.id;
  };
  const setState = async (key: string, state: string) => {
    const client = await t.client('wang.fang');
    const current = (await client.get(`${BASE}/${ids[key]}`)).body;
    const res = await client.patch(`${BASE}/${ids[key]}`, { rev: current.rev, patch: { state } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const escalations = async (kind = 'crm.ticket.breached') =>
    (await t.app.services.notifications.collection.find({ kind })).items.map((n: any) => [
      n.userId,
      n.title.en,
    ]);
  const ticket = async (key: string) =>
    (await (await t.client('admin')).get(`${BASE}/${ids[key]}`)).body.data;

  beforeAll(async () => {
    const long = 400 * 24 * 3600_000;
    t = await startApp(mode, {
      platform: {
        clock,
        workers: true,
        sweepEveryMs: 0,
        flowRetryBackoffMs: 20,
        automationRetryBackoffMs: 20,
        session: { ttlMs: long, maxAgeMs: long },
        outboxDir: outbox.dir,
        publicUrl: 'https://service.example.cn/',
      },
    });
    await t.app.ready();
    const admin = await t.client('admin');
    for (const id of ['cn-calendar', 'crm'])
      expect((await admin.post(`/api/modules/${id}/install`, { enable: true })).status).toBe(200);
  });
  afterAll(() => t?.close());
  afterAll(() => outbox.remove());

  it('pauses while waiting and escalates once at the breach, over the National Day holiday', async () => {
    // High: 8 working hours from Wednesday 30 September 16:00 — 2 h that day, then the holiday.
    await open('H', 'high');
    await settled(ids.H!, new Date(at('2026-10-08T16:00:00')).toISOString());
    // Thursday 8 October 10:00: 3 h spent; waiting for the customer until Friday 16:00.
    clock.set(at('2026-10-08T10:00:00'));
    await setState('H', 'waiting');
    await settled(ids.H!, null);
    clock.set(at('2026-10-09T16:00:00'));
    await setState('H', 'open');
    // 5 h left: Friday 16–18, then the make-up Saturday 09–12.
    const breach = new Date(at('2026-10-10T12:00:00')).toISOString();
    await settled(ids.H!, breach);
    clock.set(at('2026-10-10T11:59:00'));
    await sweep();
    expect((await ticket('H')).slaBreached).toBe(false);
    expect(await escalations()).toEqual([]);
    clock.set(at('2026-10-10T12:00:00'));
    await waitFor(async () => (await sweep(), (await escalations()).length > 0), 45_000, 'the escalation');
    await waitFor(async () => (await slaOf(ids.H!)).status !== 'active', 45_000, 'the flow to end');
    expect(await escalations()).toEqual([['zhang.min', 'SLA breached: Ticket H']]);
    const data = await ticket('H');
    expect([data.slaBreached, new Date(data.slaBreachedAt).toISOString()]).toEqual([true, breach]);
    clock.set(at('2026-10-12T09:00:00'));
    await sweep();
    expect(await escalations()).toHaveLength(1);
  }, 120_000); // the breach travels timer → queue → worker: slow on a busy machine's FerretDB

  it('counts over a weekend, and never escalates a ticket resolved in time', async () => {
    // Normal: 24 working hours from Friday 16 October 15:00 — 3 h, the weekend, 8 + 8 h, then
    // Wednesday 09–12 and 13–15.
    clock.set(at('2026-10-16T15:00:00'));
    await open('W', 'normal');
    await open('R', 'urgent');
    const breach = new Date(at('2026-10-21T15:00:00')).toISOString();
    await settled(ids.W!, breach);
    await settled(ids.R!, new Date(at('2026-10-19T10:00:00')).toISOString());
    clock.set(at('2026-10-16T17:00:00'));
    await setState('R', 'resolved');
    await settled(ids.R!, null);
    clock.set(at('2026-10-21T14:59:00'));
    await sweep();
    expect(await escalations()).toHaveLength(1);
    clock.set(at('2026-10-21T15:00:00'));
    await waitFor(async () => (await sweep(), (await escalations()).length > 1), 45_000, 'the escalation');
    // The store lists notifications in no particular order: H (the first story) and now W, once each.
    expect((await escalations()).sort()).toEqual([
      ['zhang.min', 'SLA breached: Ticket H'],
      ['zhang.min', 'SLA breached: Ticket W'],
    ]);
    expect((await ticket('R')).slaBreached).toBe(false);
  }, 120_000);

  it('reports the tickets against their SLA by priority', async () => {
    const res = await (await t.client('zhang.min')).post('/api/reports/crm-tickets-sla/run', { params: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const by = Object.fromEntries(
      res.body.rows.map((r: any) => [r.priority, [r.tickets, r.breached, r.kept]]),
    );
    expect(by).toEqual({ urgent: [1, 0, '100.0'], high: [1, 1, '0.0'], normal: [1, 1, '0.0'] });
  });

  it("counts the breaches by team and alerts the owner and the owner's manager of a breach today, once", async () => {
    const res = await (
      await t.client('zhang.min')
    ).post('/api/reports/crm-sla-breaches-by-team/run', {
      params: {},
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // By hand: H, W and R are wang.fang's (sales-east); H (10 Oct) and W (today, 21 Oct) resolved late.
    expect(
      res.body.rows.map((r: any) => [
        r.team,
        r.tickets,
        r.responseBreached,
        r.resolutionBreached,
        r.breachesToday,
      ]),
    ).toEqual([['sales-east', 3, 0, 2, '1']]);
    const admin = await t.client('admin');
    const check = async () => {
      const started = await admin.post('/api/automations/crm-report-alerts/run', {});
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      let run: any;
      await waitFor(
        async () => {
          run = (await admin.get(`/api/automations/crm-report-alerts/runs/${started.body.id}`)).body;
          return run.status !== 'running';
        },
        20_000,
        'the alert check',
      );
      expect(run.status, JSON.stringify(run)).toBe('succeeded');
      return run.steps.map((s: any) => s.result);
    };
    expect(await check()).toEqual([
      { fired: [] },
      {
        fired: [
          { report: 'crm-sla-breaches-by-team', alert: 'breaches-today', value: '1', owner: 'wang.fang' },
        ],
      },
    ]);
    // The next hourly check (a manual run's id is its time: a later time, a new run): still one
    // breach today, the same episode, nobody is told again.
    clock.set(at('2026-10-21T16:00:00'));
    expect(await check()).toEqual([{ fired: [] }, { fired: [] }]);
    const told = (await t.app.services.notifications.collection.find({ kind: 'report.alert' })).items
      .map((n: any) => [n.userId, n.title.en, n.link])
      .sort();
    // The ticket's owner and her manager (org chart), not every sales manager (liu.yang is one too).
    expect(told).toEqual(
      ['wang.fang', 'zhang.min'].map((login) => [
        login,
        '1 SLA breach(es) today on tickets of wang.fang: see the tickets by team.',
        '/reports/crm-sla-breaches-by-team',
      ]),
    );
  });

  it('takes the satisfaction rating only on a resolved or closed ticket, and averages it per team', async () => {
    const client = await t.client('wang.fang');
    // Closing a ticket also moves its SLA flow, which may write the ticket meanwhile (distributed
    // mode): a revision conflict is read again and retried, as the form does.
    const rate = async (key: string, satisfaction: number) => {
      let res: any;
      await waitFor(
        async () => {
          const current = (await client.get(`${BASE}/${ids[key]}`)).body;
          res = await client.patch(`${BASE}/${ids[key]}`, { rev: current.rev, patch: { satisfaction } });
          return res.status !== 409;
        },
        20_000,
        `rating ${key}`,
      );
      return res;
    };
    const early = await rate('H', 5); // H is still open
    expect([early.status, early.body.error?.details?.[0]?.path], JSON.stringify(early.body)).toEqual([
      422,
      '/satisfaction',
    ]);
    expect(JSON.stringify(early.body.error.details[0])).toContain('工单解决或关闭后才能由客户评分');
    expect((await rate('R', 6)).status).toBe(422); // 1 to 5
    expect((await rate('R', 4)).status).toBe(200); // R was resolved in time
    await setState('W', 'closed');
    expect((await rate('W', 1)).status).toBe(200);
    const res = await (
      await t.client('zhang.min')
    ).post('/api/reports/crm-sla-breaches-by-team/run', {
      params: {},
    });
    // By hand: two of the three tickets rated, (4 + 1) / 2 = 2.5.
    expect(res.body.rows.map((r: any) => [r.team, r.tickets, r.rated, r.satisfaction])).toEqual([
      ['sales-east', 3, 2, '2.5'],
    ]);
  });

  it('times the first response in working hours: late once to the team lead, never when answered in time', async () => {
    // Monday 19 October 17:30. Urgent: a first response within 1 working hour — 17:30–18:00, then
    // Tuesday 09:00–09:30. Normal (4 h) is answered at once; a ticket opened in progress needs none.
    clock.set(at('2026-10-19T17:30:00'));
    await open('U', 'urgent', 'new');
    await open('A', 'normal', 'new');
    await open('P', 'normal');
    const late = new Date(at('2026-10-20T09:30:00')).toISOString();
    await settled(ids.U!, late, 'crm-ticket-response');
    await settled(ids.A!, new Date(at('2026-10-20T13:30:00')).toISOString(), 'crm-ticket-response');
    await settled(ids.P!, null, 'crm-ticket-response');
    await setState('A', 'open');
    await settled(ids.A!, null, 'crm-ticket-response');
    await waitFor(async () => !!(await ticket('A')).firstResponseAt, 20_000, 'the first response time');
    expect(new Date((await ticket('A')).firstResponseAt).toISOString()).toBe(
      new Date(at('2026-10-19T17:30:00')).toISOString(),
    );
    clock.set(at('2026-10-20T09:29:00'));
    await sweep();
    expect(await escalations('crm.ticket.response-late')).toEqual([]);
    clock.set(at('2026-10-20T09:30:00'));
    await waitFor(
      async () => (await sweep(), (await escalations('crm.ticket.response-late')).length > 0),
      45_000,
      'the late first response',
    );
    await settled(ids.U!, null, 'crm-ticket-response');
    expect(await escalations('crm.ticket.response-late')).toEqual([
      ['zhang.min', 'No first response in time: Ticket U'],
    ]);
    const u = await ticket('U');
    expect([u.responseBreached, new Date(u.responseBreachedAt).toISOString()]).toEqual([true, late]);
    expect([(await ticket('A')).responseBreached, (await ticket('P')).responseBreached]).toEqual([
      false,
      false,
    ]);
    clock.set(at('2026-10-20T17:00:00'));
    await sweep();
    expect(await escalations('crm.ticket.response-late')).toHaveLength(1);
  }, 120_000);

  it("reminds a follow-up's owner at its due time, at the new time when moved, never once done", async () => {
    const ACT = '/api/records/crm-activity';
    const sales = await t.client('wang.fang');
    const plan = async (subject: string, kind: string, dueAt: string) => {
      const res = await sales.post(ACT, {
        data: { subject, kind, dueAt: new Date(at(dueAt)).toISOString() },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const change = async (id: string, patch: Record<string, unknown>) => {
      const { rev } = (await sales.get(`${ACT}/${id}`)).body;
      expect((await sales.patch(`${ACT}/${id}`, { rev, patch })).status).toBe(200);
    };
    const timerAt = async (id: string, due: string | null) =>
      waitFor(
        async () => {
          await sweep();
          const flow = (
            await t.app.services.flows.runtime.instances.find({ processId: 'crm-activity-reminder' })
          ).items.find((i: any) => i.variables?.activity === id) as any;
          if (!flow) return false;
          const timers = Object.values(flow.timers ?? {}).map((x: any) => new Date(x.dueAt).toISOString());
          return due === null ? flow.status !== 'active' : timers.includes(new Date(at(due)).toISOString());
        },
        20_000,
        `the reminder of ${id} at ${due}`,
      );
    const reminders = async () =>
      (await t.app.services.notifications.collection.find({ kind: 'crm.activity.due' })).items
        .map((n: any) => [n.userId, n.title.en, n.title['zh-CN']])
        .sort();
    clock.set(at('2026-10-20T17:00:00'));
    const call = await plan('Call about the renewal', 'call', '2026-10-21T10:00:00');
    const visit = await plan('Visit the plant', 'visit', '2026-10-21T10:00:00');
    const note = await plan('Send the catalogue', 'message', '2026-10-21T10:00:00');
    for (const id of [call, visit, note]) await timerAt(id, '2026-10-21T10:00:00');
    await change(visit, { dueAt: new Date(at('2026-10-21T11:00:00')).toISOString() });
    await timerAt(visit, '2026-10-21T11:00:00');
    await change(note, { done: true });
    await timerAt(note, null);
    clock.set(at('2026-10-21T09:59:00'));
    await sweep();
    expect(await reminders()).toEqual([]);
    clock.set(at('2026-10-21T10:00:00'));
    await waitFor(async () => (await sweep(), (await reminders()).length > 0), 45_000, 'the reminder');
    await timerAt(call, null);
    expect(await reminders()).toEqual([
      ['wang.fang', 'Call due: Call about the renewal', '电话提醒：Call about the renewal'],
    ]);
    clock.set(at('2026-10-21T11:00:00'));
    await waitFor(async () => (await sweep(), (await reminders()).length > 1), 45_000, 'the moved reminder');
    await timerAt(visit, null);
    clock.set(at('2026-10-22T11:00:00'));
    await sweep();
    expect(await reminders()).toEqual([
      ['wang.fang', 'Call due: Call about the renewal', '电话提醒：Call about the renewal'],
      ['wang.fang', 'Visit due: Visit the plant', '拜访提醒：Visit the plant'],
    ]);
  }, 120_000);
  it('sends the customer a single-use link to rate a resolved ticket, answered without signing in', async () => {
    clock.set(at('2026-11-02T10:00:00'));
    const sales = await t.client('wang.fang');
    const customer = await sales.post('/api/records/crm-customer', {
      data: {
        name: 'Rating test Co',
        kind: 'company',
        email: 'buyer@rating.example.cn',
        phone: '13900000077',
        language: 'zh-CN',
      },
    });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    for (const [key, channel] of [
      ['rateMail', 'email'],
      ['rateSms', 'phone'],
    ]) {
      const res = await sales.post(BASE, {
        data: {
          subject: `Printer ${key} jams`,
          priority: 'normal',
          state: 'open',
          customer: customer.body.id,
          channel,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key!] = res.body.id;
    }
    await setState('rateMail', 'resolved');
    await setState('rateSms', 'resolved');
    const sent = (file: string) =>
      existsSync(join(outbox.dir, file))
        ? readFileSync(join(outbox.dir, file), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
    await waitFor(
      async () => sent('email.jsonl').length === 1 && sent('sms.jsonl').length === 1,
      20_000,
      'the rating links',
    );
    // By the ticket's channel, in the customer's language; the token is the link's only key.
    const [mail] = sent('email.jsonl');
    const [sms] = sent('sms.jsonl');
    expect([mail.to, mail.subject]).toEqual([
      'buyer@rating.example.cn',
      '请评价我们的服务：Printer rateMail jams',
    ]);
    expect(sms.to).toBe('13900000077');
    const linkIn = (text: string) =>
      /https:\/\/service\.example\.cn\/p\/([A-Za-z0-9_-]{43})$/.exec(text)?.[1];
    const token = linkIn(mail.text)!;
    const smsToken = linkIn(sms.text)!;
    expect(mail.text).toContain('Rating test Co您好，您的服务请求“Printer rateMail jams”已解决');
    expect([token, smsToken].every(Boolean) && token !== smsToken).toBe(true);
    const anon = t.anonymous();
    const url = `/api/public/links/${token}`;
    const page = await anon.get(url);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body).toMatchObject({
      action: 'rate',
      title: { en: 'How did we do?', 'zh-CN': '请评价我们的服务' },
      thanks: { en: 'Thank you for your rating.', 'zh-CN': '感谢您的评价。' },
      fields: [
        {
          name: 'satisfaction',
          label: { en: 'Satisfaction (1–5)', 'zh-CN': '满意度（1–5）' },
          type: 'integer',
          required: true,
          minimum: 1,
          maximum: 5,
        },
        { name: 'satisfactionComment', type: 'string', required: false, maxLength: 1000 },
      ],
    });
    // Nothing of the ticket or its customer is on the page.
    expect(JSON.stringify(page.body)).not.toMatch(/Printer|Rating test|buyer@|wang\.fang|139000/);
    const post = (to: string, values: Record<string, unknown>) => anon.post(to, { values });
    const refusal = (res: any) => [
      res.status,
      res.body.error?.code,
      res.body.error?.details?.map((d: any) => d.path),
    ];
    // Only the action's fields, the required one filled; the record's own rules (1 to 5) apply.
    expect(refusal(await post(url, { satisfaction: 5, state: 'open' }))).toEqual([
      400,
      'PUBLIC_VALUES_INVALID',
      ['/values/state'],
    ]);
    expect(refusal(await post(url, { satisfactionComment: 'no score' }))).toEqual([
      400,
      'PUBLIC_VALUES_INVALID',
      ['/values/satisfaction'],
    ]);
    expect((await post(url, { satisfaction: 9 })).status).toBe(422);
    const rated = await post(url, { satisfaction: 4, satisfactionComment: '修得很快' });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body.thanks['zh-CN']).toBe('感谢您的评价。');
    expect(await ticket('rateMail')).toMatchObject({ satisfaction: 4, satisfactionComment: '修得很快' });
    // Once: a second submit (or a second look) is 409 with a stable code, and changes nothing.
    const again = await post(url, { satisfaction: 1 });
    expect([again.status, again.body.error.code, again.body.error.messageZh]).toEqual([
      409,
      'PUBLIC_LINK_USED',
      '此表单已提交过',
    ]);
    expect((await anon.get(url)).status).toBe(409);
    expect((await ticket('rateMail')).satisfaction).toBe(4);
    // A made-up token, or anything else, opens nothing.
    for (const bad of ['A'.repeat(43), 'not-a-token', `${token}x`]) {
      expect(refusal(await anon.get(`/api/public/links/${bad}`))).toEqual([404, 'PUBLIC_LINK_NOT_FOUND', []]);
      expect((await post(`/api/public/links/${bad}`, { satisfaction: 5 })).status).toBe(404);
    }
    // Reopened before the customer answers: the ticket's rule refuses the rating (only resolved or
    // closed tickets take one) and the link stays usable; 14 days on it has expired (410).
    const smsUrl = `/api/public/links/${smsToken}`;
    await setState('rateSms', 'open');
    const early = await post(smsUrl, { satisfaction: 5 });
    expect([early.status, early.body.error?.details?.[0]?.path]).toEqual([422, '/satisfaction']);
    expect((await anon.get(smsUrl)).status).toBe(200);
    clock.set(at('2026-11-16T10:00:01'));
    for (const res of [await anon.get(smsUrl), await post(smsUrl, { satisfaction: 5 })])
      expect([res.status, res.body.error?.code]).toEqual([410, 'PUBLIC_LINK_EXPIRED']);
    expect((await ticket('rateSms')).satisfaction).toBeUndefined();
  });
});
