// Where the test services (scripts/services.sh) listen. `npm test` exports MONGODB_URL and
// REDIS_URL; a bare `npx vitest` falls back to the env file the script writes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

function fromEnvFile(): Record<string, string> {
  const dir = process.env.SERVICES_DIR ?? join(process.env.TMPDIR ?? '/tmp', 'forma-services');
  const file = join(dir, 'services.env');
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

function required(name: 'MONGODB_URL' | 'REDIS_URL'): string {
  const value = process.env[name] || fromEnvFile()[name];
  if (!value)
    throw new Error(`${name} is not set and services are not up: run \`bash scripts/services.sh up\``);
  return value;
}

export const mongodbUrl = (): string => required('MONGODB_URL');
export const redisUrl = (): string => required('REDIS_URL');

/** A name no other test (or test run) uses: a MongoDB database or a BullMQ prefix. */
export function uniqueNamespace(label: string): string {
  return `t_${label}_${randomBytes(4).toString('hex')}`;
}
