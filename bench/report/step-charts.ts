/**
 * One chart per step of a scenario that timed something: at one client count, its p50, p90, p99
 * and max per transport as bars; across client counts (a sweep), its p50 and p99 against clients.
 * Steps that time nothing (send) are only in the table of steps.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  CHART_CONFIG,
  CHART_HEIGHT,
  CHART_WIDTH,
  colorScale,
  dashEncoding,
  needsDashes,
  seriesNamer,
  seriesOf,
  VEGA_LITE_SCHEMA,
  type ReportChart,
  type Series,
} from './chart-style.js';
import type { ReportSource } from './report-source.js';
import { cellSteps, STEP_PERCENTILES, stepNamesOf, type CellStep, type StepPercentile } from './step-data.js';

/** What a step's latency runs from and to, by its kind. */
const TIMED_FROM: Record<CellStep['kind'], string> = {
  emit: "from the emit to the server's acknowledgement",
  expect: 'from the step before to the matching message',
  on: "from the push's timestamp field to its arrival",
  send: 'nothing (a send is timed by the expect after it)',
};

const PANEL_WIDTH = 330;
const PANEL_HEIGHT = 260;

/** The colour encoding: transport colours, unless two series share a transport and bars could not tell them apart. */
function colorOf(series: readonly Series[]): { field: 'series'; type: 'nominal'; title: string; scale?: { domain: string[]; range: string[] } } {
  const color = { field: 'series' as const, type: 'nominal' as const, title: 'transport' };
  return needsDashes(series) ? color : { ...color, scale: colorScale(series) };
}

const tooltipOf = (percentile: string) => [
  { field: 'series', type: 'nominal' as const, title: 'transport' },
  { field: 'clients', type: 'quantitative' as const, format: ',d' },
  { field: 'percentile', type: 'nominal' as const },
  { field: 'ms', type: 'quantitative' as const, title: `${percentile} (ms)`, format: ',.3f' },
  { field: 'runs', type: 'quantitative' as const },
];

/** Bars of each percentile per transport: the step's cells are at one client count. */
function barsSpec(step: string, rows: readonly CellStep[], series: readonly Series[], name: (row: CellStep) => string): TopLevelSpec {
  const values = rows.flatMap((row) =>
    STEP_PERCENTILES.flatMap((percentile) => {
      const value = row.latencyMs[percentile];
      return value === null ? [] : [{ series: name(row), clients: row.cell.clients, percentile, ms: value, runs: row.runs }];
    }),
  );
  const clients = (rows[0] as CellStep).cell.clients.toLocaleString('en-US');
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Step ${step}: latency`, subtitle: `${clients} clients; per transport, over the step's messages` },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'percentile', type: 'nominal', sort: [...STEP_PERCENTILES], title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: colorScale(series).domain },
      y: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
      color: colorOf(series),
      tooltip: tooltipOf('latency'),
    },
  };
}

/** p50 and p99 against clients, one line per transport: the step's cells are at several client counts. */
function linesSpec(step: string, rows: readonly CellStep[], series: readonly Series[], name: (row: CellStep) => string): TopLevelSpec {
  const color = { field: 'series' as const, type: 'nominal' as const, title: 'transport', scale: colorScale(series) };
  const panel = (percentile: StepPercentile) => ({
    title: percentile,
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    data: {
      values: rows.flatMap((row) => {
        const value = row.latencyMs[percentile];
        return value === null ? [] : [{ series: name(row), clients: row.cell.clients, percentile, ms: value, runs: row.runs }];
      }),
    },
    encoding: {
      x: { field: 'clients', type: 'quantitative' as const, title: 'clients' },
      y: { field: 'ms', type: 'quantitative' as const, title: `${percentile} latency (ms)` },
    },
    layer: [
      { mark: { type: 'line' as const, strokeWidth: 2 }, encoding: { color, ...dashEncoding(series) } },
      { mark: { type: 'point' as const, filled: true, size: 60, opacity: 1 }, encoding: { color, tooltip: tooltipOf(percentile) } },
    ],
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Step ${step}: latency against clients`, subtitle: "per transport, over the step's messages" },
    config: CHART_CONFIG,
    hconcat: [panel('p50'), panel('p99')],
  };
}

/** The charts of the source's steps, in the scenario's order; none without a scenario. */
export function stepCharts(source: ReportSource): ReportChart[] {
  const all = cellSteps(source);
  return stepNamesOf(source).flatMap((step, index): ReportChart[] => {
    const rows = all.filter((row) => row.step === step && row.latencyMs.p50 !== null);
    const first = rows[0];
    if (!first) return [];
    const seriesName = seriesNamer(rows.map((row) => row.cell));
    const series = rows.map((row) => seriesOf(row.cell, seriesName));
    const name = (row: CellStep): string => seriesName(row.cell);
    const sizes = new Set(rows.map((row) => row.cell.clients));
    const repeated = rows.some((row) => row.runs > 1) ? ' Where a cell has several runs, each bar or point is the median of their values.' : '';
    const shown = sizes.size > 1 ? 'p50 and p99 against the client count' : 'p50, p90, p99 and max';
    return [
      {
        // By position, not by name: a name comes from run.json, and a file name must not.
        name: `step-${index + 1}`,
        title: `Step ${step}: latency`,
        caption:
          `Step "${step}" (${first.kind}) times ${TIMED_FROM[first.kind]}: its ${shown} over every message of the run, ` +
          `from the run's added histograms (summary.steps in run.json, steps.csv).${repeated} Its counts are in the table of steps below.`,
        spec: sizes.size > 1 ? linesSpec(step, rows, series, name) : barsSpec(step, rows, series, name),
      },
    ];
  });
}
