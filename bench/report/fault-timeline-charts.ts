/**
 * Timelines through faults: for a run whose components were killed (--kill) or whose server was
 * restarted (--restart-server-at), room messages delivered per second and clients connected against
 * time from the hold's start, with each kill, restart and return marked and the outage shaded.
 */
import type { TopLevelSpec } from 'vega-lite';
import { TRANSPORTS } from '../../protocol/transports.js';
import { CHART_CONFIG, CHART_WIDTH, VEGA_LITE_SCHEMA, type ReportChart } from './chart-style.js';
import { readBroadcastSeconds, readReconnectTimes, type BroadcastSecond } from '../results/run-folder-readers.js';
import type { ReportRun, ReportSource } from './report-source.js';

/** More fault runs than this get no timeline each; their folders have the files. */
export const MAX_FAULT_TIMELINES = 6;

/** A moment marked by a rule: in seconds from the hold's start. */
export interface TimelineEvent {
  tSeconds: number;
  label: string;
}

/** A shaded span: a component down, or the reconnect storm. */
export interface TimelineSpan {
  start: number;
  end: number;
  label: string;
}

/** A point of a line: seconds from the hold's start and the value. */
interface TimelinePoint {
  tSeconds: number;
  value: number;
}

/** What one fault timeline draws. */
export interface FaultTimeline {
  run: ReportRun;
  /** Room messages delivered per second (broadcast.csv), at the middle of each second; null without broadcast. */
  deliveries: Array<TimelinePoint & { published: number }> | null;
  /** Clients connected: the workers' count (several servers), the clients' own drops and returns (reconnects.csv), or the server's count. */
  connected: TimelinePoint[];
  connectedFrom: 'workers' | 'reconnects' | 'server';
  events: TimelineEvent[];
  spans: TimelineSpan[];
  /** --add-node-at, --drain: each node's connections against time (summary.cluster.scaling); null without a pool change. */
  spread: Array<{ tSeconds: number; node: string; value: number }> | null;
}

/** Whether a run went through a fault: a planned kill in the cluster, or a server restart. */
export function hadFault(run: ReportRun): boolean {
  return (run.run.summary.cluster?.faults.length ?? 0) > 0 || run.run.summary.storm != null;
}

/**
 * broadcast.csv's rows are wall-clock seconds from the one of the first publish, and publishing
 * begins as the hold does. The share of a full second's publishes missing from the first row is how
 * far into that second the hold began; the rows are moved back by it (within one publish period).
 */
function deliveriesOf(run: ReportRun, rows: readonly BroadcastSecond[]): Array<TimelinePoint & { published: number }> {
  const broadcast = run.run.summary.broadcast;
  const perSecond = broadcast ? broadcast.publishers * broadcast.publishRatePerSecond : 0;
  const first = rows[0];
  const offset = first && perSecond > 0 ? Math.min(1, Math.max(0, 1 - first.published / perSecond)) : 0;
  return rows.map((row) => ({ tSeconds: row.second + 0.5 - offset, value: row.delivered, published: row.published }));
}

/** The server's own connection count against time from the first sample of the hold (one server). */
function serverConnections(run: ReportRun): TimelinePoint[] {
  const samples = run.samples ?? [];
  const holdStart = samples.find((sample) => sample.phase === 'hold')?.tMs;
  if (holdStart === undefined) return [];
  return samples
    .filter((sample) => sample.connections !== null && ['ramp', 'hold', 'storm'].includes(sample.phase))
    .map((sample) => ({ tSeconds: (sample.tMs - holdStart) / 1000, value: sample.connections as number }));
}

/**
 * Clients connected from reconnects.csv: the clients connected at the hold's start, less each one
 * from its first drop, plus each one from its last return (a client that dropped twice counts as
 * away from its first drop to its last return). Null without the file.
 */
function reconnectingClients(run: ReportRun): TimelinePoint[] | null {
  const rows = run.dir ? readReconnectTimes(run.dir) : null;
  if (rows === null || rows.length === 0) return null;
  const changes: Array<[number, number]> = [];
  for (const row of rows) {
    if (row.drops === 0 || row.firstDropMs === null) continue;
    changes.push([row.firstDropMs, -1]);
    if (row.backMs !== null) changes.push([row.backMs, 1]);
  }
  changes.sort((a, b) => a[0] - b[0]);
  let connected = run.run.summary.connected;
  const points: TimelinePoint[] = [{ tSeconds: 0, value: connected }];
  for (const [atMs, change] of changes) {
    connected += change;
    points.push({ tSeconds: atMs / 1000, value: connected });
  }
  const holdSeconds = run.run.runJson?.config?.holdSeconds ?? 0;
  const last = points.at(-1) as TimelinePoint;
  if (holdSeconds > last.tSeconds) points.push({ tSeconds: holdSeconds, value: last.value });
  return points;
}

