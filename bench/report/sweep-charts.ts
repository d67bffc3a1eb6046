/**
 * The study's figures as charts of a sweep, one line per transport against the client count: connect
 * time, time to the first message, server steady RSS, and memory per connection. Each point is the
 * p50 (or the median of the repeats) with a band; failed cells and the study's own figures are marked.
 */
import type { TopLevelSpec } from 'vega-lite';
import { describeInterval, medianWithInterval } from '../stats/median-interval.js';
import { FIGURES, SHOWN_UNIT_SIZE } from '../stats/figures.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { percentileOfSorted } from '../stats/stats.js';
import {
  CHART_CONFIG,
  CHART_HEIGHT,
  CHART_WIDTH,
  colorScale,
  dashEncoding,
  seriesNamer,
  seriesOf,
  VEGA_LITE_SCHEMA,
  type ReportChart,
  type Series,
} from './chart-style.js';
import type { ConnectionTimes } from '../results/run-folder-readers.js';
import type { ReportCell, ReportSource } from './report-source.js';
import { studyValues } from './study-comparison.js';
import { studyMetricOf, type StudyData, type StudyMetric } from './study-data.js';

/** One figure charted against clients, read in the unit its axis shows. */
interface SweepMetric {
  name: string;
  title: string;
  yTitle: string;
  /** What one point of a single run is, for the caption and subtitle. */
  point: string;
  read(summary: RunSummary): number | null;
  /** p10 and p90 over the clients of one run, for times only. */
  clientBand?: (times: ConnectionTimes) => Float64Array;
  study?: StudyMetric;
}

/** The charted figures of the registry, in its order. */
const METRICS: readonly SweepMetric[] = FIGURES.flatMap((figure): SweepMetric[] => {
  const chart = figure.sweepChart;
  if (!chart) return [];
  const size = SHOWN_UNIT_SIZE[chart.shownIn];
  const column = figure.perClient;
  const study = studyMetricOf(figure.name);
  return [
    {
      name: chart.file,
      title: chart.title,
      yTitle: chart.axis,
      point: chart.point,
      read: (summary) => {
        const value = figure.read(summary);
        return value === null ? null : value / size;
      },
      ...(column ? { clientBand: (times: ConnectionTimes) => times[column] } : {}),
      ...(study ? { study } : {}),
    },
  ];
});

/** Point shapes: how a cell ended, and the study's reference figures. */
const MARKERS = [
  { marker: 'ok', shape: 'circle' },
  { marker: 'partial', shape: 'triangle-up' },
  { marker: 'failed', shape: 'cross' },
  { marker: '2020 study', shape: 'diamond' },
] as const;

type Marker = (typeof MARKERS)[number]['marker'];

/** A row of a chart's inline data. */
interface SweepRow {
  kind: 'measured' | 'study';
  series: string;
  clients: number;
  /** The line's value: p50, or the median of the repeats' p50; null for a failed cell. */
  value: number | null;
  low: number | null;
  high: number | null;
  /** Where the point is drawn: the value, 0 for a failed cell. */
  plotted: number;
  marker: Marker;
  runs: number;
  note: string;
}

function cellRow(cell: ReportCell, metric: SweepMetric, series: string): SweepRow | null {
  const values = cell.measured.map((run) => metric.read(run.run.summary)).filter((value): value is number => value !== null);
  const base = { kind: 'measured' as const, series, clients: cell.clients, runs: values.length };
  if (values.length === 0) {
    if (cell.status !== 'failed') return null;
    const reason = cell.failures[0]?.reason ?? 'failed';
    return { ...base, value: null, low: null, high: null, plotted: 0, marker: 'failed', note: `failed: ${reason}` };
  }
  const marker: Marker = cell.status === 'ok' ? 'ok' : 'partial';
  if (values.length > 1) {
    const interval = medianWithInterval(values);
    const center = interval?.median ?? (values[0] as number);
    const note = interval ? `band: ${describeInterval(interval)}` : `median of ${values.length} runs`;
    return { ...base, value: center, low: interval?.ciLow ?? null, high: interval?.ciHigh ?? null, plotted: center, marker, note };
  }
  const value = values[0] as number;
  const times = cell.measured[0]?.times;
  const sorted = times && metric.clientBand ? metric.clientBand(times) : null;
  const low = sorted ? (percentileOfSorted(sorted, 10) ?? null) : null;
  const high = sorted ? (percentileOfSorted(sorted, 90) ?? null) : null;
  const partial = cell.status === 'partial' ? 'some clients failed; ' : '';
  return { ...base, value, low, high, plotted: value, marker, note: `${partial}${low === null ? 'one run' : 'band: p10 to p90 of clients'}` };
}

