// The web app's API client and the server agree: the client's types (designer/src/api/openapi.gen.ts)
// are exactly what the server's OpenAPI document says today, and every call the app makes names an
// operation the server has. A route changed or removed on the server fails here until the client
// is regenerated (`npm run gen:api`) and, if its use no longer compiles, fixed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  API_TYPES_FILE,
  formatApiTypes,
  liveOpenApi,
  renderApiTypes,
  tsType,
} from '#scripts/gen-api-client.ts';

const SRC = join(import.meta.dirname, '..', '..', 'designer', 'src');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('web app API client', () => {
  let openapi: Record<string, unknown>;
  beforeAll(async () => {
    openapi = await liveOpenApi();
  });

  it('openapi.gen.ts matches the OpenAPI document the server builds (run `npm run gen:api`)', async () => {
    const expected = await formatApiTypes(renderApiTypes(openapi));
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed, 'designer/src/api/openapi.gen.ts is out of date: run `npm run gen:api`').toBe(expected);
  });

  it('every call in the app names a path and method the server has', () => {
    const paths = openapi.paths as Record<string, Record<string, unknown>>;
    const calls = sourceFiles()
      .filter((f) => !f.endsWith('.typetest.ts')) // it calls missing routes on purpose
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\bapi\.(get|post|put|patch|delete)\(\s*'([^']+)'/g)].map(
          (m) => ({ at: relative(SRC, file), method: m[1]!, path: m[2]! }),
        ),
      );
    expect(calls.length).toBeGreaterThanOrEqual(5);
    const missing = calls.filter((c) => !paths[c.path]?.[c.method]);
    expect(missing).toEqual([]);
  });

  it('prints JSON Schemas as the TypeScript types of their values', () => {
    expect(tsType({ type: 'string', enum: ['en', 'zh-CN'] })).toBe('"en" | "zh-CN"');
    expect(tsType({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(tsType({ type: ['integer', 'null'] })).toBe('number | null');
    expect(tsType({ type: 'array', items: { type: 'string' } })).toBe('(string)[]');
    expect(tsType({ type: 'object', additionalProperties: { type: 'number' } })).toBe(
      'Record<string, number>',
    );
    expect(
      tsType({ type: 'object', properties: { a: { type: 'string' }, 'b-c': {} }, required: ['a'] }),
    ).toBe('{\na: string;\n"b-c"?: unknown;\n}');
  });

  it('fills path parameters and queries the way the server reads them', async () => {
    const { buildUrl } = (await import(pathToFileURL(join(SRC, 'api', 'client.ts')).href)) as {
      buildUrl(path: string, params?: object, query?: object): string;
    };
    expect(buildUrl('/api/users/{id}', { id: 'wang fang/1' })).toBe('/api/users/wang%20fang%2F1');
    expect(buildUrl('/api/users', undefined, { q: 'zh', active: true, limit: 20, cursor: undefined })).toBe(
      '/api/users?q=zh&active=true&limit=20',
    );
    expect(buildUrl('/api/audit', undefined, { outcome: ['success', 'denied'] })).toBe(
      '/api/audit?outcome=success&outcome=denied',
    );
    expect(() => buildUrl('/api/users/{id}', {})).toThrow(/missing path parameter id/);
  });
});
