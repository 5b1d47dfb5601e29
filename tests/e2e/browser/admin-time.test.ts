// Business calendars and scheduled runs in the admin console, in a real browser (chromium,
// playwright-core) on a phone (390×844) and a desktop (1280×800):
// - an admin adds a holiday and a make-up working day (调休) to a calendar, saves, and the month
//   grid — what the server says each date is — changes; a day that is both is refused, with the
//   problem shown at the entry it is about;
// - a module's calendar (cn-calendar) opens read-only with China's National Day and its make-up day;
// - an admin sees a finished record-set run's progress and pages through its per-record log.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  DEMO_PASSWORD,
  demoLogin,
  DESKTOP,
  launchChromium,
  newPage,
  pageErrors,
  PHONE,
  screenshot,
  startWebApp,
  submitLogin,
  type Viewport,
  type WebApp,
} from '#tests/support/browser.ts';
import { writeDeskModule } from '#tests/support/desk-module.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import { waitFor } from '#tests/support/wait-for.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };
/** Open tickets the sweep goes through: more than one page (50) of its log. */
const OPEN_TICKETS = 54;

const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
const kindOf = (page: Page, date: string) =>
  page.locator(`.c-day[data-date="${date}"]`).getAttribute('data-kind');

describe('admin: business calendars and scheduled runs', () => {
  const modules = tempDir('admin-time-modules');
  let server: WebApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof apiSession>>;
  let runId: string;

  beforeAll(async () => {
    cpSync(
      join(import.meta.dirname, '..', '..', '..', 'modules', 'cn-calendar'),
      join(modules.dir, 'cn-calendar'),
      {
        recursive: true,
      },
    );
    writeDeskModule(modules.dir, { setBatchSize: 20 });
    server = await startWebApp({ modulesDir: modules.dir });
    browser = await launchChromium();
    admin = await apiSession(server, demoLogin('admin'));
    for (const id of ['cn-calendar', 'desk']) {
      const installed = await admin.post(`/api/modules/${id}/install`, { enable: true });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    }
    const week = { from: '09:00', to: '18:00' };
    for (const viewport of ['phone', 'desktop'])
      expect(
        (
          await admin.post('/api/calendars', {
            id: `office-${viewport}`,
            name: { en: `Office (${viewport})`, 'zh-CN': `办公室（${viewport}）` },
            timeZone: 'Asia/Shanghai',
            weekly: { monday: [week], tuesday: [week], wednesday: [week], thursday: [week], friday: [week] },
          })
        ).status,
      ).toBe(201);
    const employee = await apiSession(server, demoLogin('employee'));
    for (let i = 0; i < OPEN_TICKETS + 1; i++)
      expect(
        (await employee.post('/api/records/desk-ticket', { data: { subject: i ? `Open ${i}` : 'skip me' } }))
          .status,
      ).toBe(201);
    expect(
      (await employee.post('/api/records/desk-ticket', { data: { subject: 'Closed', open: false } })).status,
    ).toBe(201);
    const started = await admin.post('/api/automations/desk-sweep/run', {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    runId = started.body.id;
    await waitFor(
      async () => (await admin.get(`/api/automations/desk-sweep/runs/${runId}`)).body.status === 'succeeded',
      60_000,
      `run ${runId}`,
    );
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    modules.remove();
  });

  async function signIn(viewport: Viewport, path: string): Promise<Page> {
    const { page } = await newPage(browser, server, viewport);
    await page.goto(path);
    await submitLogin(page, demoLogin('admin'), DEMO_PASSWORD);
    await eventually(() => page.locator('.f-header .f-lang__option[lang="en"]').count()).toBe(1);
    await page.locator('.f-header .f-lang__option[lang="en"]').click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe('en');
    return page;
  }

  const addHoliday = async (scope: Locator, from: string, name: string) => {
    await scope.locator('input[name="holiday-from"]').fill(from);
    await scope.locator('input[name="holiday-name-en"]').fill(name);
    await scope.getByRole('button', { name: 'Add holiday' }).click();
  };
  const addWorkday = async (scope: Locator, date: string, name: string) => {
    await scope.locator('input[name="workday-date"]').fill(date);
    await scope.locator('input[name="workday-name-en"]').fill(name);
    await scope.getByRole('button', { name: 'Add working day' }).click();
  };

  it.each([DESKTOP, PHONE])(
    'an admin adds a holiday and a make-up day and the month grid changes ($name)',
    SLOW,
    async (viewport) => {
      const id = `office-${viewport.name}`;
      const page = await signIn(viewport, '/admin/calendars');
      await page.locator(`[data-open-calendar="${id}"]`).click();
      const detail = page.locator(`[data-calendar="${id}"]`);
      await detail.locator('input[type="month"]').fill('2026-11');
      await eventually(() => kindOf(page, '2026-11-12')).toBe('working');
      expect(await kindOf(page, '2026-11-14')).toBe('off');

      // A Thursday off, the Saturday after worked instead (调休).
      await addHoliday(detail, '2026-11-12', 'Founders day');
      await addWorkday(detail, '2026-11-14', 'Make-up for founders day');
      expect(await detail.locator('.c-save').innerText()).toMatch(/Unsaved changes/);
      await detail.getByRole('button', { name: 'Save calendar' }).click();
      await eventually(() => kindOf(page, '2026-11-12')).toBe('holiday');
      expect(await kindOf(page, '2026-11-14')).toBe('workday');
      expect(await detail.locator('[data-testid="month-special"]').innerText()).toMatch(
        /2026-11-12\s+Holiday\s+Founders day[\s\S]*2026-11-14\s+Make-up working day \(调休\)\s+Make-up for founders day/,
      );
      const stored = (await admin.get(`/api/calendars/${id}`)).body;
      expect(stored.holidays).toEqual([
        { from: '2026-11-12', name: { en: 'Founders day', 'zh-CN': 'Founders day' } },
      ]);
      expect(stored.workdays).toEqual([
        { date: '2026-11-14', name: { en: 'Make-up for founders day', 'zh-CN': 'Make-up for founders day' } },
      ]);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `admin-${viewport.name}-calendar-edited`, { whole: true });

      // A day that is both a holiday and a working day is refused; the problem shows at its entry
      // and nothing is stored.
      await addWorkday(detail, '2026-11-12', 'Both');
      await detail.getByRole('button', { name: 'Save calendar' }).click();
      await eventually(() => detail.locator('.c-item--invalid').count()).toBeGreaterThan(0);
      expect(await detail.locator('.c-item--invalid').first().innerText()).toMatch(/2026-11-12/);
      expect(await detail.locator('.f-alert--error').innerText()).toMatch(/cannot be used/);
      await screenshot(page, `admin-${viewport.name}-calendar-refused`, { whole: true });
      expect((await admin.get(`/api/calendars/${id}`)).body.rev).toBe(stored.rev);

      // The module's calendar: China's National Day and the Saturday worked for it, read-only.
      await page.locator('[data-open-calendar="cn-calendar-standard"]').click();
      const cn = page.locator('[data-calendar="cn-calendar-standard"]');
      await cn.locator('input[type="month"]').fill('2026-10');
      await eventually(() => kindOf(page, '2026-10-01')).toBe('holiday');
      expect(await kindOf(page, '2026-10-10')).toBe('workday');
      expect(await cn.innerText()).toMatch(/comes with module cn-calendar/);
      expect(await cn.getByRole('button', { name: 'Save calendar' }).count()).toBe(0);
      await page.locator('.f-header .f-lang__option[lang="zh-CN"]').click();
      await eventually(() => cn.locator('.c-day[data-date="2026-10-10"] .c-day__mark').innerText()).toBe(
        '班',
      );
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `admin-${viewport.name}-calendar-module-zh`, { whole: true });
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  it.each([DESKTOP, PHONE])(
    "an admin sees a finished run's progress and its log ($name)",
    SLOW,
    async (viewport) => {
      const page = await signIn(viewport, '/admin/scheduled-runs');
      await page.locator(`[data-open-run="${runId}"]`).click();
      const run = page.locator(`[data-run="${runId}"]`);
      const progress = run.locator('.r-progress');
      await eventually(() => progress.getAttribute('data-processed')).toBe(String(OPEN_TICKETS + 1));
      expect(await progress.getAttribute('data-total')).toBe(String(OPEN_TICKETS + 1));
      expect(await progress.innerText()).toMatch(
        new RegExp(
          `${OPEN_TICKETS + 1} of ${OPEN_TICKETS + 1}[\\s\\S]*${OPEN_TICKETS} done · 1 skipped · 0 failed · 3 batch`,
        ),
      );
      expect(await run.locator('[data-state]').innerText()).toBe('Finished');
      // The log, 50 records a page: the first page, then the rest.
      const rows = run.locator('.f-table tbody tr');
      await eventually(() => rows.count()).toBe(50);
      await screenshot(page, `admin-${viewport.name}-scheduled-run`, { whole: true });
      await run.getByRole('button', { name: 'Next page' }).click();
      await eventually(() => run.locator('[data-testid="log-page"]').innerText()).toBe('Page 2');
      await eventually(() => rows.count()).toBe(OPEN_TICKETS + 1 - 50);
      // Only what was skipped: the ticket the condition leaves out.
      await run.getByRole('button', { name: 'Skipped' }).click();
      await eventually(() => rows.count()).toBe(1);
      expect(await run.locator('[data-testid="log-page"]').innerText()).toBe('Page 1');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.locator('.f-header .f-lang__option[lang="zh-CN"]').click();
      await eventually(() => run.locator('[data-state]').innerText()).toBe('已完成');
      await screenshot(page, `admin-${viewport.name}-scheduled-run-zh`, { whole: true });
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );
});
