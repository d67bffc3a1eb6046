/**
 * Broadcast fan-out against the number of server processes: per transport (Socket.IO per adapter),
 * fan-out p50 and p99 at each node count, the median of the repeats with its interval, and what
 * reached whom (delivered / expected, duplicates) for the table beside the chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import { TRANSPORT_NAMES } from '../../protocol/transports.js';
import { describeInterval, medianWithInterval } from '../stats/median-interval.js';
import { settingOf } from '../results/run-setting.js';
import {
  CHART_CONFIG,
  colorScale,
  dashEncoding,
  seriesNamer,
  seriesOf,
  VEGA_LITE_SCHEMA,
  type ReportChart,
  type Series,
  type SeriesSource,
} from './chart-style.js';
import type { ReportRun, ReportSource } from './report-source.js';

/** One line of the chart at one node count, over the runs of that topology. */
export interface FanOutPoint {
  series: string;
  nodes: number;
  runs: number;
  /** Fan-out p50 and p99 in ms: one run's, or the median over the runs, with that median's interval. */
  p50: Estimate;
  p99: Estimate;
  published: number;
  expected: number;
  delivered: number;
  duplicates: number;
  /** What the band is, or that a point at one node is shared by the adapters' lines. */
  note: string;
}

/** A figure over the runs of a point: the median and its interval (equal to the median for one run). */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

interface Grouped {
  series: Series;
  nodes: number;
  runs: ReportRun[];
  shared: boolean;
}

/** A run whose fan-out measures the topology: broadcast, measured, with no planned fault or server restart. */
function isCleanBroadcast(run: ReportRun): boolean {
  const summary = run.run.summary;
  return summary.broadcast?.fanOutMs != null && (summary.cluster?.faults.length ?? 0) === 0 && summary.storm == null;
}

function lineOf(run: ReportRun): SeriesSource {
  return { ...run.run.summary, setting: settingOf(run.run.summary) };
}

/** The runs grouped into lines and node counts; one-server runs join every topology line of their transport. */
function groupRuns(source: ReportSource): Grouped[] {
  const runs = source.cells.flatMap((cell) => cell.measured).filter(isCleanBroadcast);
  if (runs.length === 0) return [];
  const base = seriesNamer(runs.map(lineOf));
  const lbs = new Set(runs.flatMap((run) => (run.run.summary.cluster ? [run.run.summary.cluster.lb] : [])));
  // Fan-out at different client counts is not one line: each size gets its own.
  const sizes = new Set(runs.map((run) => run.run.summary.clients));
  const topologyOf = (run: ReportRun): string => {
    const cluster = run.run.summary.cluster;
    const parts = [
      ...(cluster && cluster.adapter !== 'relay' ? [cluster.adapter] : []),
      ...(cluster && lbs.size > 1 ? [`lb ${cluster.lb}`] : []),
      ...(sizes.size > 1 ? [`${run.run.summary.clients.toLocaleString('en-US')} clients`] : []),
    ];
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  };
  const groups = new Map<string, Grouped>();
  const add = (label: string, run: ReportRun, nodes: number, shared: boolean): void => {
    const key = `${label}\u0000${nodes}`;
    const group = groups.get(key) ?? { series: { ...seriesOf(lineOf(run), base), label }, nodes, runs: [], shared };
    group.runs.push(run);
    groups.set(key, group);
  };
  for (const run of runs) if (run.run.summary.cluster) add(`${base(lineOf(run))}${topologyOf(run)}`, run, run.run.summary.cluster.nodes, false);
  const clusterLabels = [...new Set([...groups.values()].map((group) => group.series.label))];
  const sameSize = (label: string, run: ReportRun): boolean => {
    const size = `${run.run.summary.clients.toLocaleString('en-US')} clients)`;
    return sizes.size <= 1 || label.endsWith(` ${size}`) || label.endsWith(`(${size}`);
  };
  for (const run of runs) {
    if (run.run.summary.cluster) continue;
    const name = base(lineOf(run));
    const lines = clusterLabels.filter((label) => (label === name || label.startsWith(`${name} (`)) && sameSize(label, run));
    if (lines.length === 0) add(`${name}${topologyOf(run)}`, run, 1, false);
    for (const label of lines) add(label, run, 1, lines.length > 1);
  }
  const order = (group: Grouped): number => TRANSPORT_NAMES.indexOf(group.series.transport);
  return [...groups.values()].sort((a, b) => order(a) - order(b) || a.series.label.localeCompare(b.series.label) || a.nodes - b.nodes);
}

function estimate(values: readonly number[]): Estimate {
  const interval = medianWithInterval(values);
  const value = interval?.median ?? (values[0] as number);
  return { value, low: interval?.ciLow ?? value, high: interval?.ciHigh ?? value };
}

