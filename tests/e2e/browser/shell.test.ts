// The web app's shell in a real browser, on a phone (390×844) and a desktop (1280×800): login and
// its errors, navigation by role, the language switch (saved on the server for the user), logout,
// the forced change of a one-time password, and code splitting (the portal never downloads the
// flow modeler). Screenshots go to test-artifacts/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '#scripts/designer-size.ts';
import {
  DEMO_PASSWORD,
  demoLogin,
  launchChromium,
  meFromApi,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  submitLogin,
  VIEWPORTS,
  type WebApp,
} from '#tests/support/browser.ts';

// Waits for the page to get there (a slow machine is slow, not wrong); never asserts on time.
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

const sectionLabels = (page: Page): Promise<string[]> =>
  page.locator('.f-nav__section > .f-nav__link').allInnerTexts();

const heading = (page: Page) => page.locator('main h1');

async function logOut(page: Page): Promise<void> {
  await page.locator('.f-account__button').click();
  await page.locator('.f-menu button.f-menu__item').click();
  await eventually(() => page.locator('input[name="username"]').count()).toBe(1);
}

const SLOW = { timeout: 180_000 };

/** The script file of a lazy page, from the build's manifest. */
function chunkOf(source: string): string {
  const chunk = readManifest()[source];
  if (!chunk) throw new Error(`no chunk for ${source}`);
  return `/${chunk.file}`;
}

