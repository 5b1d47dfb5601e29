// The notification centre in both run modes: recipients by user, role and department, idempotent
// keys, the unread count and mark-read per user, the e-mail/SMS file channels, admin alerts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '#tests/support/temp-dir.ts';
import { MODES, openPlatform, type PlatformHarness } from '../modules/support.ts';

describe.each(MODES)('notification centre (%s)', (mode) => {
  let h: PlatformHarness;
  const outbox = tempDir('outbox');
  beforeAll(async () => {
    h = await openPlatform(mode, { outboxDir: outbox.dir });
  });
  afterAll(async () => {
    await h.close();
    outbox.remove();
  });

  it('sends to a role and a user once per key, in both languages, and out by e-mail', async () => {
    const centre = h.platform.notifications;
    const input = {
      to: { roles: ['finance'], users: ['zheng.xin'] },
      title: { en: 'Month-end close starts', 'zh-CN': '月结开始' },
      body: { en: 'Post everything by Friday.', 'zh-CN': '请在周五前完成过账。' },
      link: '/reports/finance-trial-balance',
      key: 'close-2026-03',
      channels: ['email'],
    };
    const first = await centre.send(input);
    expect(first.notified).toEqual(['sun.li', 'zhao.qiang', 'zheng.xin']);
    const again = await centre.send(input);
    expect(again.notified).toEqual([]);
    expect(await centre.unreadCount('zhao.qiang')).toBe(1);
    const emails = readFileSync(join(outbox.dir, 'email.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(emails.map((e) => [e.to, e.subject])).toEqual([
      ['sun.li@acme.example', '月结开始'],
      ['zhao.qiang@acme.example', '月结开始'],
      ['zheng.xin@acme.example', '月结开始'],
    ]);
    expect(emails[0].text).toContain('/reports/finance-trial-balance');
  });

  it('sends SMS by department, lists newest first, marks read only the reader’s own', async () => {
    const centre = h.platform.notifications;
    h.clock.advance(60_000);
    await centre.send({
      to: { departments: ['finance'] },
      title: { en: 'Audit tomorrow', 'zh-CN': '明天审计' },
      channels: ['sms'],
    });
    const sms = readFileSync(join(outbox.dir, 'sms.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(sms.map((s) => s.to).sort()).toEqual(['13800000007', '13800000008']);
    const list = await centre.list('zhao.qiang');
    expect(list.items.map((n) => n.title.en)).toEqual(['Audit tomorrow', 'Month-end close starts']);
    const sunLi = (await centre.list('sun.li')).items.map((n) => n.id);
    // Someone else's notification ids are ignored.
    expect(await centre.markRead('zhao.qiang', sunLi)).toBe(0);
    expect(await centre.markRead('zhao.qiang', [list.items[0]!.id])).toBe(1);
    expect(await centre.unreadCount('zhao.qiang')).toBe(1);
    expect((await centre.list('zhao.qiang', { unread: true })).items.map((n) => n.title.en)).toEqual([
      'Month-end close starts',
    ]);
    expect(await centre.unreadCount('sun.li')).toBe(2);
    expect(await centre.markRead('sun.li', 'all')).toBe(2);
    expect(await centre.unreadCount('sun.li')).toBe(0);
  });

  it('refuses an unknown channel and alerts the admins of abnormal exports', async () => {
    const centre = h.platform.notifications;
    await expect(
      centre.send({ to: { users: ['zheng.xin'] }, title: { en: 'x', 'zh-CN': 'x' }, channels: ['pigeon'] }),
    ).rejects.toMatchObject({ code: 'CHANNEL_UNKNOWN', status: 400 });
    await centre.alertAdmins({
      code: 'ABNORMAL_EXPORT',
      message: 'li.lei exported 1500 rows in an hour',
      messageZh: 'li.lei 一小时内导出了 1500 行',
      userId: 'li.lei',
      login: 'li.lei',
      rows: 1500,
      windowMs: 3_600_000,
      threshold: 1000,
      form: 'customer',
      at: '2026-03-10T02:00:00.000Z',
    });
    const admin = await centre.list('qian.admin');
    expect(admin.items.map((n) => [n.kind, n.title['zh-CN']])).toEqual([
      ['export.abnormal', 'li.lei 一小时内导出了 1500 行'],
    ]);
  });
});
