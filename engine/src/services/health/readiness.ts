// Whether this process can serve its users — "ready" — as opposed to merely running ("alive").
// A load balancer or an orchestrator sends traffic only to ready processes and restarts those
// that stop being alive; a store that still answers a ping but can no longer read a collection
// (a journal grown too large to load, a damaged file) serves neither files nor backups, and must
// make the process unready rather than hide behind a cheerful health check.
//
// Checks are named and run together, each under a time limit (a store or Redis that hangs is a
// failure, not a hung probe); the result is cached for a moment, so a probe every second costs
// one round per `cacheMs`. Other parts of the platform add their own checks (`register`): a blob
// store its directory or bucket, say. While the process shuts down it is unready at once.
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';

export interface ReadinessCheck {
  /** Short and stable: it is what operators alert on (store, data, queue, …). */
  readonly name: string;
  /** Resolves when ready; throws with a message saying what is wrong. */
  run(): Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** How long it took (ms). */
  ms: number;
  /** What is wrong (absent when ok). */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  /** True once the process has begun to shut down. */
  stopping: boolean;
  checks: CheckResult[];
}

export interface ReadinessOptions {
  /** A check that takes longer fails (default 3,000 ms). */
  timeoutMs?: number;
  /** Reuse a result this long (default 1,000 ms; 0: never). */
  cacheMs?: number;
  now?: () => number;
}

export class Readiness {
  private readonly checks: ReadinessCheck[] = [];
  private isStopping = false;
  private cached: { at: number; report: Promise<ReadinessReport> } | null = null;

  constructor(
    checks: readonly ReadinessCheck[] = [],
    private readonly options: ReadinessOptions = {},
  ) {
    for (const c of checks) this.register(c);
  }

  register(check: ReadinessCheck): void {
    if (this.checks.some((c) => c.name === check.name))
      throw new Error(`readiness check "${check.name}" twice`);
    this.checks.push(check);
    this.cached = null;
  }

  /** From now on the process reports itself unready (it is shutting down). */
  stopping(): void {
    this.isStopping = true;
    this.cached = null;
  }

  check(): Promise<ReadinessReport> {
    const now = (this.options.now ?? Date.now)();
    const cacheMs = this.options.cacheMs ?? 1000;
    if (this.cached && now - this.cached.at < cacheMs) return this.cached.report;
    const report = this.runAll();
    this.cached = { at: now, report };
    return report;
  }

  private async runAll(): Promise<ReadinessReport> {
    const checks = await Promise.all(this.checks.map((c) => this.runOne(c)));
    const stopping = this.isStopping;
    return { ready: !stopping && checks.every((c) => c.ok), stopping, checks };
  }

  private async runOne(check: ReadinessCheck): Promise<CheckResult> {
    const started = performance.now();
    const limit = this.options.timeoutMs ?? 3000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.run(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${limit} ms`)), limit);
        }),
      ]);
      return { name: check.name, ok: true, ms: Math.round(performance.now() - started) };
    } catch (e) {
      const error = (e as Error)?.message ?? String(e);
      return { name: check.name, ok: false, ms: Math.round(performance.now() - started), error };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The platform's own checks: the store answers (`store`); every collection can be read — what
 * files, backups and every page need (`data`); the queue answers (`queue`).
 */
export function platformChecks(store: DocumentStore, queue: JobQueue, someQueue: string): ReadinessCheck[] {
  return [
    { name: 'store', run: () => store.ping() },
    {
      name: 'data',
      async run() {
        const names = await store.listCollections();
        const results = await Promise.allSettled(
          names.map(async (name) => store.collection(name).find({}, { limit: 1, projection: ['id'] })),
        );
        const failed = results.flatMap((r, i) =>
          r.status === 'rejected' ? [{ name: names[i]!, why: r.reason }] : [],
        );
        if (failed.length)
          throw new Error(
            `cannot read ${failed.map((f) => f.name).join(', ')}: ${(failed[0]!.why as Error)?.message ?? String(failed[0]!.why)}`,
          );
      },
    },
    { name: 'queue', run: async () => void (await queue.counts(someQueue)) },
  ];
}
