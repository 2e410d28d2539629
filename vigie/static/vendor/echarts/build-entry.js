// vigie's build of Apache ECharts 5.6.0: only the charts and components the statistics dashboard uses.
import * as echarts from "echarts/core";
import { BarChart, FunnelChart, LineChart, LinesChart, MapChart, SankeyChart } from "echarts/charts";
import {
  GeoComponent, GridComponent, LegendComponent, TitleComponent, ToolboxComponent, TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";
import langFR from "echarts/lib/i18n/langFR.js";

echarts.use([
  BarChart, FunnelChart, LineChart, LinesChart, MapChart, SankeyChart,
  GeoComponent, GridComponent, LegendComponent, TitleComponent, ToolboxComponent, TooltipComponent,
  VisualMapComponent, CanvasRenderer, SVGRenderer,
]);
echarts.registerLocale("FR", langFR);
window.echarts = echarts;
