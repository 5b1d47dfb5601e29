// The CRM in a real browser, with its demo data: on a phone (390×844, Chinese) the salesperson
// wang.fang lists her customers — her own and the public pool's, none of li.lei's — and moves an
// opportunity on the board by stage with "Move to…", which the opportunity's change log records;
// she opens a customer and sees its activity: her follow-ups, its opportunity's stage move, its
// ticket — not li.lei's follow-up with the same customer. On a desktop (1280×800, English) the East
// China sales manager sees the team's opportunities on the board, li.lei's among them, and opens
// the funnel: picks a period, drills into a stage (the rows behind it agree with the figure; a
// salesperson's drill has only her own). With purchasing and sales beside it, wang.fang turns a won
// deal into its customer's sales order with the buttons of the deal's and the customer's pages, and
// sends the order into its credit approval from its page.
// A customer, on a phone and without signing in, rates a resolved ticket through the link the
// ticket sent them, in Chinese or English, once.
// Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { loginAs } from '#tests/support/app-harness.ts';
import {
  DEMO_PASSWORD,
  DESKTOP,
  demoLogin,
  launchChromium,
  newPage,
  pageErrors,
  PHONE,
  screenshot,
  startWebApp,
  submitLogin,
  type WebApp,
} from '#tests/support/browser.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };
const seed = (file: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../modules/crm/seed', file), 'utf8'))
    .records as any[];

describe('CRM screens: a salesperson on a phone, the manager on a desktop', () => {
  let server: WebApp;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    for (const id of ['cn-calendar', 'crm']) {
      const installed = await admin.post(`/api/modules/${id}/install`, { enable: true, demo: true });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    }
    // Purchasing and sales beside it (no demo data), wang.fang selling there too.
    const trade = await admin.post('/api/modules/purchasing-sales/install', { enable: true });
    expect(trade.status, JSON.stringify(trade.body)).toBe(200);
    const wang = (await admin.get('/api/users/wang.fang')).body;
    const given = await admin.patch('/api/users/wang.fang', {
      rev: wang.rev,
      roles: [...wang.roles, 'sales'],
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
  }, 240_000);

  afterAll(async () => {
    for (const page of pages) expect(pageErrors(page)).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: typeof PHONE, login: string, path: string, english: boolean): Promise<Page> {
    const { page } = await newPage(browser, server, viewport);
    pages.push(page);
    await page.goto(path);
    await submitLogin(page, login, DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
    const lang = english ? 'en' : 'zh-CN';
    if ((await page.locator('html').getAttribute('lang')) !== lang)
      await page.locator(`.f-header .f-lang__option[lang="${lang}"]`).click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe(lang);
    return page;
  }

  it('a salesperson sees her customers and the pool, and moves a deal on the board', SLOW, async () => {
    const customers = seed('demo-customers.json');
    const mine = customers.find((c) => c.owner === 'wang.fang' && !c.data.inPool);
    const theirs = customers.find((c) => c.owner === 'li.lei' && !c.data.inPool);
    const page = await open(
      PHONE,
      'wang.fang',
      `/records/crm-customer?q=${encodeURIComponent(mine.data.name)}`,
      false,
    );
    const rows = page.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => rows.count()).toBe(1);
    await screenshot(page, 'phone-crm-customers', { whole: true });
    await page.goto(`/records/crm-customer?q=${encodeURIComponent(theirs.data.name)}`);
    await eventually(() => page.locator('[data-screen="table"]').count()).toBe(1);
    await page.waitForTimeout(500); // the list has answered (an empty one has no rows to wait for)
    expect(await rows.count()).toBe(0);

    const deal = seed('demo-opportunities.json').find(
      (o) => o.owner === 'wang.fang' && o.data.stage === 'lead',
    );
    await page.goto('/records/crm-opportunity?view=kanban');
    await eventually(() => page.locator(`[data-column="lead"] [data-card="${deal.id}"]`).count()).toBe(1);
    // li.lei's deals are not on her board.
    const hers = seed('demo-opportunities.json').find((o) => o.owner === 'li.lei');
    expect(await page.locator(`[data-card="${hers.id}"]`).count()).toBe(0);
    await page.locator(`select[data-move="${deal.id}"]`).selectOption('qualified');
    await eventually(() => page.locator(`[data-column="qualified"] [data-card="${deal.id}"]`).count()).toBe(
      1,
    );
    await screenshot(page, 'phone-crm-kanban');
    const stored = (await server.app.services.records.collection('crm-opportunity').get(deal.id)) as any;
    expect(stored.changeLog.map((e: any) => [e.from, e.to])).toEqual([
      [null, 'lead'],
      ['lead', 'qualified'],
    ]);
    expect(stored.changeLog[1].by).toBe('wang.fang');
  });

  it("the sales manager sees the team's deals on the board", SLOW, async () => {
    const deals = seed('demo-opportunities.json');
    const page = await open(DESKTOP, 'zhang.min', '/records/crm-opportunity?view=kanban', true);
    for (const owner of ['wang.fang', 'li.lei']) {
      const won = deals.find((o) => o.owner === owner && o.data.stage === 'won');
      await eventually(() => page.locator(`[data-column="won"] [data-card="${won.id}"]`).count()).toBe(1);
    }
    await screenshot(page, 'desktop-crm-kanban');
  });

  it(
    "a salesperson opens a customer and sees what happened with it, not a colleague's follow-ups",
    SLOW,
    async () => {
      // Her deal with 无锡东方家居 moves on (through the API, as the board would).
      const wang = await loginAs(server.app, 'wang.fang', DEMO_PASSWORD);
      const deal = (await wang.get('/api/records/crm-opportunity/demo-opp-002')).body;
      expect(deal.data.stage).toBe('lead');
      const moved = await wang.patch('/api/records/crm-opportunity/demo-opp-002', {
        rev: deal.rev,
        data: { ...deal.data, stage: 'qualified' },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      // The timeline API: li.lei's follow-up with her customer is his (row rules), the manager's has it.
      const hers = (await wang.get('/api/records/crm-customer/demo-cust-003/timeline')).body.items;
      const manager = await loginAs(server.app, 'zhang.min', DEMO_PASSWORD);
      const team = (await manager.get('/api/records/crm-customer/demo-cust-003/timeline')).body.items;
      const ids = (items: any[]) => new Set(items.map((e) => e.id));
      expect(ids(hers).has('demo-activity-004')).toBe(false);
      expect(ids(team).has('demo-activity-004')).toBe(true);
      for (const id of ['demo-activity-005', 'demo-opp-002', 'demo-ticket-003', 'demo-cust-003'])
        expect(ids(hers).has(id)).toBe(true);
      expect(hers.filter((e: any) => e.kind === 'change').map((e: any) => [e.id, e.from, e.to])).toEqual([
        ['demo-opp-002', 'lead', 'qualified'],
      ]);

      const page = await open(PHONE, 'wang.fang', '/records/crm-customer/demo-cust-003', false);
      const activity = page.locator('#record-activity');
      const event = (form: string, id: string) =>
        activity.locator(`li[data-form="${form}"][data-record="${id}"]`);
      await eventually(() => event('crm-activity', 'demo-activity-005').count()).toBe(1);
      expect(await event('crm-ticket', 'demo-ticket-003').count()).toBe(1);
      expect(await event('crm-activity', 'demo-activity-004').count()).toBe(0);
      // The stage move in Chinese, newest first: above the follow-up of 2026-11-27.
      const move = activity.locator('li[data-event="change"][data-record="demo-opp-002"]');
      expect(await move.innerText()).toContain('将商机的阶段由“线索”改为“已确认”');
      const order = await activity
        .locator('li')
        .evaluateAll((items) =>
          items.map((li) => `${li.getAttribute('data-event')}:${li.getAttribute('data-record')}`),
        );
      expect(order.indexOf('change:demo-opp-002')).toBeLessThan(order.indexOf('created:demo-activity-005'));
      // A follow-up is dated by its day, not when it was written down.
      expect(await event('crm-activity', 'demo-activity-005').locator('time').getAttribute('datetime')).toBe(
        '2026-11-27T02:00:00.000Z',
      );
      await screenshot(page, 'phone-crm-customer-activity', { whole: true });
      // Each event opens its record.
      await event('crm-activity', 'demo-activity-005').locator('a').click();
      await eventually(() => new URL(page.url()).pathname).toBe('/records/crm-activity/demo-activity-005');
    },
  );

  it("a won deal becomes its customer's sales order from the buttons of their pages", SLOW, async () => {
    const deal = seed('demo-opportunities.json').find(
      (o) => o.owner === 'wang.fang' && o.data.stage === 'won',
    );
    const page = await open(DESKTOP, 'wang.fang', `/records/crm-opportunity/${deal.id}`, true);
    const makeOrder = page.locator('[data-action="make-sales-order"]');
    await eventually(() => makeOrder.count()).toBe(1);
    // Her customer is not a sales customer yet: the refusal says what to do.
    await makeOrder.click();
    await eventually(() => page.locator('.fd-make-error').innerText()).toContain('no sales customer yet');
    await page.goto(`/records/crm-customer/${deal.data.customer}`);
    await page.locator('[data-action="make-sales-customer"]').click();
    await eventually(() => new URL(page.url()).pathname).toMatch(/^\/records\/purchasing-sales-customer\//);
    await page.goto(`/records/crm-opportunity/${deal.id}`);
    await makeOrder.click();
    await eventually(() => new URL(page.url()).pathname).toBe(
      `/records/purchasing-sales-sales-order/${deal.id}.sales-order`,
    );
    await eventually(() => page.locator('.fd-form').innerText()).toContain(deal.data.title);
    await screenshot(page, 'desktop-crm-won-deal-order', { whole: true });
    const wang = await loginAs(server.app, 'wang.fang', DEMO_PASSWORD);
    const order = (await wang.get(`/api/records/purchasing-sales-sales-order/${deal.id}.sales-order`)).body;
    expect([
      order.docstatus,
      order.data.opportunity,
      order.data.crmCustomer,
      order.data.lines[0].rate,
    ]).toEqual(['draft', deal.id, deal.data.customer, deal.data.value]);
    // The draft's page offers to send it into its credit approval (she may not submit it outright).
    const send = page.locator('[data-action="submit-for-approval"]');
    await eventually(() => send.count()).toBe(1);
    expect(await page.locator('[data-action="submit"]').count()).toBe(0);
    await send.click();
    await page.locator('[data-dialog="approval"] button[type="submit"]').click();
    await eventually(async () =>
      (await page.locator('.f-alert--success').allInnerTexts()).join(' '),
    ).toContain('Sent for approval');
    await eventually(() => send.count()).toBe(0);
    const sent = (await wang.get(`/api/records/purchasing-sales-sales-order/${deal.id}.sales-order`)).body;
    expect([sent.status, sent.instanceId]).toEqual(['submitted', `req-${deal.id}.sales-order`]);
  });

  it('the sales manager opens the funnel, picks a period and drills into a stage', SLOW, async () => {
    const manager = await loginAs(server.app, 'zhang.min', DEMO_PASSWORD);
    const page = await open(DESKTOP, 'zhang.min', '/reports/crm-funnel', true);
    await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
    // Last month has no stage moves (the demo's deals entered today); this month has them all.
    await page.locator('select[data-period]').selectOption('lastMonth');
    await eventually(() => page.locator('.fa-figure-box').textContent()).toMatch(
      /No rows\.|Entered lead: 0(?!\d)/,
    );
    await page.locator('select[data-period]').selectOption('thisMonth');
    await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
    const today = new Date();
    const first = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-01`;
    expect(await page.locator('input[data-param="from"]').inputValue()).toBe(first);
    const params = {
      from: first,
      to: await page.locator('input[data-param="to"]').inputValue(),
    };
    const figures = (await manager.post('/api/reports/crm-funnel/run', { params })).body.rows[0];
    expect(Number(figures.qualified)).toBeGreaterThan(0);
    // Each step labelled with its count and its share of the step before.
    const chart = page.locator('.fa-chart');
    await eventually(() => chart.textContent()).toContain(`Entered qualified: ${figures.qualified}`);
    await screenshot(page, 'desktop-crm-funnel');

    // A click on the second step (qualified) lists the opportunities behind it.
    const box = (await chart.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + 8 + ((300 - 48) / 5) * 1.5);
    const dialog = page.locator('dialog[data-drill="crm-funnel"]');
    await eventually(() => dialog.locator('tbody tr').count()).toBe(Number(figures.qualified));
    await screenshot(page, 'desktop-crm-funnel-drill');
    const shown = await dialog
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')));
    const deals = seed('demo-opportunities.json');
    const owners = new Set(shown.map((id) => deals.find((d) => d.id === id)?.owner));
    expect(owners).toEqual(new Set(['wang.fang', 'li.lei']));
    // The same stage drilled by a salesperson: her own deals only.
    const wang = await loginAs(server.app, 'wang.fang', DEMO_PASSWORD);
    const own = (
      await wang.post('/api/reports/crm-funnel/drill', { params, group: {}, measure: 'qualified' })
    ).body.rows.map((r: any) => r.id);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((id: string) => deals.find((d) => d.id === id)?.owner === 'wang.fang')).toBe(true);
    await dialog.locator('tbody tr a').first().click();
    await eventually(() => new URL(page.url()).pathname).toMatch(/^\/records\/crm-opportunity\/demo-opp-/);
  });
  it(
    'a customer rates a resolved ticket on a phone through its link, without signing in, once',
    SLOW,
    async () => {
      const links = server.app.services.publicLinks;
      const first = await links.issue('crm-ticket', 'demo-ticket-003', 'rate', 'test');
      const second = await links.issue('crm-ticket', 'demo-ticket-008', 'rate', 'test');
      const { page } = await newPage(browser, server, PHONE, { locale: 'zh-CN' });
      pages.push(page);
      await page.goto(first.path);
      await eventually(() => page.locator('h1').textContent()).toBe('请评价我们的服务');
      // A phone's width, no login form, no app frame, nothing of the ticket.
      expect(await page.locator('.f-nav, input[type="password"]').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.locator('body').textContent()).not.toMatch(/demo-|wang\.fang/);
      await page.getByRole('radio', { name: '4 / 5 分' }).click();
      await page.locator('textarea[name="satisfactionComment"]').fill('处理及时，态度很好');
      await screenshot(page, 'phone-crm-rating');
      await page.locator('button[type="submit"]').click();
      await eventually(() => page.locator('.f-alert').textContent()).toContain('感谢您的评价。');
      const rated = (await server.app.services.records
        .collection('crm-ticket')
        .get('demo-ticket-003')) as any;
      expect([rated.data.satisfaction, rated.data.satisfactionComment]).toEqual([4, '处理及时，态度很好']);
      // The same link again, in English: already sent.
      await page.goto(`${first.path}?lang=en`);
      await eventually(() => page.locator('.f-alert').textContent()).toContain(
        'This form has already been sent',
      );
      // Another ticket's link: the score is required before anything is sent.
      await page.goto(second.path);
      await eventually(() => page.locator('h1').textContent()).toBe('How did we do?');
      await page.locator('button[type="submit"]').click();
      await eventually(() => page.locator('.f-field__error').first().textContent()).toBe(
        'Please fill this in',
      );
      await page.locator('.f-lang__option[lang="zh-CN"]').click();
      await eventually(() => page.locator('h1').textContent()).toBe('请评价我们的服务');
      const untouched = (await server.app.services.records
        .collection('crm-ticket')
        .get('demo-ticket-008')) as any;
      expect(untouched.data.satisfaction).toBeUndefined();
      // A made-up link opens nothing.
      await page.goto(`/p/${'x'.repeat(43)}`);
      await eventually(() => page.locator('.f-alert').textContent()).toBe('此链接无效');
    },
  );
  it("the sales manager reads a campaign's delivery log on its page, by status", SLOW, async () => {
    const records = server.app.services.records;
    const as = (form: string) => systemActor(`record:${form}`, 'create', 'automation:test');
    const owner = { owner: 'zhang.min', department: 'sales-east' };
    const segment = await records.create(as('crm-segment'), 'crm-segment', { name: 'Log test' }, owner);
    const campaign = await records.create(
      as('crm-campaign'),
      'crm-campaign',
      {
        name: 'Log test offer',
        segment: segment.id,
        channel: 'email',
        textEn: 'Hello {{name}}',
        textZh: '{{name}}您好',
        scheduledAt: '2030-01-01T00:00:00.000Z',
      },
      owner,
    );
    // What a send left (records.mail writes these): two sent, one opted out — liu.yang's customer,
    // whom the East China manager may not open — and one without an address.
    await server.adapters.store.collection('mailings').insert({
      id: campaign.id,
      form: 'crm-customer',
      channel: 'email',
      status: 'done',
      batches: 1,
      startedAt: '2026-12-01T02:00:00.000Z',
    });
    const delivery = (recordId: string, status: string, reason?: string) => ({
      id: `${campaign.id}:${recordId}`,
      mailing: campaign.id,
      recordId,
      channel: 'email',
      status,
      ...(reason ? { reason } : {}),
      claim: 'test',
      at: '2026-12-01T02:00:00.000Z',
    });
    for (const d of [
      delivery('demo-cust-001', 'sent'),
      delivery('demo-cust-091', 'sent'),
      delivery('demo-cust-211', 'skipped', 'opted-out'),
      delivery('demo-cust-181', 'skipped', 'no-address'),
    ])
      await server.adapters.store.collection('mailing_deliveries').insert(d);
    const page = await open(DESKTOP, 'zhang.min', `/records/crm-campaign/${campaign.id}`, true);
    const log = page.locator('#record-deliveries');
    await eventually(() => log.locator('[data-delivery]').count()).toBe(4);
    expect(await log.locator('.f-segmented__option').allTextContents()).toEqual([
      'All (4)',
      'Sent (2)',
      'Skipped (2)',
      'Failed (0)',
      'Unknown (0)',
    ]);
    await expect
      .poll(() => log.locator('[data-recipient="demo-cust-001"] a').textContent())
      .toBe('南京联信贸易有限公司');
    expect(await log.locator('[data-recipient="demo-cust-211"]').textContent()).toContain(
      'A recipient you cannot open',
    );
    await log.locator('.f-segmented__option', { hasText: 'Skipped' }).click();
    await eventually(() => log.locator('[data-delivery]').count()).toBe(2);
    expect(await log.locator('[data-delivery="sent"]').count()).toBe(0);
    expect(await log.textContent()).toContain('opted out');
    await screenshot(page, 'desktop-crm-campaign-deliveries');
  });
});
