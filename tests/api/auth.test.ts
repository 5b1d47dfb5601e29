// Logging in and out, sessions, password changes, lockout and rate limits — in both run modes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { ensureFirstAdmin } from '#engine/services/identity/seed.ts';
import { loginAs, MODES, startApp, type TestApp } from '../support/app-harness.ts';

describe.each(MODES)('authentication (%s mode)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock();
  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock, login: { maxFailures: 3, lockoutMs: 60_000 } } });
  });
  afterAll(() => t?.close());

  it('logs in with an HttpOnly, SameSite=Strict session cookie and knows who is signed in', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'WANG.FANG', password: t.password },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'forma_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(JSON.parse(res.body)).toMatchObject({ user: { id: 'wang.fang' }, mustChangePassword: false });
    expect(res.body).not.toMatch(/hash|argon/);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { forma_session: cookie!.value },
    });
    expect(JSON.parse(me.body)).toMatchObject({
      user: { id: 'wang.fang', phone: '13800000005' },
      permissions: expect.arrayContaining([expect.objectContaining({ resource: 'record:customer' })]),
    });
  });

  it('stores password hashes as argon2id, apart from users', async () => {
    const cred = await t.store.collection<{ hash: string }>('credentials').get('wang.fang');
    expect(cred?.hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await t.store.collection('users').get('wang.fang'))).not.toMatch(/argon/);
  });

  it('answers a wrong password and an unknown login alike, and audits both', async () => {
    const anon = t.anonymous();
    const wrong = await anon.post('/api/auth/login', { login: 'li.lei', password: 'nope-nope-nope' });
    const unknown = await anon.post('/api/auth/login', { login: 'nobody', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', messageZh: expect.any(String) });
    const admin = await t.client('admin');
    const log = await admin.get('/api/audit?action=auth.login&outcome=failure&limit=10');
    const reasons = log.body.items.map((e: { details: { login: string; reason: string } }) => e.details);
    expect(reasons).toEqual(
      expect.arrayContaining([
        { login: 'li.lei', reason: 'wrong-password' },
        { login: 'nobody', reason: 'unknown-login' },
      ]),
    );
    const ok = await admin.get('/api/audit?action=auth.login&outcome=success&actor=qian.admin&limit=1');
    expect(ok.body.items[0]).toMatchObject({
      actor: { userId: 'qian.admin' },
      requestId: expect.any(String),
    });
  });

  const loginFrom = (ip: string, login: string, password: string) =>
    t.anonymous().request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login, password },
      remoteAddress: ip,
    });

  it('locks a login name for unfamiliar addresses after wrong passwords, never for the address its user signs in from', async () => {
    // zhou.jie works from 10.0.0.5; an attacker spreads wrong passwords over other addresses.
    expect((await loginFrom('10.0.0.5', 'zhou.jie', t.password)).status).toBe(200);
    for (const ip of ['203.0.113.9', '203.0.113.10', '203.0.113.11'])
      expect((await loginFrom(ip, 'zhou.jie', `wrong-${ip}-xxxxx`)).status).toBe(401);
    const locked = await loginFrom('198.51.100.7', 'zhou.jie', t.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(locked.body.error.messageZh).toMatch(/锁定/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The rightful user, from their usual address, is not locked out.
    expect((await loginFrom('10.0.0.5', 'zhou.jie', t.password)).status).toBe(200);
    clock.advance(61_000);
    expect((await loginFrom('198.51.100.7', 'zhou.jie', t.password)).status).toBe(200);
  });

  it('makes one address wait, doubling, after repeated wrong passwords for a login', async () => {
    // li.lei signs in from two desks and mistypes at one of them.
    const ip = '10.0.0.6';
    expect((await loginFrom(ip, 'li.lei', t.password)).status).toBe(200);
    expect((await loginFrom('10.0.0.7', 'li.lei', t.password)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await loginFrom(ip, 'li.lei', `wrong-${i}-xxxxx`)).status).toBe(401);
    const waiting = await loginFrom(ip, 'li.lei', t.password);
    expect([waiting.status, waiting.body.error.code, waiting.headers['retry-after']]).toEqual([
      429,
      'LOGIN_BACKOFF',
      '2',
    ]);
    // Another address is not held up by this one's mistakes.
    expect((await loginFrom('10.0.0.7', 'li.lei', t.password)).status).toBe(200);
    clock.advance(2_100);
    expect((await loginFrom(ip, 'li.lei', 'wrong-again-xxxxx')).status).toBe(401);
    expect((await loginFrom(ip, 'li.lei', t.password)).headers['retry-after']).toBe('4');
    clock.advance(4_100);
    expect((await loginFrom(ip, 'li.lei', t.password)).status).toBe(200);
    // A success ends the wait for that address.
    expect((await loginFrom(ip, 'li.lei', 'wrong-once-more-x')).status).toBe(401);
    expect((await loginFrom(ip, 'li.lei', t.password)).status).toBe(200);
  });

  it('lets an administrator unlock a login name, audited; nobody else', async () => {
    for (const ip of ['203.0.113.20', '203.0.113.21', '203.0.113.22'])
      await loginFrom(ip, 'sun.li', `wrong-${ip}-xxxxx`);
    expect((await loginFrom('198.51.100.8', 'sun.li', t.password)).body.error.code).toBe('ACCOUNT_LOCKED');
    const employee = await t.client('employee');
    expect((await employee.post('/api/users/sun.li/unlock')).status).toBe(403);
    const admin = await t.client('admin');
    expect((await admin.post('/api/users/sun.li/unlock')).body).toEqual({ unlocked: true });
    expect((await loginFrom('198.51.100.8', 'sun.li', t.password)).status).toBe(200);
    expect((await admin.post('/api/users/sun.li/unlock')).body).toEqual({ unlocked: false });
    expect((await admin.post('/api/users/nobody.here/unlock')).status).toBe(404);
    const audit = await admin.get('/api/audit?action=auth.unlock&limit=5');
    expect(audit.body.items[0]).toMatchObject({
      action: 'auth.unlock',
      resourceId: 'sun.li',
      actor: { userId: 'qian.admin' },
    });
  });

  it('logout ends the session on the server', async () => {
    const c = await loginAs(t.app, 'li.lei', t.password);
    const token = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect(c.cookie).toBeNull();
    const replay = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { forma_session: token! },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('ends idle sessions after their lifetime', async () => {
    const c = await loginAs(t.app, 'sun.li', t.password);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    clock.advance(13 * 3600_000);
    const res = await c.get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('deactivating a user ends their sessions at once', async () => {
    const victim = await loginAs(t.app, 'zheng.xin', t.password);
    expect((await victim.get('/api/users/zheng.xin')).status).toBe(200);
    const admin = await t.client('admin');
    const off = await admin.post('/api/users/zheng.xin/deactivate');
    expect(off.body).toMatchObject({ active: false });
    expect((await victim.get('/api/users/zheng.xin')).status).toBe(401);
    expect(
      (await t.anonymous().post('/api/auth/login', { login: 'zheng.xin', password: t.password })).status,
    ).toBe(401);
    expect(await t.store.collection('sessions').count({ userId: 'zheng.xin' })).toBe(0);
    await admin.post('/api/users/zheng.xin/activate');
    expect((await loginAs(t.app, 'zheng.xin', t.password)).cookie).toBeTruthy();
  });

  it('first start: a one-time admin password that must be changed before anything else', async () => {
    const fresh = await startApp(mode, { demo: false });
    try {
      const first = await ensureFirstAdmin(fresh.app.services.identity);
      expect(first).toMatchObject({
        login: 'admin',
        password: expect.stringMatching(/^[\w]{4}(-[\w]{4}){3}$/),
      });
      expect(await ensureFirstAdmin(fresh.app.services.identity)).toBeNull(); // printed once only
      const admin = await loginAs(fresh.app, 'admin', first!.password);
      expect((await admin.get('/api/auth/me')).body.mustChangePassword).toBe(true);
      const blocked = await admin.get('/api/users');
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const other = await loginAs(fresh.app, 'admin', first!.password);
      const weak = await admin.post('/api/auth/password', {
        currentPassword: first!.password,
        newPassword: 'short',
      });
      expect(weak.status).toBe(422);
      expect(weak.body.error.details[0].path).toBe('/newPassword');
      const wrong = await admin.post('/api/auth/password', {
        currentPassword: 'not-it-at-all',
        newPassword: 'a-much-better-one',
      });
      expect(wrong.body.error).toMatchObject({
        code: 'WRONG_PASSWORD',
        details: [{ path: '/currentPassword' }],
      });
      const changed = await admin.post('/api/auth/password', {
        currentPassword: first!.password,
        newPassword: 'a-much-better-one',
      });
      expect(changed.status).toBe(204);
      expect((await admin.get('/api/users')).status).toBe(200); // this session goes on
      expect((await other.get('/api/auth/me')).status).toBe(401); // the other one ended
      expect((await loginAs(fresh.app, 'admin', 'a-much-better-one')).cookie).toBeTruthy();
    } finally {
      await fresh.close();
    }
  });

  it('limits login attempts per client address', async () => {
    const limited = await startApp(mode, {
      demo: false,
      platform: { login: { ipMaxAttempts: 3, ipWindowMs: 60_000 } },
    });
    try {
      const anon = limited.anonymous();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push(
          (await anon.post('/api/auth/login', { login: `u${i}x`, password: 'whatever-1' })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it.runIf(mode === 'distributed')(
    'a session ended on one API replica is refused by another at once',
    async () => {
      const replica = await t.replica();
      const c = await loginAs(t.app, 'wu.hao', t.password);
      const viaReplica = () =>
        replica.inject({ method: 'GET', url: '/api/auth/me', cookies: { forma_session: c.cookie ?? 'x' } });
      expect((await viaReplica()).statusCode).toBe(200);
      const admin = await t.client('admin');
      await admin.post('/api/users/wu.hao/deactivate');
      expect((await viaReplica()).statusCode).toBe(401);
      await admin.post('/api/users/wu.hao/activate');
    },
  );
});
