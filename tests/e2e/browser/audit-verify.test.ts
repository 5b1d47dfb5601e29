// Admin → Audit log → Verify chain in a real browser (chromium, playwright-core): an intact log is
// said to be intact; after an entry is edited behind Forma's back, and after the last entries are
// deleted, the page names the kind of tampering and the entries concerned; an anchor pasted from
// elsewhere (a backup's manifest) is checked too.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryId } from '#engine/core/audit/chain.ts';
import { AUDIT, type AuditEntry } from '#engine/services/audit/audit-log.ts';
import {
  DEMO_PASSWORD,
  demoLogin,
  DESKTOP,
  launchChromium,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  submitLogin,
  type WebApp,
} from '#tests/support/browser.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };

describe('audit log verification in the admin console', () => {
  let server: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    ({ page } = await newPage(browser, server, DESKTOP));
  }, SLOW.timeout);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const verify = async () => {
    await page.locator('button', { hasText: 'Verify chain' }).click();
    return page.locator('[data-audit-report]');
  };
  const col = () => server.adapters.store.collection<AuditEntry>(AUDIT);

  it(
    'says which kind of tampering and where: an edited entry, then entries cut from the end',
    async () => {
      await page.goto('/admin/audit');
      await submitLogin(page, demoLogin('admin'), DEMO_PASSWORD);
      await eventually(() => page.locator('tr[data-row]').count()).toBeGreaterThan(0);
      await page.locator('.f-header .f-lang__option[lang="en"]').click();
      await eventually(() => page.locator('html').getAttribute('lang')).toBe('en');

      const report = await verify();
      await eventually(() => report.getAttribute('data-audit-report')).toBe('ok');
      await eventually(() => report.innerText()).toMatch(/The chain is intact: \d+ entries checked/);

      // An entry edited in the store.
      const head = await server.app.services.audit.readHead();
      const target = (await col().get(entryId(3)))!;
      await col().update(target.id, target.rev, { set: { resource: 'nothing-to-see' } });
      const edited = await verify();
      await eventually(() => edited.getAttribute('data-audit-report')).toBe('broken');
      await eventually(() => page.locator('[data-problem="edited"]').innerText()).toBe(
        'Edited — entry 3: the content no longer matches the seal.',
      );
      await screenshot(page, 'admin-desktop-audit-edited', { whole: true });
      await col().update(target.id, target.rev + 1, { set: { resource: target.resource } });

      // The head anchored outside the store, then the last two entries deleted.
      const anchor = await server.app.services.audit.anchor('backup');
      for (const seq of [head.seq, head.seq - 1]) await col().delete(entryId(seq));
      const cut = await verify();
      await eventually(() => cut.getAttribute('data-audit-report')).toBe('broken');
      await eventually(() => page.locator('[data-problem="truncated"]').innerText()).toMatch(
        new RegExp(
          `^Cut short — entries ${head.seq - 1} to ${head.seq}: gone; an anchor \\(backup, .+\\) saw entry ${head.seq}\\.$`,
        ),
      );
      await screenshot(page, 'admin-desktop-audit-truncated', { whole: true });

      // The anchor file removed too: the log alone looks intact (the page warns that nothing is
      // anchored) — and the anchor kept with a backup, pasted by hand, shows the cut again.
      rmSync(server.app.services.audit.anchors!.location);
      const alone = await verify();
      await eventually(() => alone.getAttribute('data-audit-report')).toBe('ok');
      await eventually(() => alone.innerText()).toMatch(/No anchor outside the store yet/);
      await page.locator('summary', { hasText: 'Check against anchors' }).click();
      await page.locator('textarea[name="anchors"]').fill(`"audit": ${JSON.stringify(anchor)}`);
      await page.locator('button', { hasText: 'Verify with these anchors' }).click();
      await eventually(() => page.locator('[data-problem="truncated"]').count()).toBe(1);
      await page.locator('textarea[name="anchors"]').fill('not an anchor');
      await page.locator('button', { hasText: 'Verify with these anchors' }).click();
      await eventually(() =>
        page.locator('.f-alert--error', { hasText: 'Line 1 is not an anchor.' }).count(),
      ).toBe(1);
      expect(pageErrors(page)).toEqual([]);
    },
    SLOW.timeout,
  );
});
