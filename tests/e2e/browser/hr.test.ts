// An employee's HR self-service in a real browser, on a 390 px phone in Chinese: with the HR module
// and its demo data, zheng.xin (5 days of annual leave allocated) asks for more leave than her
// balance and is refused before anything is sent, with her balance in the message; she shortens the
// request, submits it and it waits for her manager, and sees it across its two days on the calendar
// of her leave requests. Then she opens her approved payslip from the
// list of her own. She checks in with one tap on a phone that gives its position: the record holds
// the position, the server's time and her as its owner, and the card shows today's shift and the
// check-in. Offline, her next tap waits on the phone and is sent by itself once she is back
// online, counting at the time she tapped. HR builds next week's roster on a desktop by dragging shift types onto employees' days,
// moves and changes one, and repeats the week. Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- API replies are JSON read freely */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '#tests/support/app-harness.ts';
import {
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
  type WebApp,
} from '#tests/support/browser.ts';
import { eventually, SLOW } from './designer-steps.ts';

const HR = 'zhou.jie';
const SHANGHAI = { latitude: 31.2304, longitude: 121.4737, accuracy: 25 };

/** A local date as YYYY-MM-DD, `days` after `from` (the browser's calendar is the machine's). */
function dayAfter(from: Date, days: number): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** An instant as Beijing time text, as a check-in's time is kept (decision 0023). */
function beijing(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Drags with the mouse from the middle of `from` to the middle of `to`, in steps. */
async function dragOnto(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

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

      // On the calendar of her leave requests, the two days from its start to its end.
      const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
      const request = (await employee.get('/api/records/hr-leave-request?limit=50')).body.items.find(
        (r: any) => r.data.from === '2026-12-14',
      );
      expect(request.data.to).toBe('2026-12-15');
      await page.goto('/records/hr-leave-request?view=calendar');
      await eventually(() => page.locator('.fr-cal__cell').count()).toBeGreaterThan(27);
      const now = new Date();
      const months = 2026 * 12 + 11 - (now.getFullYear() * 12 + now.getMonth());
      for (let i = 0; i < Math.abs(months); i++)
        await page
          .locator('.fr-cal__nav button')
          .nth(months > 0 ? 2 : 0)
          .click();
      const on = (day: string) =>
        page.locator(`.fr-cal__cell[data-day="${day}"] [data-entry="${request.id}"]`);
      await eventually(() => on('2026-12-14').count()).toBe(1);
      expect([
        await on('2026-12-15').count(),
        await on('2026-12-13').count(),
        await on('2026-12-16').count(),
      ]).toEqual([1, 0, 0]);
      await screenshot(page, 'phone-hr-leave-calendar', { whole: true });

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
  it(
    'checks in with one tap on a phone: her position, the server time, today’s shift shown',
    SLOW,
    async () => {
      const hr = await loginAs(server.app, HR, DEMO_PASSWORD);
      const today = dayAfter(new Date(), 0);
      const shift = await hr.post('/api/records/hr-shift-assignment', {
        data: { employee: 'zheng.xin', date: today, shift: 'day' },
      });
      expect(shift.status, JSON.stringify(shift.body)).toBe(201);
      expect(shift.body.data).toMatchObject({ start: '09:00', end: '18:00', label: 'day 09:00–18:00' });

      const { page, context } = await newPage(browser, server, PHONE, { geolocation: SHANGHAI });
      await page.goto('/requests');
      await submitLogin(page, demoLogin('employee'), DEMO_PASSWORD);
      const card = page.locator('.fp-tap[data-entry="hr-check-in"]');
      await eventually(() => card.locator('[data-shown="0"] dd').innerText()).toBe('day 09:00–18:00');
      expect(await card.locator('[data-shown="1"] dd').innerText()).toBe('无');
      await screenshot(page, 'phone-hr-check-in');

      const before = Date.now();
      await card.locator('[data-tap="hr-check-in"]').click();
      await eventually(() => card.locator('.f-alert--success').count()).toBe(1);
      const after = Date.now();
      expect(await card.locator('.f-alert--success').innerText()).toContain('含您的位置');
      await eventually(() => card.locator('[data-shown="1"] dd').innerText()).not.toBe('无');
      await screenshot(page, 'phone-hr-checked-in');

      // One record: hers (the server's owner), at the server's time, where the phone was.
      const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
      const mine = (await employee.get('/api/records/hr-check-in')).body.items as any[];
      expect(mine).toHaveLength(1);
      expect(mine[0].owner).toBe('zheng.xin');
      // The person and time stamped by the server (what attendance reads), never the phone's.
      expect(mine[0].data).toEqual({
        ...SHANGHAI,
        employee: 'zheng.xin',
        source: 'phone',
        at: mine[0].createdAt,
        receivedAt: mine[0].createdAt,
        time: beijing(mine[0].createdAt),
      });
      const at = Date.parse(mine[0].createdAt);
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(after + 1000);
      // HR reads it; a position off the globe is refused at its field, in both languages.
      const all = (await hr.get('/api/records/hr-check-in')).body.items as any[];
      expect(all.map((r) => r.id)).toContain(mine[0].id);
      const bad = await employee.post('/api/records/hr-check-in', { data: { latitude: 91, longitude: 0 } });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['/latitude']);
      expect(bad.body.error.details[0].messageZh).toMatch(/纬度/);
      expect(pageErrors(page)).toEqual([]);

      // No signal: the tap waits on the phone with the time it was tapped; nothing reaches the server.
      // A second later than the first: check-ins are kept to the second, and the same person's
      // two in one second are one check-in (a duplicate, as a time clock's double punch is).
      await new Promise((r) => setTimeout(r, 1100));
      await context.setOffline(true);
      const tappedFrom = Date.now();
      await card.locator('[data-tap="hr-check-in"]').click();
      await eventually(() => card.locator('.f-alert--info').count()).toBe(1);
      const tappedTo = Date.now();
      expect(await card.locator('.f-alert--info').innerText()).toContain('已保存在本机');
      await eventually(() => page.locator('.f-offline__queued').count()).toBe(1);
      await screenshot(page, 'phone-hr-check-in-offline');
      expect((await employee.get('/api/records/hr-check-in')).body.items).toHaveLength(1);

      // Back online, it is sent by itself, once, and counts at the tapped time, not the arrival's.
      await context.setOffline(false);
      const sent = async () =>
        ((await employee.get('/api/records/hr-check-in')).body.items as any[]).find(
          (r) => r.data.source === 'queued' && r.data.at,
        );
      await eventually(async () => !!(await sent())).toBe(true);
      const queued = await sent();
      const tapped = Date.parse(queued.data.tappedAt);
      expect(tapped).toBeGreaterThanOrEqual(Math.floor(tappedFrom / 1000) * 1000);
      expect(tapped).toBeLessThanOrEqual(tappedTo);
      expect(queued.data).toMatchObject({
        ...SHANGHAI,
        employee: 'zheng.xin',
        at: queued.data.tappedAt,
        receivedAt: queued.createdAt,
        time: beijing(queued.data.tappedAt),
      });
      expect(Date.parse(queued.createdAt)).toBeGreaterThanOrEqual(tapped);
      await eventually(() => page.locator('.f-offline__queued').count()).toBe(0);
      expect((await employee.get('/api/records/hr-check-in')).body.items).toHaveLength(2);
      // Only the failed loads of the offline minute, nothing else went wrong.
      expect(pageErrors(page).filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    },
  );

  it(
    'HR builds next week’s roster on a desktop by drag, then repeats it for two more weeks',
    SLOW,
    async () => {
      const monday = dayAfter(new Date(), 7 - ((new Date().getDay() + 6) % 7));
      const day = (n: number) => dayAfter(new Date(`${monday}T12:00:00`), n);
      const { page } = await newPage(browser, server, DESKTOP);
      await page.goto('/records/hr-shift-assignment?view=calendar');
      await submitLogin(page, HR, DEMO_PASSWORD);
      await eventually(() => page.locator('.fr-cal .f-segmented__option').count()).toBe(3);
      await page.locator('.fr-cal .f-segmented__option').nth(1).click();
      await page.locator('.fr-cal__nav button').nth(2).click();
      const cell = (user: string, date: string) =>
        page.locator(`.fr-roster__row[data-lane="${user}"] .fr-roster__cell[data-day="${date}"]`);
      const offer = (id: string) => page.locator(`[data-palette="${id}"]`);
      await eventually(() => cell('zheng.xin', monday).count()).toBe(1);
      await eventually(() => offer('night').count()).toBe(1);

      await dragOnto(page, offer('day'), cell('zheng.xin', monday));
      await eventually(() => cell('zheng.xin', monday).locator('[data-value="day"]').count()).toBe(1);
      await dragOnto(page, offer('day'), cell('zheng.xin', day(1)));
      await eventually(() => cell('zheng.xin', day(1)).locator('[data-value="day"]').count()).toBe(1);
      await dragOnto(page, offer('night'), cell('wang.fang', monday));
      await eventually(() => cell('wang.fang', monday).locator('[data-value="night"]').count()).toBe(1);
      // An entry dragged to another day moves; a shift dropped on a taken day replaces its shift.
      await dragOnto(page, cell('zheng.xin', day(1)).locator('[data-entry]'), cell('zheng.xin', day(2)));
      await eventually(() => cell('zheng.xin', day(2)).locator('[data-value="day"]').count()).toBe(1);
      expect(await cell('zheng.xin', day(1)).locator('[data-entry]').count()).toBe(0);
      await dragOnto(page, offer('night'), cell('zheng.xin', monday));
      await eventually(() => cell('zheng.xin', monday).locator('[data-value="night"]').count()).toBe(1);
      // Moved onto a day that has a shift already: refused by the one-a-day rule, with its words.
      await dragOnto(page, cell('zheng.xin', day(2)).locator('[data-entry]'), cell('zheng.xin', monday));
      await eventually(() => page.locator('.fr-roster .f-alert--error').count()).toBe(1);
      expect(await page.locator('.fr-roster .f-alert--error').innerText()).toContain('该员工当天已有班次');
      expect(await cell('zheng.xin', day(2)).locator('[data-value="day"]').count()).toBe(1);
      await screenshot(page, 'desktop-hr-roster');

      const hr = await loginAs(server.app, HR, DEMO_PASSWORD);
      const between = async (from: string, to: string) =>
        (
          (
            await hr.post('/api/records/hr-shift-assignment/query', {
              where: { 'data.date': { gte: from, lte: to } },
              limit: 200,
            })
          ).body.items as any[]
        )
          .map((r) => `${r.data.employee} ${r.data.date} ${r.data.shift}`)
          .sort();
      const week = [`wang.fang ${monday} night`, `zheng.xin ${monday} night`, `zheng.xin ${day(2)} day`];
      expect(await between(monday, day(6))).toEqual(week);

      // Repeat weekly, two weeks: the same three assignments 7 and 14 days later.
      await page.locator('[data-repeat-weeks]').fill('2');
      await page.locator('[data-repeat]').click();
      await eventually(() => page.locator('.fr-roster .f-alert--success').innerText()).toMatch(/\b6\b/);
      const shifted = (n: number) =>
        week.map((w) =>
          w.replace(/ (\S+) /, (_m, d: string) => ` ${dayAfter(new Date(`${d}T12:00:00`), n)} `),
        );
      expect(await between(day(7), day(20))).toEqual([...shifted(7), ...shifted(14)].sort());
      // Again: nothing to add or change; the one-shift-a-day rule refuses a second one.
      await page.locator('[data-repeat]').click();
      await eventually(() => page.locator('.fr-roster .f-alert--success').innerText()).toMatch(
        /\b0\b.*\b0\b.*\b6\b/,
      );
      expect(await between(day(7), day(20))).toHaveLength(6);
      const twice = await hr.post('/api/records/hr-shift-assignment', {
        data: { employee: 'zheng.xin', date: monday, shift: 'day' },
      });
      expect([twice.status, twice.body.error.code]).toEqual([409, 'RECORD_DUPLICATE']);
      expect(twice.body.error.details.map((d: any) => [d.path, d.messageZh])).toEqual([
        ['/date', '该员工当天已有班次'],
      ]);
      // An employee reads her own shifts only.
      const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
      const hers = (await employee.get('/api/records/hr-shift-assignment')).body.items as any[];
      expect(hers.length).toBeGreaterThan(0);
      expect(hers.every((r) => r.data.employee === 'zheng.xin')).toBe(true);
      expect(pageErrors(page)).toEqual([]);
    },
  );

  // The demo's November 2026: a day shift on every weekday, the time clock's punches (imported by HR)
  // and the attendance computed from them — four late arrivals past the 5 minutes' grace (wang.fang
  // 09:17, li.lei 09:32, zhang.min 09:08, zheng.xin 09:45), zheng.xin's sick leave on the 16th and
  // 17th; and a course with its exam: one question of each kind, the key hidden from employees.
  it('comes with a month of punches and attendance with a few late arrivals, and a course with its exam', async () => {
    const hr = await loginAs(server.app, HR, DEMO_PASSWORD);
    const late = await hr.post('/api/reports/hr-attendance-exceptions/run', {
      params: { from: '2026-11-01', to: '2026-12-01' },
    });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(
      late.body.rows.map((r: any) => [r.employee, r.status, r.days, String(r.lateMinutes)]).sort(),
    ).toEqual([
      ['li.lei', 'late', 1, '27'],
      ['wang.fang', 'late', 1, '12'],
      ['zhang.min', 'late', 1, '3'],
      ['zheng.xin', 'late', 1, '40'],
    ]);
    // The late day is what its punches say (the punch's time read from the clock's Beijing time).
    const punch = (await hr.get('/api/records/hr-check-in/punch-zheng-xin-2026-11-24-in')).body;
    expect(punch.data).toMatchObject({ source: 'device', time: '2026-11-24T09:45:00+08:00' });
    const day = (await hr.get('/api/records/hr-attendance/att-zheng.xin-2026-11-24')).body;
    expect(day.data).toMatchObject({ checkIn: punch.data.time, lateMinutes: 40, status: 'late' });
    const sick = (await hr.get('/api/records/hr-attendance/att-zheng.xin-2026-11-16')).body;
    expect(sick.data.status).toBe('on-leave');
    const rostered = await hr.post('/api/records/hr-shift-assignment/query', {
      where: { 'data.employee': 'zheng.xin', 'data.date': { gte: '2026-11-01', lt: '2026-12-01' } },
      limit: 50,
    });
    expect(rostered.body.items).toHaveLength(21); // the weekdays of November 2026

    const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
    const course = await employee.get('/api/records/hr-course/course-info-security');
    expect([course.status, course.body.data.code]).toEqual([200, 'info-security-2026']);
    const questions = (await employee.get('/api/records/hr-exam-question?limit=50')).body.items as any[];
    expect(questions.map((q) => q.data.kind).sort()).toEqual(['multiple', 'single', 'true-false']);
    expect(JSON.stringify(questions)).not.toContain('"answer"');
  });
});
