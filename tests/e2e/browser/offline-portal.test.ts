// The portal as an installable web app that works while the server cannot be reached, in a real
// browser on a phone (390×844): the manager opens the portal online (the service worker installs
// and keeps the app shell, the inbox, my requests, the catalogue and its forms), then the phone
// goes offline and the page is reloaded — the portal opens with the last inbox and a banner saying
// it is offline; an expense claim is filled in and submitted — it is queued, and the banner says
// exactly how many requests wait; a second queued claim holds data the server refuses. Back
// online, the first is submitted exactly once and appears in My requests; the refused one stays,
// with the server's error, to be fixed or discarded. Screenshots in test-artifacts/browser/.
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
  type TestPage,
  type WebApp,
} from '#tests/support/browser.ts';
import { waitFor } from '#tests/support/wait-for.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 200 });
const SLOW = { timeout: 300_000 };
const ENTRY = 'finance-expense-claim';
const TITLE = 'Team dinner, offline';

describe('the portal on a phone while the server cannot be reached', () => {
  let server: WebApp;
  let browser: Browser;
  let phone: TestPage;
  let managerId = '';

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    // Something in the manager's inbox: the employee's claim, waiting for their approval.
    const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
    const submitted = await employee.post(`/api/catalogue/${ENTRY}/submit`, {
      data: {
        title: 'Taxi to the airport',
        date: '2026-03-09',
        lines: [{ date: '2026-03-09', category: 'transport', amount: '86.00' }],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const manager = await loginAs(server.app, demoLogin('manager'), DEMO_PASSWORD);
    managerId = (await manager.get('/api/auth/me')).body.user.id;
    // The banner's words are checked in English (the demo manager reads Chinese by default).
    expect((await manager.patch('/api/auth/me', { locale: 'en' })).status).toBe(200);
    await waitFor(async () => (await manager.get('/api/tasks')).body.items.length === 1, 60_000, 'the task');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The manager's requests with this title, as the server has them. */
  const claimsOnServer = async () => {
    const { items } = await server.app.services.flows.runtime.instances.find(
      { startedBy: managerId },
      { limit: 50 },
    );
    return items.filter((i) => (i.variables as { title?: string }).title === TITLE);
  };
  const keptReads = (page: Page) =>
    page.evaluate<string[]>(
      "caches.open('forma-data-v1').then((c) => c.keys()).then((ks) => ks.map((r) => new URL(r.url).pathname))",
    );

  it('opens online, installs, and keeps the shell and the last reads', SLOW, async () => {
    phone = await newPage(browser, server, PHONE);
    const { page } = phone;
    await page.goto('/requests');
    await submitLogin(page, demoLogin('manager'), DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
    // Installable: the manifest with its icons, and a service worker controlling the page.
    const manifest = await page.evaluate<{ display: string; icons: Array<{ sizes: string }> }>(
      "fetch(document.querySelector('link[rel=manifest]').href).then((r) => r.json())",
    );
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await eventually(() => page.evaluate<boolean>('!!navigator.serviceWorker.controller')).toBe(true);
    // The pages read once while the worker is in charge: their replies are kept.
    await page.goto('/inbox');
    await eventually(() => page.locator('[data-task]').count()).toBe(1);
    await page.goto('/requests/mine');
    await eventually(() => page.locator('.f-page__title, h1').count()).toBeGreaterThan(0);
    await page.goto('/requests');
    await eventually(() => page.locator(`a.f-linkcard[data-entry="${ENTRY}"]`).count()).toBe(1);
    await eventually(async () => {
      const kept = await keptReads(page);
      return (
        ['/api/auth/me', '/api/tasks', '/api/approvals/requests', '/api/catalogue'].every((p) =>
          kept.includes(p),
        ) && kept.some((p) => /^\/api\/forms\/[^/]+\/render$/.test(p))
      );
    }).toBe(true);
    // No banner while the server answers.
    expect(await page.locator('.f-offline').count()).toBe(0);
  });

  it('offline, the reloaded portal shows the last inbox and says it is offline', SLOW, async () => {
    const { page, context } = phone;
    await context.setOffline(true);
    await page.goto('/inbox');
    await eventually(() => page.locator('[data-task]').count()).toBe(1);
    const banner = page.locator('.f-offline');
    await eventually(() => banner.getAttribute('data-state')).toBe('offline');
    // The whole shell is there, icons too.
    await eventually(() =>
      page.evaluate<number>("document.querySelector('.f-brand__mark').naturalWidth"),
    ).toBeGreaterThan(0);
    expect(await banner.innerText()).toMatch(
      /You are offline: the server cannot be reached\. Showing what this device saved at/,
    );
    await screenshot(page, 'phone-offline-inbox');
  });

  it('a claim submitted offline is queued, and the banner says exactly what waits', SLOW, async () => {
    const { page } = phone;
    await page.goto('/requests');
    const entry = page.locator(`a.f-linkcard[data-entry="${ENTRY}"]`);
    await eventually(() => entry.count()).toBe(1);
    await entry.click();
    const field = (id: string) => page.locator(`#${id}`);
    await eventually(() => field('root_title').count()).toBe(1);
    await field('root_title').fill(TITLE);
    await field('root_date').fill('2026-03-10');
    await field('root_lines_0_date').fill('2026-03-10');
    await field('root_lines_0_category').selectOption({ label: 'Meals & entertainment' });
    await field('root_lines_0_amount').fill('420.00');
    await eventually(() => page.locator('.fp-draft-state').getAttribute('data-state')).toBe('offline');
    await screenshot(page, 'phone-offline-new-request', { whole: true });
    await page.locator('.fp-request-form button[type="submit"]').click();
    await eventually(() => new URL(page.url()).pathname).toBe('/requests/mine');
    await eventually(() => page.locator('[data-queued]').count()).toBe(1);
    expect(await page.locator('.f-offline__queued').innerText()).toBe(
      '1 request will be sent when the server is back.',
    );

    // A second queued claim whose data the server will refuse (as when the form changed meanwhile).
    await page.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('forma-offline', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('outbox', 'readwrite');
        tx.objectStore('outbox').put({
          key: 'refused-claim-0001', userId: ${JSON.stringify(managerId)}, entry: ${JSON.stringify(ENTRY)},
          name: { en: 'Expense claim', 'zh-CN': '费用报销' },
          data: { title: 'No lines at all', date: '2026-03-11', lines: [] },
          queuedAt: new Date().toISOString(), state: 'queued',
        });
        tx.oncomplete = () => { open.result.close(); resolve(true); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    })`);
    await page.reload();
    await eventually(() => page.locator('[data-queued]').count()).toBe(2);
    await eventually(() => page.locator('.f-offline__queued').innerText()).toBe(
      '2 requests will be sent when the server is back.',
    );
    expect(await claimsOnServer()).toHaveLength(0);
    await screenshot(page, 'phone-offline-queued', { whole: true });
  });

  it(
    'back online, the claim is submitted exactly once; the refused one stays with its error',
    SLOW,
    async () => {
      const { page, context } = phone;
      await context.setOffline(false);
      // Sent by itself (the 'online' event, or the next probe of the server).
      await eventually(async () => (await claimsOnServer()).length).toBe(1);
      await eventually(() => page.locator('[data-queued][data-state="queued"]').count()).toBe(0);
      const refused = page.locator('[data-queued][data-state="refused"]');
      await eventually(() => refused.count()).toBe(1);
      expect(await refused.innerText()).toMatch(/The server refused it/);
      expect(await refused.innerText()).toMatch(/\/lines/);
      await eventually(() => page.locator('.f-offline').getAttribute('data-state')).toBe('refused');
      // The claim is in My requests, from the server.
      const [claim] = await claimsOnServer();
      await eventually(() => page.locator(`[data-request="${claim!.id}"]`).count()).toBe(1);
      await screenshot(page, 'phone-offline-sent', { whole: true });
      // Reloading (a second sending attempt) makes nothing twice.
      await page.reload();
      await eventually(() => page.locator(`[data-request="${claim!.id}"]`).count()).toBe(1);
      expect(await claimsOnServer()).toHaveLength(1);
      // The refused claim is discarded on purpose, not lost by accident.
      await refused.locator('button').click();
      await eventually(() => page.locator('[data-queued]').count()).toBe(0);
      await eventually(() => page.locator('.f-offline').count()).toBe(0);
      expect(
        pageErrors(page).filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e)),
      ).toEqual([]);
    },
  );
});