/** Kills, restarts and returns as rules, and each outage (kill to answered again, or to the end) as a span. */
function faultMarks(run: ReportRun, endSeconds: number): { events: TimelineEvent[]; spans: TimelineSpan[] } {
  const events: TimelineEvent[] = [];
  const spans: TimelineSpan[] = [];
  const faults = run.run.summary.cluster?.faults ?? [];
  const downSince = new Map<string, number>();
  for (const fault of faults) {
    if (fault.atMs === null) continue;
    const at = fault.atMs / 1000;
    events.push({ tSeconds: at, label: `${fault.action} ${fault.component}` });
    if (fault.action === 'kill') downSince.set(fault.component, at);
    const done = fault.action === 'add' ? 'in the pool' : fault.action === 'drain' ? 'out of the pool' : 'answered';
    if (fault.answeredAtMs !== null) events.push({ tSeconds: fault.answeredAtMs / 1000, label: `${fault.component} ${done}` });
    if (fault.action === 'restart') {
      const since = downSince.get(fault.component);
      if (since !== undefined) spans.push({ start: since, end: (fault.answeredAtMs ?? fault.atMs) / 1000, label: `${fault.component} down` });
      downSince.delete(fault.component);
    }
  }
  for (const [component, since] of downSince) spans.push({ start: since, end: Math.max(since, endSeconds), label: `${component} down` });
  const storm = run.run.summary.storm;
  if (storm) {
    const killed = storm.killedAtMs / 1000;
    events.push({ tSeconds: killed, label: 'server killed' });
    if (storm.serverDownMs !== null) events.push({ tSeconds: killed + storm.serverDownMs / 1000, label: 'server listening' });
    spans.push({ start: killed, end: killed + storm.stormMs / 1000, label: 'storm' });
  }
  return { events, spans };
}

/** The timeline of one fault run; null when it has nothing to draw (no connection count at all). */
export function faultTimeline(run: ReportRun): FaultTimeline | null {
  const rows = run.dir ? readBroadcastSeconds(run.dir) : null;
  const deliveries = rows && rows.length > 0 ? deliveriesOf(run, rows) : null;
  const cluster = run.run.summary.cluster;
  const reconnecting = cluster ? null : reconnectingClients(run);
  const connected = cluster
    ? cluster.connectedClients.map((point) => ({ tSeconds: point.tMs / 1000, value: point.connected }))
    : (reconnecting ?? serverConnections(run));
  if (connected.length === 0 && deliveries === null) return null;
  const end = Math.max(0, ...connected.map((point) => point.tSeconds), ...(deliveries ?? []).map((point) => point.tSeconds + 0.5));
  const connectedFrom = cluster ? 'workers' : reconnecting ? 'reconnects' : 'server';
  const spread =
    cluster?.scaling?.spreadOverTime.flatMap((point) =>
      point.connections.flatMap((value, node) => (value === null ? [] : [{ tSeconds: point.tMs / 1000, node: `node:${node}`, value }])),
    ) ?? null;
  return { run, deliveries, connected, connectedFrom, ...faultMarks(run, end), spread };
}

