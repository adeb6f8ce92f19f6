import type { AuditSummary, FindingCounts } from '@virt-alias/audit';
import { percentText } from './shared.js';

/** Hosts the readiness chart shows, the worst first; the table under it lists them all. */
export const CHART_HOSTS = 25;

export const COLORS = {
  ready: '#2e7d32',
  notReady: '#c62828',
  fix: '#1565c0',
  mapping: '#e08a00',
  person: '#7b1fa2',
} as const;

/** Widths that fit the page's full column and half column without scaling text. */
const HOSTS_WIDTH = 1100;
const HALF_WIDTH = 560;
const ROW = 26;
const MARGIN = 48;

interface BarSeries {
  readonly name: string;
  readonly color: string;
  readonly data: readonly number[];
}

type ECharts = typeof import('echarts/core');

let loaded: Promise<ECharts> | undefined;

/** ECharts' core with the bar chart and the SVG renderer only: loaded when a report needs a chart. */
function echarts(): Promise<ECharts> {
  loaded ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    core.use([charts.BarChart, components.GridComponent, renderers.SVGRenderer]);
    return core;
  })();
  return loaded;
}

/**
 * A horizontal stacked bar chart, rendered to an SVG string by ECharts' server-side renderer:
 * no script, no font, nothing to fetch. Categories run top to bottom in the given order. Each
 * bar carries ECharts' `ecmeta_series_index` and `ecmeta_data_index`, which the browser test
 * reads to check bar lengths against the report.
 */
async function stackedBars(
  id: string,
  categories: readonly string[],
  series: readonly BarSeries[],
  width: number,
): Promise<string> {
  const core = await echarts();
  const longest = Math.max(0, ...categories.map((c) => c.length));
  const chart = core.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height: MARGIN + ROW * Math.max(1, categories.length),
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 12 },
      grid: { left: Math.min(260, 24 + longest * 7), right: 24, top: 8, bottom: 28 },
      xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#e3e6ea' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: [...categories],
        axisTick: { show: false },
        axisLabel: { color: '#222' },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        stack: 'total',
        data: [...s.data],
        itemStyle: { color: s.color },
        barMaxWidth: 18,
      })),
    });
    return ownIds(chart.renderToSVGString(), id);
  } finally {
    chart.dispose();
  }
}

const actionSeries = (rows: readonly FindingCounts[]): BarSeries[] => [
  { name: 'fix repairs alone', color: COLORS.fix, data: rows.map((r) => r.fix) },
  { name: 'needs a mapping', color: COLORS.mapping, data: rows.map((r) => r.mapping) },
  { name: 'needs a person', color: COLORS.person, data: rows.map((r) => r.person) },
];

/**
 * zrender numbers its instances and style classes per process (`zr0-cls-3`, `zr1-cls-11`): names
 * of the chart's own, numbered in order of appearance, keep a page the same whatever was rendered
 * before it, and unique within the page.
 */
function ownIds(svg: string, id: string): string {
  const names = new Map<string, string>();
  return svg.replace(/\bzr\d+-[A-Za-z]*-?\d*/gu, (name) => {
    let own = names.get(name);
    if (own === undefined) names.set(name, (own = `${id}-${names.size}`));
    return own;
  });
}

export interface AuditCharts {
  /** Ready and not ready domains of the `CHART_HOSTS` worst hosts. */
  readonly hosts: string;
  /** Findings per rule, by what they need. */
  readonly rules: string;
  /** Findings per device kind, by what they need. */
  readonly deviceKinds: string;
}

export async function renderCharts(summary: AuditSummary): Promise<AuditCharts> {
  const hosts = summary.byHost.slice(0, CHART_HOSTS);
  return {
    hosts: await stackedBars(
      'hosts',
      hosts.map((h) => `${h.host}  ${percentText(h.readyPercent)}`),
      [
        { name: 'not ready', color: COLORS.notReady, data: hosts.map((h) => h.notReady) },
        { name: 'ready', color: COLORS.ready, data: hosts.map((h) => h.ready) },
      ],
      HOSTS_WIDTH,
    ),
    rules: await stackedBars(
      'rules',
      summary.byRule.map((r) => r.ruleId),
      actionSeries(summary.byRule),
      HALF_WIDTH,
    ),
    deviceKinds: await stackedBars(
      'kinds',
      summary.byDeviceKind.map((k) => k.deviceKind ?? '(domain)'),
      actionSeries(summary.byDeviceKind),
      HALF_WIDTH,
    ),
  };
}
