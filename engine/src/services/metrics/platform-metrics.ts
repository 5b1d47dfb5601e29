// The platform's metrics (served at /api/metrics in the Prometheus text format):
//
//   forma_http_requests_total{method,route,status}            requests answered
//   forma_http_request_duration_seconds{method,route,status}  how long they took (histogram)
//   forma_queue_jobs{queue,state}                             jobs waiting/active/delayed/failed/completed
//   forma_jobs_failed_total{queue,final}                      job attempts that failed in this process
//   forma_jobs_completed_total{queue}                         jobs this process completed
//   forma_flow_instances_with_incidents                       flow instances stopped by an incident
//   forma_audit_head_seq                                      entries in the audit log
//   process_resident_memory_bytes, nodejs_heap_used_bytes, nodejs_heap_total_bytes,
//   nodejs_external_memory_bytes, process_cpu_seconds_total, process_start_time_seconds,
//   nodejs_eventloop_delay_seconds{quantile}                  this process
//
// Requests are counted by the route's pattern (/api/records/:form/:id), never the raw URL, so the
// number of series stays that of the routes. Queue depths, incidents and the audit head are read
// when scraped (shared by every process of the installation); the rest is this process's own.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { MetricsRegistry, type Counter, type Histogram } from '#engine/core/metrics/registry.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';

export interface MetricsSources {
  queue: JobQueue;
  /** The queues whose depths are reported. */
  queues: readonly string[];
  /** Flow instances with an open incident. */
  incidents: () => Promise<number>;
  /** The audit log's last sequence number. */
  auditHead: () => Promise<number>;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

export class PlatformMetrics {
  readonly registry = new MetricsRegistry();
  private readonly requests: Counter;
  private readonly durations: Histogram;
  private readonly loopDelay: IntervalHistogram;

  constructor(sources: MetricsSources) {
    const r = this.registry;
    this.requests = r.counter('forma_http_requests_total', 'HTTP requests answered.', [
      'method',
      'route',
      'status',
    ]);
    this.durations = r.histogram(
      'forma_http_request_duration_seconds',
      'Time from receiving an HTTP request to answering it.',
      ['method', 'route', 'status'],
    );
    const jobs = r.gauge('forma_queue_jobs', 'Jobs in each queue by state.', ['queue', 'state']);
    const failed = r.counter(
      'forma_jobs_failed_total',
      'Job attempts that failed in this process (final: no retry follows).',
      ['queue', 'final'],
    );
    const completed = r.counter('forma_jobs_completed_total', 'Jobs completed in this process.', ['queue']);
    const incidents = r.gauge(
      'forma_flow_instances_with_incidents',
      'Flow instances stopped by an open incident.',
    );
    const audit = r.gauge('forma_audit_head_seq', 'Sequence number of the last audit log entry.');
    sources.queue.on('failed', (e) => failed.inc({ queue: e.queue, final: String(e.final ?? false) }));
    sources.queue.on('completed', (e) => completed.inc({ queue: e.queue }));
    r.collect(async () => {
      for (const queue of sources.queues) {
        const counts = await sources.queue.counts(queue);
        for (const state of QUEUE_STATES) jobs.set({ queue, state }, counts[state]);
      }
    });
    r.collect(async () => incidents.set({}, await sources.incidents()));
    r.collect(async () => audit.set({}, await sources.auditHead()));
    this.loopDelay = monitorEventLoopDelay({ resolution: 20 });
    this.loopDelay.enable();
    this.processMetrics();
  }

  /** One answered request: its route pattern, status and time in seconds. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }

  render(): Promise<string> {
    return this.registry.render();
  }

  /** Stops sampling the event loop (the process is closing). */
  close(): void {
    this.loopDelay.disable();
  }

  private processMetrics(): void {
    const r = this.registry;
    const rss = r.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.');
    const heapUsed = r.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.');
    const heapTotal = r.gauge('nodejs_heap_total_bytes', 'V8 heap allocated, in bytes.');
    const external = r.gauge(
      'nodejs_external_memory_bytes',
      'Memory of C++ objects bound to JavaScript, in bytes.',
    );
    const cpu = r.counter('process_cpu_seconds_total', 'User and system CPU time spent, in seconds.');
    const start = r.gauge(
      'process_start_time_seconds',
      'When the process started, in seconds since the epoch.',
    );
    const delay = r.gauge(
      'nodejs_eventloop_delay_seconds',
      'Event loop delay since the previous scrape (how long work waited to run).',
      ['quantile'],
    );
    start.set({}, Math.round((Date.now() - process.uptime() * 1000) / 1000));
    r.collect(() => {
      const m = process.memoryUsage();
      rss.set({}, m.rss);
      heapUsed.set({}, m.heapUsed);
      heapTotal.set({}, m.heapTotal);
      external.set({}, m.external);
      const { user, system } = process.cpuUsage();
      cpu.setTotal({}, (user + system) / 1e6);
      for (const q of [0.5, 0.99])
        delay.set({ quantile: String(q) }, this.loopDelay.percentile(q * 100) / 1e9);
      delay.set({ quantile: '1' }, this.loopDelay.max / 1e9);
      this.loopDelay.reset();
    });
  }
}