/** One point per line and node count, sorted by line then nodes; empty without a clean broadcast run. */
export function fanOutPoints(source: ReportSource): Array<FanOutPoint & { transport: Series['transport']; seriesInfo: Series }> {
  return groupRuns(source).map((group) => {
    const broadcasts = group.runs.map((run) => run.run.summary.broadcast).filter((item): item is NonNullable<typeof item> => item != null);
    const sum = (read: (item: (typeof broadcasts)[number]) => number): number => broadcasts.reduce((total, item) => total + read(item), 0);
    const p50 = broadcasts.map((item) => item.fanOutMs?.p50 ?? Number.NaN).filter(Number.isFinite);
    const p99 = broadcasts.map((item) => item.fanOutMs?.p99 ?? Number.NaN).filter(Number.isFinite);
    const interval = medianWithInterval(p50);
    const band = group.runs.length > 1 && interval ? `band: ${describeInterval(interval)}` : 'one run';
    return {
      series: group.series.label,
      transport: group.series.transport,
      seriesInfo: group.series,
      nodes: group.nodes,
      runs: group.runs.length,
      p50: estimate(p50),
      p99: estimate(p99),
      published: sum((item) => item.published),
      expected: sum((item) => item.expected),
      delivered: sum((item) => item.delivered),
      duplicates: sum((item) => item.duplicates),
      note: group.shared ? `${band}; one server, no adapter: the same runs start each adapter's line` : band,
    };
  });
}

const PANEL_WIDTH = 330;
const PANEL_HEIGHT = 260;

/** The chart, or null unless the clean broadcast runs cover two node counts or more (one count is a table, not a line). */
export function fanOutChart(source: ReportSource): ReportChart | null {
  const points = fanOutPoints(source);
  const nodeCounts = [...new Set(points.map((point) => point.nodes))].sort((a, b) => a - b);
  if (nodeCounts.length < 2) return null;
  const series = [...new Map(points.map((point) => [point.series, point.seriesInfo])).values()];
  const color = { field: 'series', type: 'nominal' as const, title: 'transport', scale: colorScale(series), legend: { labelLimit: 260 } };
  const repeated = points.some((point) => point.runs > 1);
  const panel = (percentile: 'p50' | 'p99') => {
    const rows = points.map((point) => ({
      series: point.series,
      nodes: point.nodes,
      runs: point.runs,
      value: point[percentile].value,
      low: point[percentile].low,
      high: point[percentile].high,
      note: point.note,
    }));
    const y = (field: string) => ({ field, type: 'quantitative' as const, title: `fan-out ${percentile} (ms)` });
    const tooltip = [
      { field: 'series', type: 'nominal' as const, title: 'transport' },
      { field: 'nodes', type: 'quantitative' as const },
      { field: 'value', type: 'quantitative' as const, title: `fan-out ${percentile} (ms)`, format: ',.2f' },
      { field: 'low', type: 'quantitative' as const, format: ',.2f' },
      { field: 'high', type: 'quantitative' as const, format: ',.2f' },
      { field: 'runs', type: 'quantitative' as const },
      { field: 'note', type: 'nominal' as const },
    ];
    return {
      title: `fan-out ${percentile}`,
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      data: { values: rows },
      encoding: {
        x: {
          field: 'nodes',
          type: 'quantitative' as const,
          title: 'server processes (--nodes)',
          scale: { domain: [Math.min(...nodeCounts) - 0.25, Math.max(...nodeCounts) + 0.25], nice: false },
          axis: { values: nodeCounts, format: 'd' },
        },
      },
      layer: [
        ...(repeated
          ? [
              {
                transform: [{ filter: 'datum.runs > 1' }],
                mark: { type: 'rule' as const, strokeWidth: 3, opacity: 0.45 },
                encoding: { y: y('low'), y2: { field: 'high' }, color },
              },
            ]
          : []),
        { mark: { type: 'line' as const, strokeWidth: 2 }, encoding: { y: y('value'), color, ...dashEncoding(series) } },
        { mark: { type: 'point' as const, filled: true, size: 70, opacity: 1 }, encoding: { y: y('value'), color, tooltip } },
      ],
    };
  };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Broadcast fan-out against server processes',
      subtitle: repeated ? 'median of the runs per point; bar: interval of the median' : 'one run per point',
    },
    config: CHART_CONFIG,
    hconcat: [panel('p50'), panel('p99')],
  };
  const parts = [
    "Fan-out: from a room message's intended send time to its receipt by one member, per delivery (summary.broadcast.fanOutMs of each run.json). One line per transport, Socket.IO one per adapter; at one node there is no adapter, so Socket.IO's one-server runs start each adapter's line.",
    'Runs with a planned fault or a server restart are left out: their fan-out measures the outage (see the timelines).',
    'Delivered / expected and duplicates per point: the table "Broadcast: fan-out and what reached whom" below.',
  ];
  if (repeated)
    parts.push(
      'Where a point has several runs it is their median, and the bar the interval of that median (exact order statistics for 2 to 9 runs, bootstrap 95% from 10).',
    );
  return { name: 'fan-out-nodes', title: 'Broadcast fan-out against server processes', caption: parts.join(' '), spec };
}
