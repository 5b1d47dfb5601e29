// ECharts, only the parts the app draws (tree-shaken): bar, line, pie and funnel charts, their
// grid, tooltip and legend, drawn as SVG (crisp on a phone, each mark an element a test or a
// screen reader can find). Imported dynamically by EChart.tsx: its own chunk, never in the first load.
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  FunnelChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

export { echarts };
