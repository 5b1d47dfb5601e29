// The OpenAPI document at /docs/json lists every route with its schemas, and /docs serves the UI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app-harness.ts';

interface Operation {
  parameters?: { in: string; name: string; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  let spec: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    t = await startApp('embedded', { demo: false });
    spec = (await t.anonymous().get('/docs/json')).body;
  });
  afterAll(() => t?.close());

  it('is OpenAPI 3.1 and documents routes that exist, every /api route registered after the docs plugin', () => {
    expect(spec.openapi).toBe('3.1.0');
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1') })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(30);
    for (const op of operations) expect(t.app.hasRoute(op as never), `${op.method} ${op.url}`).toBe(true);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/users/{id}',
        '/api/audit/verify',
        '/api/auth/login',
        '/api/org/roles/{id}/members',
      ]),
    );
  });

  it('gives every operation a success reply schema and the error reply for 4xx', () => {
    for (const [path, ops] of Object.entries(spec.paths))
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`;
        const success = Object.keys(op.responses).filter((s) => /^2/.test(s));
        expect(success.length, name).toBeGreaterThan(0);
        const errorSchema = op.responses['4XX'] ?? op.responses['4xx'];
        expect(errorSchema?.content?.['application/json']?.schema?.required, name).toEqual(['error']);
        if (
          ['post', 'patch', 'put'].includes(method) &&
          !path.endsWith('/logout') &&
          !/activate|reset-password|unlock/.test(path)
        )
          // A JSON body, or the file an upload route takes as its body (a backup to restore).
          expect(
            Object.values(op.requestBody?.content ?? {}).some((media) => media?.schema),
            name,
          ).toBe(true);
        for (const p of path.match(/\{(\w+)\}/g) ?? [])
          expect(
            op.parameters?.some((x) => x.in === 'path' && `{${x.name}}` === p),
            name,
          ).toBe(true);
      }
  });

  it('serves the interactive documentation at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
