// Browser tests: the real app (Fastify + the built web app, embedded mode on a temp DATA_DIR) driven
// by Debian's chromium through playwright-core.
//
//   const server = await startWebApp();              // builds designer/dist first when stale
//   const browser = await launchChromium();
//   const page = await newPage(browser, server, PHONE);
//   await logIn(page, 'zheng.xin');
//   await screenshot(page, 'phone-requests');        // test-artifacts/browser/phone-requests.png
//
// scripts/services.sh `up` installs chromium (and a Chinese font) when missing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '#engine/http/app.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import { DEMO_LOGINS, seedDemo } from '#engine/services/identity/demo.ts';
import { ensureFirstAdmin } from '#engine/services/identity/seed.ts';
import type { Adapters } from '#platform/adapters.ts';
import { ensureDesignerBuild } from '#scripts/ensure-designer-build.ts';
import { composeTestPlatform, type TestPlatformOptions } from './app-harness.ts';
import { tempDir } from './temp-dir.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'browser');
export const DEMO_PASSWORD = 'demo-password-2026';

export interface Viewport {
  name: string;
  width: number;
  height: number;
  /** Phone layout: bottom tab bar instead of the sidebar. */
  phone: boolean;
}

export const PHONE: Viewport = { name: 'phone', width: 390, height: 844, phone: true };
export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 800, phone: false };
export const VIEWPORTS = [PHONE, DESKTOP];

export interface WebApp {
  url: string;
  app: FastifyInstance;
  adapters: Adapters;
  /** The first administrator `admin` and its one-time password (as `npm start` prints it). */
  firstAdmin: { login: string; password: string };
  close(): Promise<void>;
}

/**
 * The platform as `npm start` runs it — first-start administrator, then the demo company (as with
 * DEMO=1), every demo user with DEMO_PASSWORD — listening on a free loopback port.
 */
export async function startWebApp(
  options: Pick<TestPlatformOptions, 'approvalUndoWindowMs' | 'modulesDir' | 'outboxDir'> = {},
): Promise<WebApp> {
  await ensureDesignerBuild(() => undefined);
  const tmp = tempDir('browser');
  const platform = await composeTestPlatform('embedded', { namespace: 'browser', dataDir: tmp.dir }, options);
  const { identity } = platform.services;
  const app = await buildApp({ services: platform.services, sweepIntervalMs: 0 });
  const firstAdmin = await ensureFirstAdmin(identity);
  if (!firstAdmin) throw new Error('expected a first-start administrator on an empty store');
  await seedDemo(identity, { password: DEMO_PASSWORD });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    app,
    adapters: platform.adapters,
    firstAdmin,
    async close() {
      await app.close();
      await platform.close();
      tmp.remove();
    },
  };
}

/**
 * Headless chromium with a fresh profile (playwright-core makes a new --user-data-dir per launch).
 * `extraArgs`: more switches (a fake camera: tests/support/fake-camera.ts).
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Paths of every script the page requested so far (/assets/…js). */
  scripts: string[];
}

/** A new browser context (own cookies and storage) and page at a viewport. */
export async function newPage(
  browser: Browser,
  server: WebApp,
  viewport: Viewport,
  options: { locale?: string; geolocation?: { latitude: number; longitude: number; accuracy?: number } } = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: viewport.width, height: viewport.height },
    deviceScaleFactor: 1,
    isMobile: viewport.phone,
    hasTouch: viewport.phone,
    locale: options.locale ?? 'en-US',
    // A phone that gives its position (the page may ask without a prompt).
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.js')) scripts.push(path);
  });
  // A failing page must fail the test with the browser's own words.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) errors.push(message.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  return { context, page, scripts };
}

/** Errors the page reported (uncaught exceptions, console errors other than expected 4xx replies). */
export const pageErrors = (page: Page): string[] => (page as Page & { errors?: string[] }).errors ?? [];

export function demoLogin(role: keyof typeof DEMO_LOGINS): string {
  return DEMO_LOGINS[role];
}

/** Fills the login form and submits it. */
export async function submitLogin(page: Page, login: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
}

/**
 * Saves what the screen shows (from the top of the page). `whole`: the whole page instead, by
 * stretching the viewport to the page's height for the shot — a plain full-page capture would draw
 * the sticky header and the phone's fixed tab bar in the middle of the picture.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { whole?: boolean } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.evaluate('window.scrollTo(0, 0)'); // (a string: the tests' types have no DOM)
  const viewport = page.viewportSize();
  if (options.whole && viewport) {
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
    await page.screenshot({ path });
    await page.setViewportSize(viewport);
  } else await page.screenshot({ path });
  return path;
}

/** The signed-in user's profile as the API sees it (through the page's own session cookie). */
export async function meFromApi(page: Page): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async () => {
    const res = await fetch('/api/auth/me');
    return { status: res.status, body: (await res.json()) as unknown };
  });
}

/**
 * Calls the web app's API as a demo user (signed in through the API, no browser): for a test's
 * setup and for checking what the page did. JSON replies are parsed.
 */
export async function apiSession(server: WebApp, login: string) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login, password: DEMO_PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!cookie) throw new Error(`login as ${login} failed: ${res.body}`);
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const r = await server.app.inject({
      method,
      url,
      headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
      ...(payload ? { payload } : {}),
    });
    const json = String(r.headers['content-type'] ?? '').includes('application/json');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely
    return { status: r.statusCode, body: (json && r.body ? JSON.parse(r.body) : r.body) as any };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: object = {}) => call('POST', url, body),
    put: (url: string, body: object) => call('PUT', url, body),
  };
}