function timelineSpec(timeline: FaultTimeline, title: string): TopLevelSpec {
  const colour = TRANSPORTS[timeline.run.run.summary.transport].color;
  const x = { field: 'tSeconds', type: 'quantitative' as const, title: "time from the hold's start (s)" };
  const marks = [
    ...(timeline.spans.length === 0
      ? []
      : [
          {
            data: { values: timeline.spans },
            mark: { type: 'rect' as const, color: '#e45756', opacity: 0.12 },
            encoding: { x: { field: 'start', type: 'quantitative' as const }, x2: { field: 'end' } },
          },
        ]),
    ...(timeline.events.length === 0
      ? []
      : [
          {
            data: { values: timeline.events },
            mark: { type: 'rule' as const, color: '#555', strokeDash: [4, 3] },
            encoding: { x: { field: 'tSeconds', type: 'quantitative' as const } },
          },
        ]),
  ];
  const labels =
    timeline.events.length === 0
      ? []
      : [
          {
            data: { values: timeline.events.map((event, index) => ({ ...event, row: index })) },
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, color: '#333', fontSize: 10 },
            encoding: {
              x: { field: 'tSeconds', type: 'quantitative' as const },
              y: { field: 'row', type: 'quantitative' as const, scale: { domain: [0, Math.max(5, timeline.events.length + 1)], reverse: true }, axis: null },
              text: { field: 'label', type: 'nominal' as const },
            },
          },
        ];
  // Deliveries are counts per second: a centred step shows each second's bin; a level holds until it changes.
  const line = (values: readonly object[], yTitle: string, tooltip: object[], interpolate: 'step' | 'step-after' | 'linear') => ({
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 2, color: colour, interpolate, point: interpolate === 'step-after' ? false : { size: 14, color: colour } },
    encoding: { x, y: { field: 'value', type: 'quantitative' as const, title: yTitle }, tooltip },
  });
  const panels = [];
  if (timeline.deliveries) {
    panels.push({
      width: CHART_WIDTH,
      height: 190,
      layer: [
        ...marks,
        line(
          timeline.deliveries,
          'room messages delivered per second',
          [
            { field: 'tSeconds', type: 'quantitative', title: 'time (s)', format: '.1f' },
            { field: 'value', type: 'quantitative', title: 'delivered' },
            { field: 'published', type: 'quantitative', title: 'published' },
          ],
          'step',
        ),
        ...labels,
      ],
      resolve: { scale: { y: 'independent' as const } },
    });
  }
  panels.push({
    width: CHART_WIDTH,
    height: 150,
    layer: [
      ...marks,
      line(
        timeline.connected,
        timeline.connectedFrom === 'server' ? 'connections (server)' : 'clients connected',
        [
          { field: 'tSeconds', type: 'quantitative', title: 'time (s)', format: '.1f' },
          { field: 'value', type: 'quantitative', title: 'connected' },
        ],
        timeline.connectedFrom === 'reconnects' ? 'step-after' : 'linear',
      ),
      ...(timeline.deliveries ? [] : labels),
    ],
    resolve: { scale: { y: 'independent' as const } },
  });
  if (timeline.spread !== null && timeline.spread.length > 0) {
    panels.push({
      width: CHART_WIDTH,
      height: 170,
      layer: [
        ...marks,
        {
          data: { values: timeline.spread },
          mark: { type: 'line' as const, strokeWidth: 2, interpolate: 'step-after' as const },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative' as const, title: 'connections per node' },
            color: { field: 'node', type: 'nominal' as const, title: 'node' },
            tooltip: [
              { field: 'node', type: 'nominal' as const },
              { field: 'tSeconds', type: 'quantitative' as const, title: 'time (s)', format: '.1f' },
              { field: 'value', type: 'quantitative' as const, title: 'connections' },
            ],
          },
        },
      ],
      resolve: { scale: { y: 'independent' as const } },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: 'dashed rules: kills, restarts, returns and pool changes; shaded: outage or storm' },
    config: CHART_CONFIG,
    resolve: { scale: { x: 'shared' } },
    vconcat: panels,
  } as TopLevelSpec;
}

/** What was done to the run, in a few words: "kill redis@2s, restart@4s", "server restart at 1s". */
export function faultText(run: ReportRun): string {
  const summary = run.run.summary;
  const parts = (summary.cluster?.faults ?? []).map((fault) => `${fault.action} ${fault.component} at ${(fault.plannedAtMs / 1000).toFixed(1)} s`);
  if (summary.storm) parts.push(`server restart at ${(summary.storm.restartAtMs / 1000).toFixed(1)} s`);
  return parts.join(', ');
}

/** One timeline chart per fault run, at most MAX_FAULT_TIMELINES; the note says when some were left out. */
export function faultTimelineCharts(source: ReportSource): { charts: ReportChart[]; leftOut: number } {
  const runs = source.cells.flatMap((cell) => cell.measured).filter(hadFault);
  const timelines = runs
    .slice(0, MAX_FAULT_TIMELINES)
    .map(faultTimeline)
    .filter((item): item is FaultTimeline => item !== null);
  const charts = timelines.map((timeline, index): ReportChart => {
    const summary = timeline.run.run.summary;
    const nodes = summary.cluster ? `${summary.cluster.nodes} nodes` : 'one server';
    const title = `${summary.transport}, ${nodes}: ${faultText(timeline.run)}`;
    const parts = [
      `Run ${timeline.run.runId}, times from the hold's start.`,
      timeline.deliveries
        ? "Top: room messages delivered per second, from broadcast.csv (wall-clock seconds from the first publish, which begins with the hold; aligned to the hold's start by the publishes missing from the first second, so to within one publish period)."
        : '',
      {
        workers: 'Clients connected: connected minus dropped as the client workers reported it about once a second (summary.cluster.connectedClients).',
        reconnects:
          "Clients connected: those connected at the hold's start, less each client from its first drop, plus each from its last return (reconnects.csv; a client that dropped twice counts as away from its first drop to its last return).",
        server: "Connections: the server's own count in each sample of samples.csv, from the sample taken as the hold began.",
      }[timeline.connectedFrom],
      'Dashed rules: when each kill and restart happened and when the component answered again (summary.cluster.faults; a restarted server: summary.storm). Shaded red: the component down (to its answer, or to the end when it never came back), or the reconnect storm (kill until every client was back).',
      timeline.spread !== null && timeline.spread.length > 0
        ? "Bottom: the spread of clients, each node's own connection count in every sample of the hold (summary.cluster.scaling.spreadOverTime), through --add-node-at and --drain."
        : '',
    ];
    return { name: `fault-timeline-${index + 1}`, title, caption: parts.filter((part) => part !== '').join(' '), spec: timelineSpec(timeline, title) };
  });
  return { charts, leftOut: Math.max(0, runs.length - MAX_FAULT_TIMELINES) };
}
