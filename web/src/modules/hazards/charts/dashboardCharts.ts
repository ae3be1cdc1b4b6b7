import type { ChartOption } from './Chart';

/** One bar or slice: a code, its label in the interface language, and its value(s). */
export interface Datum {
  key: string;
  label: string;
  value: number;
}

type NumberFormat = (value: number, options?: Intl.NumberFormatOptions) => string;

/** Risk and grade colours as the standards name them; statuses in the loop's colours. */
export const palette = {
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#fadb14',
  blue: '#1677ff',
  green: '#389e0d',
  grey: '#8c8c8c',
  purple: '#722ed1',
  cyan: '#13c2c2',
  gold: '#d4b106',
} as const;

const tooltipFormatter = (number: NumberFormat) => (params: unknown) => {
  const list = (Array.isArray(params) ? params : [params]) as { marker?: string; seriesName?: string; name?: string; value?: unknown }[];
  const head = list[0]?.name ?? '';
  const lines = list.map(
    (p) => `${p.marker ?? ''}${p.seriesName && list.length > 1 ? `${p.seriesName}: ` : ''}${number(Number(p.value ?? 0))}`,
  );
  return [head, ...lines].join('<br/>');
};

/** Horizontal bars, largest first: readable with long Chinese labels and on a phone. */
export function barOption(
  data: Datum[],
  options: { number: NumberFormat; colours?: Record<string, string>; seriesName: string },
): ChartOption {
  const sorted = [...data].sort((a, b) => a.value - b.value);
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFormatter(options.number) },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => options.number(value) } },
    yAxis: { type: 'category', data: sorted.map((d) => d.label), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: options.seriesName,
        data: sorted.map((d) => ({ value: d.value, itemStyle: options.colours?.[d.key] ? { color: options.colours[d.key] } : undefined })),
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => options.number(Number(p.value)) },
        barMaxWidth: 22,
      },
    ],
  } as ChartOption;
}

/** A ring of shares, with counts in the legend. */
export function pieOption(
  data: Datum[],
  options: { number: NumberFormat; colours?: Record<string, string>; seriesName: string },
): ChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { marker?: string; name?: string; value?: unknown; percent?: number };
        const share = options.number((item.percent ?? 0) / 100, { style: 'percent', maximumFractionDigits: 1 });
        return `${item.marker ?? ''}${item.name ?? ''}: ${options.number(Number(item.value ?? 0))} (${share})`;
      },
    },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        name: options.seriesName,
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        label: { formatter: (p: { name?: string; value?: unknown }) => `${p.name ?? ''}\n${options.number(Number(p.value ?? 0))}` },
        data: data
          .filter((d) => d.value > 0)
          .map((d) => ({
            name: d.label,
            value: d.value,
            itemStyle: options.colours?.[d.key] ? { color: options.colours[d.key] } : undefined,
          })),
      },
    ],
  } as ChartOption;
}

/** Several series side by side per category (areas: open, major, overdue). */
export function groupedBarOption(
  categories: string[],
  series: { name: string; values: number[]; colour: string }[],
  options: { number: NumberFormat },
): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFormatter(options.number) },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => options.number(value) } },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, itemStyle: { color: s.colour }, barMaxWidth: 18 })),
  } as ChartOption;
}
