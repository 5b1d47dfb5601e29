// An employee's HR self-service in a real browser, on a 390 px phone in Chinese: with the HR module
// and its demo data, zheng.xin (5 days of annual leave allocated) asks for more leave than her
// balance and is refused before anything is sent, with her balance in the message; she shortens the
// request, submits it and it waits for her manager. Then she opens her approved payslip from the
// list of her own. Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- API replies are JSON read freely */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '#tests/support/app-harness.ts';
import {
  DEMO_PASSWORD,
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
import { eventually, SLOW } from './designer-steps.ts';

const HR = 'zhou.jie';

describe('HR self-service on a phone: leave within the balance, then the payslip', () => {
  let server: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    for (const id of ['cn-calendar', 'hr']) {
      const installed = await admin.post(`/api/modules/${id}/install`, { enable: true, demo: true });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    }
    const user = (await admin.get(`/api/users/${HR}`)).body;
    const given = await admin.patch(`/api/users/${HR}`, { rev: user.rev, roles: [...user.roles, 'hr'] });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    const hr = await loginAs(server.app, HR, DEMO_PASSWORD);
    const made = await hr.post('/api/records/hr-leave-allocation', {
      data: { employee: 'zheng.xin', leaveType: 'annual', kind: 'allocation', date: '2026-01-01', days: 5 },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const submitted = await hr.post(`/api/records/hr-leave-allocation/${made.body.id}/submit`, {
      rev: made.body.rev,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    // The allocation reaches the leave ledger through an automation: wait for it (outside a test,
    // so by hand rather than expect.poll).
    for (let i = 0; ; i++) {
      const res = await hr.post('/api/reports/hr-leave-balance/run', {
        params: { party: 'zheng.xin', item: 'annual' },
      });
      if (Number(res.body.rows[0]?.balance) === 5) break;
      if (i > 200) throw new Error(`the allocation never reached the ledger: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const field = (page: Page, id: string) => page.locator(`input#root_${id}`);

  it(
    'asks for leave, sees the balance refuse too many days, submits fewer; opens her payslip',
    SLOW,
    async () => {
      const { page } = await newPage(browser, server, PHONE);
      await page.goto('/requests');
      await submitLogin(page, demoLogin('employee'), DEMO_PASSWORD);
      await eventually(() => page.locator('.f-nav').count()).toBe(1);
      const entry = page.locator('a.f-linkcard[data-entry="hr-leave-request"]');
      await eventually(() => entry.count()).toBeGreaterThan(0);
      await screenshot(page, 'phone-hr-catalogue');
      await entry.first().click();
      await eventually(() => field(page, 'leaveType').count()).toBe(1);
      await field(page, 'leaveType').click();
      await field(page, 'leaveType').fill('annual');
      await eventually(() => page.locator('[role="option"]').count()).toBeGreaterThan(0);
      await page.locator('[role="option"]').first().click();
      // Mon 14 to Mon 21 December 2026: six working days, one more than her five.
      await field(page, 'from').fill('2026-12-14');
      await field(page, 'to').fill('2026-12-21');
      await eventually(() => field(page, 'days').inputValue()).toBe('6');
      await page.locator('.fp-request-form button[type="submit"]').click();
      const warning = page.locator('.fp-warnings');
      await eventually(() => warning.count()).toBe(1);
      expect(await warning.innerText()).toContain('申请 6 天，但假期余额仅剩 5 天');
      await screenshot(page, 'phone-hr-leave-refused', { whole: true });
      expect(
        await server.app.services.flows.runtime.instances.count({ processId: 'hr-leave-approval' }),
      ).toBe(
        3, // the demo's three requests only: nothing was sent
      );

      await field(page, 'to').fill('2026-12-15');
      await eventually(() => field(page, 'days').inputValue()).toBe('2');
      await eventually(() => warning.count()).toBe(0);
      await page.locator('.fp-request-form button[type="submit"]').click();
      await eventually(() => new URL(page.url()).pathname).toMatch(/^\/requests\/req-/);
      await eventually(() => page.locator('.f-alert--success').count()).toBe(1);
      await eventually(() => page.locator('.fp-steps__holders').innerText()).toMatch(/吴/);
      await screenshot(page, 'phone-hr-leave-submitted', { whole: true });

      // Her payslips: her own, approved ones only; the January one opens on its record page.
      const mine = (
        await (await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD)).get('/api/records/hr-payslip')
      ).body.items as any[];
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((p) => p.data.employee === 'zheng.xin' && p.status === 'approved')).toBe(true);
      const slip = mine.find((p) => p.data.period === '2026-01');
      await page.goto('/records/hr-payslip');
      const link = page.locator(`a[href="/records/hr-payslip/${slip.id}"]`).first();
      await eventually(() => link.count()).toBe(1);
      await screenshot(page, 'phone-hr-payslips');
      await link.click();
      await eventually(() => new URL(page.url()).pathname).toBe(`/records/hr-payslip/${slip.id}`);
      // Read only, in her language: the pay as computed, to the fen.
      await eventually(() => page.locator('input#root_net').inputValue()).toBe(slip.data.net);
      expect(await page.locator('input#root_tax').inputValue()).toBe(slip.data.tax);
      expect(await page.locator('input#root_net').isEditable()).toBe(false);
      await screenshot(page, 'phone-hr-payslip', { whole: true });
      expect(pageErrors(page)).toEqual([]);
    },
  );
});
