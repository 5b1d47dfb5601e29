// The OpenAPI document at /docs/json lists every route with its schemas, and /docs serves the UI.
// The error replies a route documents are the ones it gives: every operation is called with bad
// input — without a session, with a session that must first change its password, as an employee
// without grants, as an admin with unknown ids, a body of the wrong shape, type, syntax or size —
// and each 4xx it answers must be a status the operation declares (the catch-all `4XX` the swagger
// transform adds for every route does not count), in the one error shape. No 5xx.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT } from '#engine/http/app.ts';
import { loginAs, startApp, type Client, type TestApp } from '../support/app-harness.ts';

interface Operation {
  parameters?: { in: string; name: string; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}

interface Op {
  name: string;
  method: string;
  path: string;
  op: Operation;
  /** Status codes the operation declares, without the transform's catch-alls. */
  declared: Set<string>;
}

/** Operations that answer without a session (everything else must say 401). */
const PUBLIC = [
  'GET /api/health',
  'GET /api/health/backups',
  'GET /api/health/live',
  'GET /api/health/ready',
  // A record's public action, opened by a link's token (a customer's rating): no account.
  'GET /api/public/links/{token}',
  'POST /api/auth/login',
  'POST /api/public/links/{token}',
];
/** Operations a user who must change their one-time password may still call (and logout, not probed). */
const PENDING_PASSWORD_ALLOWED = ['GET /api/auth/me', 'POST /api/auth/password'];
/** Writing operations that take no request body (everything else documents its body). */
const NO_BODY = [
  'POST /api/admin/backups/run',
  'POST /api/auth/logout',
  'POST /api/records/{form}/{id}/amend',
  'POST /api/records/{form}/{id}/claim',
  'POST /api/records/{form}/{id}/make/{make}',
  'POST /api/users/{id}/activate',
  'POST /api/users/{id}/deactivate',
  'POST /api/users/{id}/reset-password',
  'POST /api/users/{id}/unlock',
  // Camunda's /v2: a deployment is multipart (files), a cancellation has no body.
  'POST /v2/deployments',
  'POST /v2/process-instances/{processInstanceKey}/cancellation',
];

/** A path parameter value that names nothing (but is well-formed). */
const unknownValue = (name: string) => (name === 'version' ? '999' : `no-such-${name.toLowerCase()}`);
/** A path parameter value no route accepts. */
const malformedValue = () => encodeURIComponent('not an id!');

const ERROR_SHAPE = /^[A-Z][A-Z0-9_]*$/;

describe('OpenAPI document', () => {
  let t: TestApp;
  let spec: { openapi: string; paths: Record<string, Record<string, Operation>> };
  let ops: Op[];
  beforeAll(async () => {
    t = await startApp('embedded');
    spec = (await t.anonymous().get('/docs/json')).body;
    ops = Object.entries(spec.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        op,
        declared: new Set(Object.keys(op.responses).filter((s) => /^\d{3}$/.test(s))),
      })),
    );
  });
  afterAll(() => t?.close());

  it('is OpenAPI 3.1 and documents routes that exist, every /api route registered after the docs plugin', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(ops.length).toBeGreaterThanOrEqual(30);
    for (const { method, path, name } of ops)
      expect(t.app.hasRoute({ method, url: path.replace(/\{(\w+)\}/g, ':$1') } as never), name).toBe(true);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/users/{id}',
        '/api/audit/verify',
        '/api/auth/login',
        '/api/org/roles/{id}/members',
      ]),
    );
  });

  it('gives every operation a success reply, its request body and path parameters', () => {
    const withoutBody: string[] = [];
    for (const { name, method, path, op, declared } of ops) {
      expect([...declared].filter((s) => /^2/.test(s)).length, name).toBeGreaterThan(0);
      // A JSON body, or the file an upload route takes as its body (a backup to restore).
      if (
        ['POST', 'PATCH', 'PUT'].includes(method) &&
        !Object.values(op.requestBody?.content ?? {}).some((media) => media?.schema)
      )
        withoutBody.push(name);
      for (const p of path.match(/\{(\w+)\}/g) ?? [])
        expect(
          op.parameters?.some((x) => x.in === 'path' && `{${x.name}}` === p),
          name,
        ).toBe(true);
    }
    expect(withoutBody.sort()).toEqual(NO_BODY);
  });

  describe('documents the errors it gives', () => {
    /** Every status a call produced that its operation does not declare, and every badly shaped error. */
    const problems: string[] = [];
    /** The statuses the calls of one test produced (so that a probe that reaches nothing shows). */
    const seen = new Set<number>();
    beforeEach(() => {
      problems.length = 0;
      seen.clear();
    });
    const call = async (
      who: Client,
      o: Op,
      options: { params?: 'unknown' | 'malformed'; body?: 'shape' | 'type' | 'syntax' | 'size' },
    ) => {
      const url = o.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        options.params === 'malformed' ? malformedValue() : unknownValue(name),
      );
      const withBody = ['POST', 'PATCH', 'PUT'].includes(o.method);
      const body =
        !withBody || !options.body
          ? {}
          : options.body === 'shape'
            ? { payload: { unexpected: true } }
            : options.body === 'type'
              ? { payload: '<customer/>', headers: { 'content-type': 'application/xml' } }
              : options.body === 'syntax'
                ? { payload: '{"unterminated', headers: { 'content-type': 'application/json' } }
                : { payload: { padding: 'x'.repeat(DEFAULT_BODY_LIMIT) } };
      const res = await who.request({ method: o.method as never, url, ...body });
      seen.add(res.status);
      const label = `${o.name} as ${who.login ?? 'anonymous'} (${JSON.stringify(options)}): ${res.status}`;
      if (res.status >= 500) problems.push(`${label} ${JSON.stringify(res.body)}`);
      else if (res.status >= 400) {
        if (!o.declared.has(String(res.status)))
          problems.push(`${label} undocumented (${res.body?.error?.code})`);
        // Camunda's /v2 answers with problem details: Forma's code and both languages beside them.
        const error = o.path.startsWith('/v2/')
          ? { code: res.body?.code, message: res.body?.detail, messageZh: res.body?.detailZh }
          : res.body?.error;
        if (!error || !ERROR_SHAPE.test(error.code) || !error.message || !error.messageZh)
          problems.push(`${label} not the error shape: ${JSON.stringify(res.body)}`);
      }
      return res;
    };

    it('without a session: 401, except the public operations', async () => {
      const answered: string[] = [];
      for (const o of ops) {
        const res = await call(t.anonymous(), o, { body: 'shape' });
        if (res.status !== 401) answered.push(o.name);
      }
      expect(answered.sort()).toEqual(PUBLIC);
      expect(problems).toEqual([]);
    });

    it('with a one-time password not yet changed: 403, except the operations to change it', async () => {
      const admin = await t.client('admin');
      const created = await admin.post('/api/users', { login: 'pending.pw', displayName: 'Pending' });
      const pending = await loginAs(t.app, 'pending.pw', created.body.initialPassword);
      const answered: string[] = [];
      for (const o of ops.filter((o) => !PUBLIC.includes(o.name) && !o.path.endsWith('/logout'))) {
        const res = await call(pending, o, { body: 'shape' });
        if (res.status !== 403 || (res.body.error?.code ?? res.body.code) !== 'PASSWORD_CHANGE_REQUIRED')
          answered.push(o.name);
      }
      expect(answered.sort()).toEqual(PENDING_PASSWORD_ALLOWED);
      expect(problems).toEqual([]);
    });

    it('as an employee and as an admin, with unknown or malformed ids and bodies of the wrong shape, type, syntax or size', async () => {
      for (const o of ops.filter((o) => !PUBLIC.includes(o.name) && !o.path.endsWith('/logout')))
        for (const who of ['employee', 'admin'] as const)
          for (const params of ['unknown', 'malformed'] as const)
            for (const body of ['shape', 'type', 'syntax', 'size'] as const) {
              if (params === 'malformed' && !o.path.includes('{')) continue;
              await call(await t.client(who), o, { params, body });
            }
      expect(problems).toEqual([]);
      // The probes reached the routes' own checks: validation, grants, lookups, media types.
      expect([400, 401, 403, 404, 413, 415].filter((s) => seen.has(s))).toEqual([400, 403, 404, 413, 415]);
      // Sixteen probes per operation, /api and /v2: more than the default 30 s on a busy machine.
    }, 120_000);
  });

  it('serves the interactive documentation at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
