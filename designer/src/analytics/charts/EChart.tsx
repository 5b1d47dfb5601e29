// One chart: ECharts loaded on first use (its own chunk: echarts-setup.ts), drawn into a box that
// follows its container's width, disposed with the component. A click on a mark reports the
// figure it stands for (its group cell and measure) — drill-down.
import { useEffect, useRef, useState } from 'react';
import type { Option } from './chart-option.ts';
import type { DrillTarget } from './types.ts';

export function EChart({
  option,
  label,
  height = 280,
  onDrill,
}: {
  option: Option;
  /** What the chart shows, for screen readers (the table beside it has the figures). */
  label: string;
  height?: number;
  onDrill?: (target: DrillTarget) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const drill = useRef(onDrill);
  drill.current = onDrill;
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    void import('./echarts-setup.ts').then(({ echarts }) => {
      const element = box.current;
      if (disposed || !element) return;
      const chart = echarts.init(element, undefined, { renderer: 'svg' });
      chart.setOption(option);
      chart.on('click', (params) => {
        const target = (params.data as { drill?: DrillTarget } | undefined)?.drill;
        if (target) drill.current?.(target);
      });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(element);
      setReady(true);
      dispose = () => {
        observer.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [option]);
  return (
    <div
      ref={box}
      className="fa-chart"
      role="img"
      aria-label={label}
      data-ready={ready || undefined}
      style={{ height }}
    />
  );
}
