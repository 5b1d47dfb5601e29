// The Prometheus text exposition written by the metrics registry: HELP/TYPE lines, escaped label
// values, cumulative histogram buckets ending in +Inf = _count, collectors run before rendering.
import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '#engine/core/metrics/registry.ts';

describe('metrics registry', () => {
  it('renders counters and gauges with escaped labels', async () => {
    const r = new MetricsRegistry();
    const c = r.counter('forma_things_total', 'Things.\nCounted \\ here.', ['kind']);
    c.inc({ kind: 'a "quoted"\\path\nline' });
    c.inc({ kind: 'plain' }, 2);
    c.inc({ kind: 'plain' });
    const g = r.gauge('forma_level', 'A level.');
    r.collect(() => g.set({}, 7.5));
    expect(await r.render()).toBe(
      [
        '# HELP forma_things_total Things.\\nCounted \\\\ here.',
        '# TYPE forma_things_total counter',
        'forma_things_total{kind="a \\"quoted\\"\\\\path\\nline"} 1',
        'forma_things_total{kind="plain"} 3',
        '# HELP forma_level A level.',
        '# TYPE forma_level gauge',
        'forma_level 7.5',
        '',
      ].join('\n'),
    );
    expect(() => c.inc({}, -1)).toThrow();
    expect(() => r.counter('forma_things_total', 'again')).toThrow();
    expect(() => r.gauge('bad-name', 'x')).toThrow();
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', async () => {
    const r = new MetricsRegistry();
    const h = r.histogram('forma_seconds', 'Time.', ['route'], [0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 3]) h.observe({ route: '/x' }, v);
    expect((await r.render()).split('\n')).toEqual([
      '# HELP forma_seconds Time.',
      '# TYPE forma_seconds histogram',
      'forma_seconds_bucket{route="/x",le="0.1"} 2',
      'forma_seconds_bucket{route="/x",le="1"} 3',
      'forma_seconds_bucket{route="/x",le="+Inf"} 4',
      'forma_seconds_sum{route="/x"} 3.65',
      'forma_seconds_count{route="/x"} 4',
      '',
    ]);
  });

  it('renders what the other collectors set when one fails', async () => {
    const r = new MetricsRegistry();
    const g = r.gauge('forma_ok', 'Set.');
    r.collect(() => {
      throw new Error('queue down');
    });
    r.collect(() => g.set({}, 1));
    expect(await r.render()).toContain('forma_ok 1');
  });
});
