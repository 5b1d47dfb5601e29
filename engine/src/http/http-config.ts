// The HTTP layer's settings from the environment (next to config.ts's run-mode settings).
import { ConfigError } from '../config.ts';
import { DEFAULT_BODY_LIMIT } from './app.ts';

export interface HttpConfig {
  /** BODY_LIMIT: largest request body in bytes (suffixes k, m accepted: 512k, 2m). */
  bodyLimit: number;
  /** COOKIE_SECURE=1: send the session cookie over HTTPS only (set it behind TLS). */
  cookieSecure: boolean;
  /** TRUST_PROXY=1: behind a reverse proxy, the client address comes from X-Forwarded-For. */
  trustProxy: boolean;
  /** SESSION_TTL_HOURS: a session unused this long ends (default 12). */
  sessionTtlMs: number;
  /** DEMO=1 (or `--demo`): seed the demo company on start. */
  demo: boolean;
  /** DEMO_PASSWORD: the demo users' password (generated and printed when absent). */
  demoPassword?: string;
  /** METRICS_TOKEN: lets a scraper read /api/metrics with `Authorization: Bearer <it>`. */
  metricsToken?: string;
}

function bytes(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_BODY_LIMIT;
  const m = /^(\d+)\s*([kKmM]?)[bB]?$/.exec(value.trim());
  const n = m ? Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1) : NaN;
  if (!Number.isSafeInteger(n) || n < 1024)
    throw new ConfigError(
      `BODY_LIMIT must be a size of at least 1024 bytes (e.g. 1048576, 512k, 2m), got "${value}"`,
    );
  return n;
}

/** A bearer token guessable in less than a long time would open the metrics to anyone. */
function metricsToken(value: string): string {
  if (!/^[\x21-\x7e]{24,}$/.test(value))
    throw new ConfigError('METRICS_TOKEN must be at least 24 printable characters without spaces');
  return value;
}

export function httpConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv,
): HttpConfig {
  const hours =
    env.SESSION_TTL_HOURS === undefined || env.SESSION_TTL_HOURS === '' ? 12 : Number(env.SESSION_TTL_HOURS);
  if (!(hours > 0 && hours <= 24 * 30))
    throw new ConfigError(`SESSION_TTL_HOURS must be between 0 and 720, got "${env.SESSION_TTL_HOURS}"`);
  return {
    bodyLimit: bytes(env.BODY_LIMIT),
    cookieSecure: env.COOKIE_SECURE === '1',
    trustProxy: env.TRUST_PROXY === '1',
    sessionTtlMs: hours * 3600_000,
    demo: env.DEMO === '1' || argv.includes('--demo'),
    ...(env.DEMO_PASSWORD ? { demoPassword: env.DEMO_PASSWORD } : {}),
    ...(env.METRICS_TOKEN ? { metricsToken: metricsToken(env.METRICS_TOKEN) } : {}),
  };
}
