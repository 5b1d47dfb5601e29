// A plain HTTP job worker, as an external program would be: it long-polls POST /api/jobs/activate
// over a real socket with a session cookie and answers each job by its type's handler (complete,
// fail or throw an error). No mocks: the API runs in the test process, listening on 127.0.0.1.
/* eslint-disable @typescript-eslint/no-explicit-any -- job replies are JSON that tests read freely */
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';

export type JobAnswer =
  | { complete: Record<string, unknown> }
  | { fail: { retries?: number; errorMessage?: string; retryBackOff?: number } }
  | { error: { errorCode: string; errorMessage?: string; variables?: Record<string, unknown> } };

export interface HttpApi {
  base: string;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
}

/** Listens on a free loopback port (once per app) and returns a caller with the given session. */
export async function httpApi(app: FastifyInstance, cookie: string | null): Promise<HttpApi> {
  const address = app.server.listening ? app.server.address() : null;
  let base: string;
  if (address && typeof address === 'object') base = `http://127.0.0.1:${address.port}`;
  else base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base,
    async post(path, body) {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
        },
        body: JSON.stringify(body ?? {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

/** Activates jobs of `type` and answers each with `handle`; stops when `stop()` is called. */
export function runWorker(
  api: HttpApi,
  type: string,
  handle: (job: any) => JobAnswer,
  options: { worker?: string; timeout?: number; requestTimeout?: number } = {},
): { handled: any[]; stop(): Promise<void> } {
  const handled: any[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await api.post('/api/jobs/activate', {
        type,
        worker: options.worker ?? 'test-worker',
        maxJobsToActivate: 5,
        timeout: options.timeout ?? 30_000,
        requestTimeout: options.requestTimeout ?? 1000,
      });
      if (res.status !== 200) throw new Error(`activate: ${res.status} ${JSON.stringify(res.body)}`);
      for (const job of res.body.jobs) {
        const answer = handle(job);
        const [path, body] =
          'complete' in answer
            ? ['complete', { variables: answer.complete }]
            : 'fail' in answer
              ? ['fail', answer.fail]
              : ['error', answer.error];
        const r = await api.post(`/api/jobs/${job.jobKey}/${path}`, body);
        handled.push({ job, answer, status: r.status, reply: r.body });
      }
    }
  })();
  return {
    handled,
    async stop() {
      running = false;
      await loop;
    },
  };
}