/** One short line under the title, so an SVG or PNG read alone still says what the band is. */
function subtitleFor(metric: SweepMetric, rows: readonly SweepRow[]): string {
  const repeated = rows.some((row) => row.kind === 'measured' && row.runs > 1);
  const clientBands = rows.some((row) => row.kind === 'measured' && row.runs === 1 && row.low !== null);
  if (repeated && clientBands) return `median of repeats with its interval as band; single runs: ${metric.point} with p10-p90 of clients`;
  if (repeated) return `${metric.point}, median of the repeats; band: interval of the median`;
  if (clientBands) return `${metric.point}; band: p10 to p90 of clients`;
  return `${metric.point}, one run per cell`;
}

function captionFor(metric: SweepMetric, rows: readonly SweepRow[]): string {
  const parts: string[] = [`Each point is a cell: its ${metric.point}, or the median of that over its repeats.`];
  if (rows.some((row) => row.kind === 'measured' && row.runs > 1))
    parts.push(
      'Bands over repeated cells are the interval of that median: exact order statistics for 2 to 9 runs (min to max of 3 runs, which covers the median 75% of the time), the 95% bootstrap interval from 10 runs on; each point says which.',
    );
  if (rows.some((row) => row.kind === 'measured' && row.runs === 1 && row.low !== null)) parts.push('Bands over single runs span p10 to p90 of the clients.');
  if (rows.some((row) => row.marker === 'partial')) parts.push('Triangles: some clients of the cell failed.');
  if (rows.some((row) => row.marker === 'failed')) parts.push('Crosses on the axis: the cell failed and measured nothing.');
  if (rows.some((row) => row.kind === 'study')) parts.push('Hollow diamonds: the 2020 study at that size, on other machines and versions.');
  return parts.join(' ');
}

/** A study figure more than this many times our largest drawn value would squash our lines flat; the caption names it instead. */
const STUDY_SCALE_LIMIT = 3;

/** The study's figures inside the chart's client range: drawn when near our scale, else named in the caption. */
function studyRows(study: StudyData, metric: SweepMetric, series: readonly Series[], rows: readonly SweepRow[]): { rows: SweepRow[]; offScale: string[] } {
  const clients = rows.map((row) => row.clients);
  const low = Math.min(...clients);
  const high = Math.max(...clients);
  const ourMax = Math.max(...rows.flatMap((row) => [row.value ?? 0, row.high ?? 0]));
  const drawn: SweepRow[] = [];
  const offScale: string[] = [];
  for (const claim of metric.study ? studyValues(study, metric.study) : []) {
    const line = series.find((item) => item.transport === claim.transport);
    if (!line || claim.clients < low || claim.clients > high) continue;
    if (claim.value > STUDY_SCALE_LIMIT * ourMax) {
      offScale.push(`${claim.transport} ${claim.value.toLocaleString('en-US')} at ${claim.clients.toLocaleString('en-US')} clients`);
      continue;
    }
    drawn.push({
      kind: 'study',
      series: line.label,
      clients: claim.clients,
      value: claim.value,
      low: null,
      high: null,
      plotted: claim.value,
      marker: '2020 study',
      runs: 0,
      note: claim.quote,
    });
  }
  return { rows: drawn, offScale };
}

