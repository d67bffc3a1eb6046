/**
 * Server RSS and open connections over time, from samples.csv: for a single run, or a few runs of
 * one size side by side. A single run also shows its ramp and hold as shaded spans.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  CHART_CONFIG,
  CHART_WIDTH,
  colorScale,
  seriesNamer,
  seriesOf,
  VEGA_LITE_SCHEMA,
  type ReportChart,
  type Series,
  type SeriesSource,
} from './chart-style.js';
import { settingOf } from '../results/run-setting.js';
import type { SamplePoint } from '../results/run-folder-readers.js';
import type { ReportRun, ReportSource } from './report-source.js';

/** More runs than this in one timeline is a tangle; sweeps have their own charts. */
export const MAX_TIMELINE_RUNS = 6;

interface SampleRow {
  series: string;
  run: string;
  tSeconds: number;
  rssMB: number;
  connections: number | null;
  phase: string;
}

interface PhaseSpan {
  phase: string;
  start: number;
  end: number;
  /** Opacity of the span's shade: the hold, whose samples make the steady RSS, darker. */
  shade: number;
}

const SHADES: Record<string, number> = { ramp: 0.07, hold: 0.15 };

/** Each stretch of consecutive samples in `phase`: from its first sample to the first sample after it (or its last). */
function phaseSegments(samples: readonly SamplePoint[], phase: string): Array<{ start: number; end: number }> {
  const segments: Array<{ start: number; end: number }> = [];
  for (let first = 0; first < samples.length; first += 1) {
    if (samples[first]?.phase !== phase || samples[first - 1]?.phase === phase) continue;
    let next = first;
    while (next < samples.length && samples[next]?.phase === phase) next += 1;
    const start = (samples[first] as SamplePoint).tMs / 1000;
    const end = (samples[Math.min(next, samples.length - 1)] as SamplePoint).tMs / 1000;
    if (end > start) segments.push({ start, end });
  }
  return segments;
}

/**
 * The spans of the ramp and the hold, in seconds since the server listened: from a phase's first
 * sample to the first sample after it. A phase shorter than the sampling interval may have none;
 * a hold broken by a reconnect storm has one span on each side of it.
 */
export function phaseSpans(run: ReportRun): PhaseSpan[] {
  const samples = run.samples ?? [];
  return Object.keys(SHADES).flatMap((phase) => phaseSegments(samples, phase).map((segment) => ({ phase, ...segment, shade: SHADES[phase] as number })));
}

/** The reconnect storm's spans (--restart-server-at: samples labelled storm, from the kill until every client is back). */
export function stormSpans(run: ReportRun): PhaseSpan[] {
  return phaseSegments(run.samples ?? [], 'storm').map((segment) => ({ phase: 'storm', ...segment, shade: 0.18 }));
}

/** The timeline chart, or null when no run has samples (--target runs) or there are too many runs. */
export function serverTimelineChart(source: ReportSource): ReportChart | null {
  const runs = source.cells.flatMap((cell) => cell.measured).filter((run) => run.samples && run.samples.length > 0);
  if (runs.length === 0 || runs.length > MAX_TIMELINE_RUNS) return null;
  const name = seriesNamer(source.cells);
  const lineOf = (run: (typeof runs)[number]): SeriesSource => ({ ...run.run.summary, setting: settingOf(run.run.summary) });
  const series: Series[] = runs.map((run) => seriesOf(lineOf(run), name));
  const rows: SampleRow[] = runs.flatMap((run) =>
    (run.samples ?? []).map((sample) => ({
      series: name(lineOf(run)),
      run: run.runId,
      tSeconds: sample.tMs / 1000,
      rssMB: sample.rssBytes / 1e6,
      connections: sample.connections,
      phase: sample.phase,
    })),
  );
  const spans = runs.length === 1 && runs[0] ? phaseSpans(runs[0]) : [];
  const storms = runs.length === 1 && runs[0] ? stormSpans(runs[0]) : [];
  const color = { field: 'series', type: 'nominal' as const, title: 'transport', scale: colorScale(series) };
  const x = { field: 'tSeconds', type: 'quantitative' as const, title: 'time since the server listened (s)' };
  const tooltip = [
    { field: 'series', type: 'nominal' as const, title: 'transport' },
    { field: 'tSeconds', type: 'quantitative' as const, title: 'time (s)', format: '.2f' },
    { field: 'rssMB', type: 'quantitative' as const, title: 'RSS (MB)', format: '.1f' },
    { field: 'connections', type: 'quantitative' as const },
    { field: 'phase', type: 'nominal' as const },
  ];
  const phaseLayers =
    spans.length === 0
      ? []
      : [
          {
            data: { values: spans },
            mark: { type: 'rect' as const, color: '#888' },
            encoding: {
              x: { field: 'start', type: 'quantitative' as const },
              x2: { field: 'end' },
              opacity: { field: 'shade', type: 'quantitative' as const, scale: null, legend: null },
            },
          },
          {
            data: { values: spans },
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, dy: 4, color: '#555' },
            encoding: { x: { field: 'start', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'phase', type: 'nominal' as const } },
          },
        ];
  // Only runs with a storm get these layers, so the chart of any other run is as it was.
  const stormLayers =
    storms.length === 0
      ? []
      : [
          {
            data: { values: storms },
            mark: { type: 'rect' as const, color: '#e45756', opacity: 0.18 },
            encoding: { x: { field: 'start', type: 'quantitative' as const }, x2: { field: 'end' } },
          },
          {
            data: { values: storms },
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, dy: 16, color: '#a33' },
            encoding: { x: { field: 'start', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'phase', type: 'nominal' as const } },
          },
        ];
  const panel = (field: string, title: string, height: number) => ({
    width: CHART_WIDTH,
    height,
    layer: [
      ...phaseLayers,
      ...stormLayers,
      {
        data: { values: rows },
        mark: { type: 'line' as const, strokeWidth: 2, point: { size: 12 } },
        encoding: { x, y: { field, type: 'quantitative' as const, title }, color, detail: { field: 'run', type: 'nominal' as const }, tooltip },
      },
    ],
  });
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Server memory and connections over time' },
    config: CHART_CONFIG,
    vconcat: [panel('rssMB', 'server RSS (MB)', 220), panel('connections', 'open connections (count)', 140)],
  };
  const shaded: string[] = [
    ...new Set(spans.map((span) => (span.phase === 'hold' ? 'the hold (darker), whose median RSS is the steady RSS' : 'the ramp (light)'))),
  ];
  if (storms.length > 0) shaded.push('the reconnect storm (red), from the kill until every client was back');
  const phases = shaded.length > 0 ? ` Shaded: ${shaded.join(' and ')}.` : '';
  return {
    name: 'server-timeline',
    title: 'Server memory and connections over time',
    caption: `Server RSS (sampled from outside the server by PID) and the connections it reported open, from samples.csv.${phases}`,
    spec,
  };
}
