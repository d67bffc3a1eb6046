/**
 * The figures of a run summary, each with its unit, the direction that is better, and where it
 * appears: compare, repeat.json, summary.csv, the report's table and its sweep charts. The one
 * list: those readers pick from it and never name a figure's path into the summary themselves.
 */
import type { RunSummary } from '../summary/run-summary-types.js';

/** Unit of a figure's value as the summary holds it. */
export type FigureUnit = 'ms' | 'bytes' | 'count';

/** The unit a figure is shown in by the report; bytes are shown in decimal MB or KB. */
export type ShownUnit = 'ms' | 'MB' | 'KB';

/** What one shown unit is, in the figure's own unit. */
export const SHOWN_UNIT_SIZE: Readonly<Record<ShownUnit, number>> = { ms: 1, MB: 1e6, KB: 1e3 };

/** A figure charted against the client count in a sweep report (report/sweep-charts.ts). */
export interface SweepChartFacts {
  /** File name of the chart, without extension. */
  file: string;
  title: string;
  /** Title of the y axis, unit included. */
  axis: string;
  /** What one point of a single run is, for the caption and subtitle. */
  point: string;
  shownIn: ShownUnit;
}

/** One figure taken from a run summary. */
export interface Figure {
  /** Dotted name as used in flags and tables, e.g. firstMessageMs.p99. */
  name: string;
  unit: FigureUnit;
  /** lower: an increase is worse (times, memory, failures); higher: a decrease is. */
  better: 'lower' | 'higher';
  /** The connections.csv column this figure is a percentile of, so a chart can show the clients' spread. */
  perClient: 'connectMs' | 'firstMessageMs' | 'queuedMs' | null;
  /** How `bench compare` takes it: judged by default, only when a --threshold names it, or not at all. */
  compare: 'judged' | 'when named' | null;
  /** Summarised over repeats (median and CI) in repeat.json. */
  repeated: boolean;
  /** One of the few figures a regression check and a table of repeats lead with. */
  headline: boolean;
  /** Column of summary.csv (the dotted name joined in camelCase), or null when summary.csv leaves it out. */
  csvColumn: string | null;
  /** Column of the report's table of cells, or null when the table leaves it out. */
  reportColumn: { heading: string; shownIn: ShownUnit } | null;
  sweepChart: SweepChartFacts | null;
  /** The value in a summary, or null where the run did not measure it. */
  read(summary: RunSummary): number | null;
}

/** The column name of a dotted figure name: connectMs.p50 -> connectMsP50, server.steadyRssBytes -> serverSteadyRssBytes. */
export function csvColumnOf(name: string): string {
  return name.replace(/\.(\w)/g, (_, first: string) => first.toUpperCase());
}

type FigureFacts = Pick<Figure, 'name' | 'unit' | 'read'> & Partial<Omit<Figure, 'name' | 'unit' | 'read' | 'csvColumn'>> & { inCsv?: boolean };

/** A figure with the usual facts: lower is better, compared when named and summarised over repeats, nowhere else. */
function figure(facts: FigureFacts): Figure {
  const { inCsv = false, ...rest } = facts;
  return {
    better: 'lower',
    perClient: null,
    compare: 'when named',
    repeated: true,
    headline: false,
    reportColumn: null,
    sweepChart: null,
    ...rest,
    csvColumn: inCsv ? csvColumnOf(facts.name) : null,
  };
}

/**
 * Reads summary.steadyTraffic.roundTripMs structurally, so summaries written before steady traffic
 * existed (no such field) read as "not measured" rather than failing.
 */