describe.each(VIEWPORTS)('web app shell on a $name ($width×$height)', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const shot = (page: Page, name: string, whole = false) =>
    screenshot(page, `${viewport.name}-${name}`, { whole });

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'an employee logs in, sees the portal only, switches language (saved for them), logs out',
    SLOW,
    async () => {
      const { context, page, scripts } = await newPage(browser, server, viewport);
      await page.goto('/requests');
      // An English browser without a stored choice: the login page speaks English.
      await eventually(() => heading(page).innerText()).toBe('Sign in');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await shot(page, 'login');

      // Empty form: the client says what is missing; wrong password: the server's message.
      await page.locator('form button[type="submit"]').click();
      await eventually(() => page.locator('.f-field__error').allInnerTexts()).toEqual([
        'Enter your login name.',
        'Enter your password.',
      ]);
      await submitLogin(page, demoLogin('employee'), 'not-the-password');
      await eventually(() => page.locator('.f-alert--error').count()).toBe(1);
      expect(await page.locator('.f-alert--error').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
      await shot(page, 'login-error');

      // The demo users' saved language is zh-CN: after login the app speaks it.
      await submitLogin(page, demoLogin('employee'), DEMO_PASSWORD);
      await eventually(() => sectionLabels(page)).toEqual(['申请', '待办', '数据', '分析']);
      await eventually(() => heading(page).innerText()).toBe('申请');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await eventually(() => page.url()).toBe(`${server.url}/requests`);
      await shot(page, 'employee-zh');

      // English: every label changes, and the choice is saved on the server.
      await page.locator('.f-header .f-lang__option[lang="en"]').click();
      await eventually(() => sectionLabels(page)).toEqual(['Requests', 'Inbox', 'Records', 'Analytics']);
      expect(await heading(page).innerText()).toBe('Requests');
      await expect
        .poll(async () => ((await meFromApi(page)).body as { user: { locale: string } }).user.locale)
        .toBe('en');
      await page.reload();
      await eventually(() => sectionLabels(page)).toEqual(['Requests', 'Inbox', 'Records', 'Analytics']);
      await shot(page, 'employee-en');

      // Inbox through the navigation; Design and Admin are not offered, and not reachable by URL.
      await page.locator('.f-nav__section[data-section="inbox"] > .f-nav__link').click();
      await eventually(() => heading(page).innerText()).toBe('Inbox');
      expect(page.url()).toBe(`${server.url}/inbox`);
      await page.goto('/admin');
      await eventually(() => page.locator('.f-empty__title').innerText()).toBe('No access');

      // The portal never downloaded the designers' chunks.
      for (const designer of [
        'src/flow-modeler/FlowsPage.tsx',
        'src/flow-modeler/FlowModelerPage.tsx',
        'src/form-designer/FormsPage.tsx',
        'src/form-designer/FormEditorPage.tsx',
      ])
        expect(scripts).not.toContain(chunkOf(designer));

      await logOut(page);
      expect(await heading(page).innerText()).toBe('Sign in'); // still English on this browser
      expect((await meFromApi(page)).status).toBe(401);
      expect(pageErrors(page)).toEqual([]);
      await context.close();

      // Another device (a Chinese browser, nothing stored): after login the user's English is back.
      const other = await newPage(browser, server, viewport, { locale: 'zh-CN' });
      await other.page.goto('/');
      await eventually(() => heading(other.page).innerText()).toBe('登录');
      await submitLogin(other.page, demoLogin('employee'), DEMO_PASSWORD);
      await eventually(() => sectionLabels(other.page)).toEqual([
        'Requests',
        'Inbox',
        'Records',
        'Analytics',
      ]);
      // The landing page waits for the open-task count (people with tasks land on their inbox).
      await eventually(() => other.page.url()).toBe(`${server.url}/requests`);
      await other.context.close();
    },
  );

  it('a business analyst sees Design; the flow modeler loads only there', SLOW, async () => {
    const { context, page, scripts } = await newPage(browser, server, viewport, { locale: 'zh-CN' });
    await page.goto('/');
    // A Chinese browser, but English chosen on the login page: the analyst's own choice, kept
    // (and saved) at login over their saved zh-CN.
    await eventually(() => heading(page).innerText()).toBe('登录');
    await page.locator('.f-auth__lang .f-lang__option[lang="en"]').click();
    await submitLogin(page, demoLogin('analyst'), DEMO_PASSWORD);
    await eventually(() => sectionLabels(page)).toEqual([
      'Requests',
      'Inbox',
      'Records',
      'Analytics',
      'Design',
    ]);
    expect(scripts).not.toContain(chunkOf('src/flow-modeler/FlowModelerPage.tsx'));

    await page.locator('.f-nav__section[data-section="design"] > .f-nav__link').click();
    await eventually(() => heading(page).innerText()).toBe('Forms');
    await shot(page, 'analyst-forms', true);

    // Forms ↔ Flows: sidebar links on a desktop, tabs above the page on a phone.
    const toFlows = viewport.phone
      ? page.locator('.f-tabs__tab', { hasText: 'Flows' })
      : page.locator('.f-nav__sublink', { hasText: 'Flows' });
    await toFlows.click();
    await eventually(() => heading(page).innerText()).toBe('Flows');
    // The list of flows is light; the modeler (bpmn-js) comes with the modeler page only.
    expect(scripts).not.toContain(chunkOf('src/flow-modeler/FlowModelerPage.tsx'));
    await page.goto(`/design/flows/shell-check-${viewport.name}`);
    await eventually(() => page.locator('.djs-container svg').count()).toBeGreaterThan(0);
    await eventually(() => page.locator('.bio-properties-panel').count()).toBeGreaterThan(0);
    expect(await page.locator('.f-alert--error').count()).toBe(0);
    expect(scripts).toContain(chunkOf('src/flow-modeler/FlowModelerPage.tsx'));
    await shot(page, 'analyst-flows');

    await page.goto('/no/such/page');
    await eventually(() => page.locator('.f-empty__title').innerText()).toBe('Page not found');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('an administrator sees Admin', SLOW, async () => {
    const { context, page } = await newPage(browser, server, viewport);
    await page.goto('/admin');
    await submitLogin(page, demoLogin('admin'), DEMO_PASSWORD);
    await eventually(() => sectionLabels(page)).toEqual(['申请', '待办', '数据', '分析', '设计', '管理']);
    // The address asked for before login is where the administrator lands.
    expect(page.url()).toBe(`${server.url}/admin`);
    expect(await heading(page).innerText()).toBe('系统管理');
    if (!viewport.phone) {
      await page.locator('.f-account__button').click();
      await eventually(() => page.locator('.f-menu').isVisible()).toBe(true);
    }
    await shot(page, 'admin-zh');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the first-start administrator must replace the one-time password', SLOW, async () => {
    const { context, page } = await newPage(browser, server, viewport);
    await page.goto('/');
    await submitLogin(page, server.firstAdmin.login, server.firstAdmin.password);
    // The first administrator's saved language is zh-CN; switch to English on this screen.
    await eventually(() => heading(page).innerText()).toBe('设置您的密码');
    await page.locator('.f-auth__lang .f-lang__option[lang="en"]').click();
    await eventually(() => heading(page).innerText()).toBe('Choose your own password');
    // Nothing else is open until the password is changed.
    expect(await page.locator('.f-nav').count()).toBe(0);
    await shot(page, 'first-admin');

    const fill = async (current: string, next: string, repeat: string) => {
      await page.locator('input[name="current-password"]').fill(current);
      await page.locator('input[name="new-password"]').fill(next);
      await page.locator('input[name="repeat-password"]').fill(repeat);
      await page.locator('form button[type="submit"]').click();
    };
    await fill(server.firstAdmin.password, 'a-new-password-1', 'a-new-password-2');
    await eventually(() => page.locator('.f-field__error').allInnerTexts()).toEqual([
      'The two new passwords differ.',
    ]);
    // The server's policy, shown at the field it concerns.
    await fill(server.firstAdmin.password, 'short', 'short');
    await eventually(() => page.locator('.f-field--invalid .f-field__error').allInnerTexts()).toEqual([
      'at least 10 characters',
    ]);
    await shot(page, 'first-admin-error');

    const password = `new-${viewport.name}-password-2026`;
    await fill(server.firstAdmin.password, password, password);
    await eventually(() => sectionLabels(page)).toEqual([
      'Requests',
      'Inbox',
      'Records',
      'Analytics',
      'Design',
      'Admin',
    ]);
    const me = (await meFromApi(page)).body as { mustChangePassword: boolean; user: { locale: string } };
    expect(me.mustChangePassword).toBe(false);
    expect(me.user.locale).toBe('en'); // the language picked on that screen, saved once allowed
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    // The next viewport's run (its own server) starts from a fresh one-time password anyway.
  });
});