function chartSpec(metric: SweepMetric, rows: SweepRow[], series: readonly Series[]): TopLevelSpec {
  const markers = MARKERS.filter((item) => rows.some((row) => row.marker === item.marker));
  const color = { field: 'series', type: 'nominal' as const, title: 'transport', scale: colorScale(series) };
  const shape = {
    field: 'marker',
    type: 'nominal' as const,
    title: 'cell',
    scale: { domain: markers.map((item) => item.marker), range: markers.map((item) => item.shape) },
    // With every cell ok and no study mark, a legend of one shape says nothing.
    ...(markers.length === 1 && markers[0]?.marker === 'ok' ? { legend: null } : {}),
  };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: metric.yTitle });
  const tooltip = [
    { field: 'series', type: 'nominal' as const, title: 'transport' },
    { field: 'clients', type: 'quantitative' as const, format: ',d' },
    { field: 'value', type: 'quantitative' as const, title: metric.yTitle, format: ',.2f' },
    { field: 'low', type: 'quantitative' as const, format: ',.2f' },
    { field: 'high', type: 'quantitative' as const, format: ',.2f' },
    { field: 'note', type: 'nominal' as const },
  ];
  const bandLayer = {
    transform: [{ filter: 'datum.low != null && datum.high != null' }],
    mark: { type: 'area' as const, opacity: 0.18 },
    encoding: { y: y('low'), y2: { field: 'high' }, color },
  };
  // A failed cell keeps its null value here so the line breaks there instead of bridging it.
  const lineLayer = {
    transform: [{ filter: "datum.kind === 'measured'" }],
    mark: { type: 'line' as const, strokeWidth: 2, invalid: 'break-paths-filter-domains' as const },
    encoding: { y: y('value'), color, ...dashEncoding(series) },
  };
  const pointLayer = {
    transform: [{ filter: "datum.kind === 'measured'" }],
    mark: { type: 'point' as const, filled: true, size: 70, opacity: 1 },
    encoding: { y: y('plotted'), color, shape, tooltip },
  };
  const studyLayer = {
    transform: [{ filter: "datum.kind === 'study'" }],
    mark: { type: 'point' as const, filled: false, size: 130, strokeWidth: 2, opacity: 1 },
    encoding: { y: y('plotted'), color, shape, tooltip },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: metric.title, subtitle: subtitleFor(metric, rows) },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values: rows },
    encoding: { x: { field: 'clients', type: 'quantitative', title: 'clients (connections open at once)', scale: { zero: false }, axis: { format: ',d' } } },
    // Layers without data are left out: vega warns about their empty extents.
    layer: [
      ...(rows.some((row) => row.low !== null && row.high !== null) ? [bandLayer] : []),
      lineLayer,
      pointLayer,
      ...(rows.some((row) => row.kind === 'study') ? [studyLayer] : []),
    ],
  };
}

/** The sweep charts, for sources with two or more client counts. Memory charts only where the server was ours to watch. */
export function sweepCharts(source: ReportSource, study: StudyData): ReportChart[] {
  const cells = source.cells.filter((cell) => cell.status !== 'not run');
  const name = seriesNamer(cells);
  const series: Series[] = cells.map((cell) => seriesOf(cell, name));
  const charts: ReportChart[] = [];
  for (const metric of METRICS) {
    const rows = cells.map((cell) => cellRow(cell, metric, name(cell))).filter((row): row is SweepRow => row !== null);
    if (!rows.some((row) => row.value !== null)) continue;
    const reference = studyRows(study, metric, series, rows);
    rows.push(...reference.rows);
    const offScale = reference.offScale.length > 0 ? ` Off this scale, so not drawn: the study's ${reference.offScale.join('; ')} (see the table below).` : '';
    charts.push({ name: metric.name, title: metric.title, caption: `${captionFor(metric, rows)}${offScale}`, spec: chartSpec(metric, rows, series) });
  }
  return charts;
}
