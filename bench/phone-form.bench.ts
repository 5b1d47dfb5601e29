// `npm run bench:phone`: how soon the expense claim form can be filled in on a slow phone. The real
// app (embedded mode, the demo company with finance installed, the built web app) in Chromium at
// 390 px, with the network and CPU throttled through the DevTools protocol as a mid-range phone on
// a poor mobile connection: 1.6 Mbps down, 750 kbps up, 150 ms round trips, the CPU 4× slower.
//
// Each load is cold (a new browser context: no HTTP cache, no service worker) but signed in (the
// session cookie from an unthrottled login). Time to usable = from navigation start to the first
// frame after the form's first field is on the page (React has attached its handlers when the
// input is committed, so a tap then works). The baseline, measured in the same run under the same
// throttling: the login page becoming usable (its username field) — what any page of the app costs
// at least. Prints medians of BENCH_PHONE_RUNS loads (default 5), the JavaScript the form's load
// transferred, and whether the form met the 2-second goal.
import type { Browser, BrowserContext } from 'playwright-core';
import { table } from './harness.ts';
import {
  DEMO_PASSWORD,
  PHONE,
  demoLogin,
  launchChromium,
  startWebApp,
  submitLogin,
} from '../tests/support/browser.ts';
import { loginAs } from '../tests/support/app-harness.ts';

const RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 5);
const GOAL_MS = 2000;
const ENTRY = 'finance-expense-claim';
const FORM_PATH = `/requests/new/${ENTRY}`;
const FIRST_FIELD = '#root_title';
const THROTTLE = {
  latency: 150,
  downloadThroughput: (1.6 * 1_000_000) / 8,
  uploadThroughput: (750 * 1000) / 8,
  cpu: 4,
};

interface Load {
  usableMs: number;
  jsBytes: number;
  /** Of which arrived before the page was usable. */
  jsBeforeUsable: number;
  requests: number;
  /** When the form's own checks (computed fields, cross-field rules) were ready, if the app marks it. */
  checksMs: number | null;
}

