// What an installer sees: `npm start` on an empty data directory prints a one-time admin password
// (and, with DEMO=1, the demo logins); logging in over a real socket gives a secure session
// cookie and security headers; SIGTERM stops the process cleanly.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');

describe('first start', () => {
  it(
    'prints a one-time admin password, seeds the demo, serves securely, stops gracefully',
    { timeout: 120_000 },
    async () => {
      const data = tempDir('first-start');
      const child = spawn(process.execPath, ['--import', 'tsx', 'platform/start.ts', '--demo'], {
        cwd: root,
        env: {
          ...process.env,
          MONGODB_URL: '',
          REDIS_URL: '',
          PORT: '0',
          LOG_LEVEL: 'warn',
          DATA_DIR: data.dir,
          DEMO_PASSWORD: 'demo-start-pass',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        let output = '';
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`not started within 90 s:\n${output}`)), 90_000);
          createInterface({ input: child.stdout! }).on('line', (line) => {
            output += `${line}\n`;
            const m = /Open (http:\/\/\S+)/.exec(line);
            if (m) {
              clearTimeout(timer);
              resolve(m[1]!);
            }
          });
          child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
          void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
        });
        const password = /password \/ 密码:\s+(\S+)/.exec(output)?.[1];
        expect(password, output).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
        expect(output).toContain('qian.admin');
        expect(output).not.toContain('demo-start-pass'); // a given demo password is not echoed

        const login = await fetch(new URL('/api/auth/login', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'admin', password }),
        });
        expect(login.status).toBe(200);
        expect(await login.json()).toMatchObject({ mustChangePassword: true });
        const cookie = login.headers.get('set-cookie') ?? '';
        expect(cookie).toMatch(/^forma_session=[\w-]{43};/);
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Strict/);
        expect(login.headers.get('x-content-type-options')).toBe('nosniff');
        expect(login.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(login.headers.get('access-control-allow-origin')).toBeNull(); // no CORS
        expect(login.headers.get('x-request-id')).toBeTruthy();

        const demo = await fetch(new URL('/api/auth/login', url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'wang.fang', password: 'demo-start-pass' }),
        });
        expect(demo.status).toBe(200);

        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        data.remove();
      }
    },
  );
});
