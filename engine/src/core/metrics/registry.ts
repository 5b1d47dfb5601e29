// Metrics in the Prometheus text exposition format (version 0.0.4), written here rather than
// taken from a client library: counters, gauges and histograms with labels is all the platform
// needs, and the format is a few lines of text per series. Pure: values go in, text comes out;
// gauges whose value lives elsewhere (queue depths, memory) are set by collectors the registry
// runs before each rendering.
//
//   # HELP forma_http_requests_total HTTP requests answered.
//   # TYPE forma_http_requests_total counter
//   forma_http_requests_total{method="GET",route="/api/tasks",status="200"} 12
//
// Format reference: https://prometheus.io/docs/instrumenting/exposition_formats/ (label values
// escape \, " and newline; HELP escapes \ and newline; histogram buckets are cumulative, with
// `le="+Inf"` equal to `_count`).

export type Labels = Readonly<Record<string, string>>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const escapeLabel = (v: string): string =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function labelText(names: readonly string[], labels: Labels, extra?: [string, string]): string {
  const parts = names.map((n) => `${n}="${escapeLabel(labels[n] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

abstract class Metric {
  protected readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly type: 'counter' | 'gauge',
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  }

  protected key(labels: Labels): string {
    return this.labelNames.map((n) => labels[n] ?? '').join('\u0000');
  }

  protected entry(labels: Labels): { labels: Labels; value: number } {
    const k = this.key(labels);
    let e = this.series.get(k);
    if (!e) {
      e = { labels: { ...labels }, value: 0 };
      this.series.set(k, e);
    }
    return e;
  }

  render(): string[] {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    for (const { labels, value } of this.series.values())
      out.push(`${this.name}${labelText(this.labelNames, labels)} ${formatNumber(value)}`);
    return out;
  }
}

export class Counter extends Metric {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames, 'counter');
  }
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error('a counter only goes up');
    this.entry(labels).value += by;
  }
  /** A total counted elsewhere (the CPU time the process reports). */
  setTotal(labels: Labels, total: number): void {
    this.entry(labels).value = total;
  }
}

export class Gauge extends Metric {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames, 'gauge');
  }
  set(labels: Labels, value: number): void {
    this.entry(labels).value = value;
  }
  /** Forgets every series (a collector about to set the current ones). */
  reset(): void {
    this.series.clear();
  }
}

/** Default buckets for request latencies, in seconds (5 ms … 10 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[] = [],
    readonly buckets: readonly number[] = LATENCY_BUCKETS,
  ) {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
  }

  observe(labels: Labels, value: number): void {
    const k = this.labelNames.map((n) => labels[n] ?? '').join('\u0000');
    let s = this.series.get(k);
    if (!s) {
      s = { labels: { ...labels }, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(k, s);
    }
    // Each observation lands in its first bucket; rendering accumulates.
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  render(): string[] {
    const out = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += counts[i]!;
        out.push(
          `${this.name}_bucket${labelText(this.labelNames, labels, ['le', formatNumber(b)])} ${cumulative}`,
        );
      });
      out.push(`${this.name}_bucket${labelText(this.labelNames, labels, ['le', '+Inf'])} ${count}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, labels)} ${formatNumber(sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, labels)} ${count}`);
    }
    return out;
  }
}

export type Collector = () => void | Promise<void>;

export class MetricsRegistry {
  private readonly metrics: (Metric | Histogram)[] = [];
  private readonly collectors: Collector[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets?: readonly number[],
  ): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** Runs before every rendering (gauges read from elsewhere); one failing leaves the others. */
  collect(collector: Collector): void {
    this.collectors.push(collector);
  }

  /** The text exposition of every metric, collectors run first. */
  async render(): Promise<string> {
    await Promise.allSettled(this.collectors.map(async (c) => c()));
    return `${this.metrics.flatMap((m) => m.render()).join('\n')}\n`;
  }

  private add<M extends Metric | Histogram>(metric: M): M {
    if (this.metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} twice`);
    this.metrics.push(metric);
    return metric;
  }
}