// Runs in the page before its scripts: records the first frame after `selector` appears. A string,
// not a function: tsx would add its own helpers (`__name`) to a function's source, absent in a page.
const markUsable = (selector: string): string => `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector(${JSON.stringify(selector)})) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__usable ??= performance.now(); }));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function load(
  browser: Browser,
  url: string,
  selector: string,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
  throttled: boolean,
): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: PHONE.width, height: PHONE.height },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  try {
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.addInitScript(markUsable(selector));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (throttled) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: THROTTLE.latency,
        downloadThroughput: THROTTLE.downloadThroughput,
        uploadThroughput: THROTTLE.uploadThroughput,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE.cpu });
    }
    const scripts = new Set<string>();
    let jsBytes = 0;
    let requests = 0;
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script') scripts.add(e.requestId);
    });
    const started = new Map<string, { url: string; at: number }>();
    const waterfall: string[] = [];
    cdp.on('Network.requestWillBeSent', (e) =>
      started.set(e.requestId, { url: e.request.url, at: e.timestamp }),
    );
    cdp.on('Network.loadingFinished', (e) => {
      const s = started.get(e.requestId);
      if (s)
        waterfall.push(
          `${(s.at * 1000).toFixed(0)} → ${(e.timestamp * 1000).toFixed(0)}  ${(e.encodedDataLength / 1024).toFixed(1)} KB  ${new URL(s.url).pathname}${new URL(s.url).search}`,
        );
      requests++;
      if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(
      () => (window as unknown as { __usable?: number }).__usable !== undefined,
      null,
      {
        timeout: 60_000,
        polling: 100,
      },
    );
    const usableMs = await page.evaluate(() => (window as unknown as { __usable: number }).__usable);
    // The JavaScript that had arrived when the form became usable (Resource Timing, same origin).
    const jsBeforeUsable = await page.evaluate(
      (usable) =>
        performance
          .getEntriesByType('resource')
          .filter(
            (e) => (e as PerformanceResourceTiming).initiatorType === 'script' || /\.js(\?|$)/.test(e.name),
          )
          .filter((e) => (e as PerformanceResourceTiming).responseEnd <= usable)
          .reduce((sum, e) => sum + (e as PerformanceResourceTiming).transferSize, 0),
      usableMs,
    );
    // The form's own checks may still be on their way (loaded after the form shows): wait a little.
    const checksMs = await page
      .waitForFunction(() => performance.getEntriesByName('forma:form-checks').length > 0, null, {
        timeout: throttled ? 15_000 : 5000,
        polling: 200,
      })
      .then(() => page.evaluate(() => performance.getEntriesByName('forma:form-checks')[0]!.startTime))
      .catch(() => null);
    if (process.env.BENCH_PHONE_WATERFALL && throttled) {
      const t0 = Math.min(...[...started.values()].map((v) => v.at * 1000));
      console.log(`${url} usable at ${Math.round(usableMs)} ms`);
      for (const line of waterfall.sort((a, b) => parseFloat(a) - parseFloat(b)))
        console.log(
          '  ' +
            line.replace(
              /^(\d+) → (\d+)/,
              (_m, a: string, b: string) =>
                `${String(Math.round(Number(a) - t0)).padStart(5)} → ${String(Math.round(Number(b) - t0)).padStart(5)}`,
            ),
        );
    }
    return { usableMs, jsBytes, jsBeforeUsable, requests, checksMs };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function main(): Promise<void> {
  const server = await startWebApp();
  const browser = await launchChromium();
  try {
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    if (installed.status !== 200) throw new Error(`finance install: ${JSON.stringify(installed.body)}`);

    // One unthrottled sign-in: its cookie opens every measured load.
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto('/requests');
    await submitLogin(page, demoLogin('employee'), DEMO_PASSWORD);
    await page.locator('.f-nav').first().waitFor({ timeout: 60_000 });
    const cookies = await context.cookies();
    await context.close();

    const cases = [
      {
        name: 'login page (baseline)',
        url: `${server.url}/requests`,
        selector: 'input[name="username"]',
        cookies: [],
        throttled: true,
      },
      {
        name: 'expense form',
        url: `${server.url}${FORM_PATH}`,
        selector: FIRST_FIELD,
        cookies,
        throttled: true,
      },
      {
        name: 'expense form, unthrottled',
        url: `${server.url}${FORM_PATH}`,
        selector: FIRST_FIELD,
        cookies,
        throttled: false,
      },
    ];
    const results = new Map<string, Load[]>();
    // Interleaved, so that a busy moment of the machine falls on every case alike.
    for (let run = 0; run < RUNS; run++)
      for (const c of cases) {
        const r = await load(browser, c.url, c.selector, c.cookies, c.throttled);
        results.set(c.name, [...(results.get(c.name) ?? []), r]);
      }

    const baseline = median(results.get(cases[0]!.name)!.map((r) => r.usableMs));
    const rows = cases.map((c) => {
      const rs = results.get(c.name)!;
      const usable = median(rs.map((r) => r.usableMs));
      const checks = rs.map((r) => r.checksMs).filter((x): x is number => x !== null);
      return {
        page: c.name,
        'usable ms (median)': Math.round(usable),
        'min–max': `${Math.round(Math.min(...rs.map((r) => r.usableMs)))}–${Math.round(Math.max(...rs.map((r) => r.usableMs)))}`,
        'vs login': `${(usable / baseline).toFixed(2)}×`,
        'checks ready ms': checks.length ? Math.round(median(checks)) : '-',
        'JS KB before usable': (median(rs.map((r) => r.jsBeforeUsable)) / 1024).toFixed(1),
        'JS KB in all': (median(rs.map((r) => r.jsBytes)) / 1024).toFixed(1),
        requests: median(rs.map((r) => r.requests)),
      };
    });
    console.log(
      `Phone profile: ${(THROTTLE.downloadThroughput * 8e-6).toFixed(1)} Mbps down, ${THROTTLE.latency} ms RTT, CPU ${THROTTLE.cpu}× slower, ${PHONE.width} px; ${RUNS} cold loads each`,
    );
    table(rows);
    const form = rows[1]!;
    const met = form['usable ms (median)'] < GOAL_MS;
    console.log(
      `Expense form usable in ${form['usable ms (median)']} ms: goal < ${GOAL_MS} ms ${met ? 'met' : 'NOT met'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'phone-form',
        form_usable_ms: form['usable ms (median)'],
        login_usable_ms: Math.round(baseline),
        form_js_kb_before_usable: Number(form['JS KB before usable']),
        form_js_kb: Number(form['JS KB in all']),
        goal_met: met,
      }),
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
