import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Only what the dashboard draws, so the page does not carry all of ECharts.
use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/**
 * One ECharts chart: made when mounted, given each new option whole, resized
 * with its box, disposed when unmounted. SVG rather than canvas: crisp when
 * printed, and the numbers it draws are text a test or a screen reader finds.
 *
 * (echarts-for-react would do the same, but its 3.0.6 build imports `tslib`
 * without declaring it, so it does not build here; this is the part of it we use.)
 */
export function Chart({ option, height = 260, testId, label }: { option: ChartOption; height?: number; testId?: string; label: string }) {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith('zh') ? 'ZH' : 'EN';
  const box = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);

  // A new instance per locale: ECharts takes its locale only when made.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'svg', locale });
    setChart(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      setChart(null);
    };
  }, [locale]);

  useEffect(() => {
    chart?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [chart, option]);

  return <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ height, width: '100%' }} />;
}