function readRoundTrip(summary: RunSummary, key: 'p50' | 'p90' | 'p99' | 'p999' | 'max'): number | null {
  const traffic = (summary as { steadyTraffic?: { roundTripMs?: Record<string, unknown> | null } | null }).steadyTraffic;
  const value = traffic?.roundTripMs?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Round trips are compared only; repeat.json and summary.csv predate steady traffic and leave them out. */
const roundTrip = (key: 'p50' | 'p90' | 'p99' | 'p999' | 'max', compare: Figure['compare']): Figure =>
  figure({ name: `steadyTraffic.roundTripMs.${key}`, unit: 'ms', compare, repeated: false, read: (s) => readRoundTrip(s, key) });

/** Reads summary.broadcast structurally: summaries written before it existed have no such field. */
function readBroadcast(summary: RunSummary, read: (broadcast: NonNullable<RunSummary['broadcast']>) => number | null | undefined): number | null {
  const value = summary.broadcast ? read(summary.broadcast) : null;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Every figure, in the order compare's tables show them. */
export const FIGURES: readonly Figure[] = [
  figure({
    name: 'connectMs.p50',
    unit: 'ms',
    perClient: 'connectMs',
    compare: 'judged',
    headline: true,
    inCsv: true,
    reportColumn: { heading: 'connect p50', shownIn: 'ms' },
    sweepChart: { file: 'connect-time', title: 'Time to connect vs clients', axis: 'connect time, p50 (ms)', point: 'p50 of clients', shownIn: 'ms' },
    read: (s) => s.connectMs?.p50 ?? null,
  }),
  figure({
    name: 'connectMs.p90',
    unit: 'ms',
    perClient: 'connectMs',
    inCsv: true,
    reportColumn: { heading: 'connect p90', shownIn: 'ms' },
    read: (s) => s.connectMs?.p90 ?? null,
  }),
  figure({
    name: 'connectMs.p99',
    unit: 'ms',
    perClient: 'connectMs',
    compare: 'judged',
    headline: true,
    inCsv: true,
    reportColumn: { heading: 'connect p99', shownIn: 'ms' },
    read: (s) => s.connectMs?.p99 ?? null,
  }),
  figure({ name: 'connectMs.max', unit: 'ms', perClient: 'connectMs', inCsv: true, read: (s) => s.connectMs?.max ?? null }),
  figure({
    name: 'firstMessageMs.p50',
    unit: 'ms',
    perClient: 'firstMessageMs',
    compare: 'judged',
    headline: true,
    inCsv: true,
    reportColumn: { heading: 'first message p50', shownIn: 'ms' },
    sweepChart: {
      file: 'first-message',
      title: 'Time to the first message vs clients',
      axis: 'first-message latency, p50 (ms)',
      point: 'p50 of clients',
      shownIn: 'ms',
    },
    read: (s) => s.firstMessageMs?.p50 ?? null,
  }),
  figure({ name: 'firstMessageMs.p90', unit: 'ms', perClient: 'firstMessageMs', inCsv: true, read: (s) => s.firstMessageMs?.p90 ?? null }),
  figure({
    name: 'firstMessageMs.p99',
    unit: 'ms',
    perClient: 'firstMessageMs',
    compare: 'judged',
    headline: true,
    inCsv: true,
    reportColumn: { heading: 'first message p99', shownIn: 'ms' },
    read: (s) => s.firstMessageMs?.p99 ?? null,
  }),
  figure({ name: 'firstMessageMs.max', unit: 'ms', perClient: 'firstMessageMs', inCsv: true, read: (s) => s.firstMessageMs?.max ?? null }),
  // Time waiting for a handshake slot is the load generator's, not the server's: in summary.csv only.
  figure({ name: 'queuedMs.p50', unit: 'ms', perClient: 'queuedMs', compare: null, repeated: false, inCsv: true, read: (s) => s.queuedMs?.p50 ?? null }),
  figure({ name: 'queuedMs.p99', unit: 'ms', perClient: 'queuedMs', compare: null, repeated: false, inCsv: true, read: (s) => s.queuedMs?.p99 ?? null }),
  figure({ name: 'server.baselineRssBytes', unit: 'bytes', inCsv: true, read: (s) => s.server?.baselineRssBytes ?? null }),
  figure({
    name: 'server.steadyRssBytes',
    unit: 'bytes',
    compare: 'judged',
    headline: true,
    inCsv: true,
    reportColumn: { heading: 'steady RSS', shownIn: 'MB' },
    sweepChart: {
      file: 'server-memory',
      title: 'Server memory vs clients',
      axis: 'server steady RSS (MB)',
      point: 'steady RSS (median over the hold)',
      shownIn: 'MB',
    },
    read: (s) => s.server?.steadyRssBytes ?? null,
  }),
  figure({ name: 'server.peakRssBytes', unit: 'bytes', inCsv: true, read: (s) => s.server?.peakRssBytes ?? null }),
  figure({
    name: 'server.bytesPerConnection',
    unit: 'bytes',
    compare: 'judged',
    headline: true,
    inCsv: true,
    reportColumn: { heading: 'per connection', shownIn: 'KB' },
    sweepChart: {
      file: 'memory-per-connection',
      title: 'Server memory per connection vs clients',
      axis: 'server memory per connection (KB)',
      point: '(steady - baseline RSS) / connected',
      shownIn: 'KB',
    },
    read: (s) => s.server?.bytesPerConnection ?? null,
  }),
  figure({ name: 'connected', unit: 'count', better: 'higher', inCsv: true, read: (s) => s.connected }),
  figure({ name: 'failed', unit: 'count', compare: 'judged', headline: true, inCsv: true, read: (s) => s.failed }),
  figure({ name: 'dropped', unit: 'count', compare: 'judged', inCsv: true, read: (s) => s.dropped ?? 0 }),
  /** 1 for a run that could not finish (its server died, a signal stopped it), else 0. */
  figure({ name: 'runFailed', unit: 'count', compare: 'judged', read: (s) => (s.status === 'failed' || s.status === 'interrupted' ? 1 : 0) }),
  figure({ name: 'steadyTraffic.lost', unit: 'count', compare: 'judged', read: (s) => s.steadyTraffic?.lost ?? null }),
  figure({ name: 'steadyTraffic.outOfOrder', unit: 'count', compare: 'judged', read: (s) => s.steadyTraffic?.outOfOrder ?? null }),
  figure({ name: 'wallMs', unit: 'ms', read: (s) => s.wallMs }),
  roundTrip('p50', 'judged'),
  roundTrip('p90', 'when named'),
  roundTrip('p99', 'judged'),
  roundTrip('p999', 'when named'),
  roundTrip('max', 'when named'),
  // The broadcast workload (--mode broadcast); null in the other modes.
  figure({ name: 'broadcast.fanOutMs.p50', unit: 'ms', repeated: false, inCsv: true, read: (s) => readBroadcast(s, (b) => b.fanOutMs?.p50) }),
  figure({ name: 'broadcast.fanOutMs.p99', unit: 'ms', repeated: false, inCsv: true, read: (s) => readBroadcast(s, (b) => b.fanOutMs?.p99) }),
  figure({ name: 'broadcast.undelivered', unit: 'count', repeated: false, inCsv: true, read: (s) => readBroadcast(s, (b) => b.expected - b.delivered) }),
  figure({ name: 'broadcast.duplicates', unit: 'count', repeated: false, inCsv: true, read: (s) => readBroadcast(s, (b) => b.duplicates) }),
];

/** The figure with this name, or undefined. */
export function findFigure(name: string): Figure | undefined {
  return FIGURES.find((item) => item.name === name);
}

/** The figures a regression check and a summary of repeats lead with: latency p50/p99, memory, failures. */
export const HEADLINE_FIGURES: readonly string[] = FIGURES.filter((item) => item.headline).map((item) => item.name);
