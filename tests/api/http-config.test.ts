// The HTTP settings read from the environment, with clear errors for bad values.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '#engine/config.ts';
import { httpConfigFromEnv } from '#engine/http/http-config.ts';

describe('httpConfigFromEnv', () => {
  it('has safe defaults', () => {
    expect(httpConfigFromEnv({}, [])).toEqual({
      bodyLimit: 1024 * 1024,
      cookieSecure: false,
      trustProxy: false,
      sessionTtlMs: 12 * 3600_000,
      demo: false,
    });
  });

  it('reads sizes, switches and the demo flag (env or --demo)', () => {
    expect(httpConfigFromEnv({ BODY_LIMIT: '512k' }, []).bodyLimit).toBe(512 * 1024);
    expect(httpConfigFromEnv({ BODY_LIMIT: '2m' }, []).bodyLimit).toBe(2 * 1024 * 1024);
    expect(httpConfigFromEnv({ BODY_LIMIT: '65536' }, []).bodyLimit).toBe(65536);
    const c = httpConfigFromEnv(
      { COOKIE_SECURE: '1', TRUST_PROXY: '1', SESSION_TTL_HOURS: '2', DEMO_PASSWORD: 'p' },
      ['node', 'main.ts', '--demo'],
    );
    expect(c).toMatchObject({
      cookieSecure: true,
      trustProxy: true,
      sessionTtlMs: 7_200_000,
      demo: true,
      demoPassword: 'p',
    });
    expect(httpConfigFromEnv({ DEMO: '1' }, []).demo).toBe(true);
  });

  it.each([
    ['BODY_LIMIT', 'lots'],
    ['BODY_LIMIT', '10'],
    ['SESSION_TTL_HOURS', '0'],
    ['SESSION_TTL_HOURS', 'abc'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => httpConfigFromEnv({ [name]: value }, [])).toThrow(ConfigError);
    expect(() => httpConfigFromEnv({ [name]: value }, [])).toThrow(name);
  });
});
