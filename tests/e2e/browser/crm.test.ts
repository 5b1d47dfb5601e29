// The CRM in a real browser, with its demo data: on a phone (390×844, Chinese) the salesperson
// wang.fang lists her customers — her own and the public pool's, none of li.lei's — and moves an
// opportunity on the board by stage with "Move to…", which the opportunity's change log records;
// on a desktop (1280×800, English) the East China sales manager sees the team's opportunities on
// the board, li.lei's among them. Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
