/**
 * The tables of the page's "Several servers, faults and idle cost" section, from run.json alone:
 * broadcast fan-out per topology, each cluster's components, idle cost, and reconnection. A table
 * appears only when some run has its figures; fields a run.json lacks are shown as "-".
 */
import { escapeHtml } from './html-escape.js';
import { count, kib, mib, ms, num, table, type Cell } from './html-table.js';
import { fanOutPoints } from './fan-out-charts.js';
import { faultText, hadFault } from './fault-timeline-charts.js';
import { brokerFiguresOf, type ClusterSummary, type ComponentFigures } from '../summary/cluster-types.js';
import type { ReportRun, ReportSource } from './report-source.js';

const percent = (ratio: number | null | undefined): string => (ratio === null || ratio === undefined ? '-' : `${num(ratio * 100, 2)}%`);

function measuredRuns(source: ReportSource): ReportRun[] {
  return source.cells.flatMap((cell) => cell.measured);
}

function fanOutTable(source: ReportSource): string | null {
  const points = fanOutPoints(source);
  const faultRuns = measuredRuns(source).filter((run) => run.run.summary.broadcast != null && hadFault(run));
  if (points.length === 0 && faultRuns.length === 0) return null;
  const rows = points.map((point) => [
    point.series,
    point.nodes,
    point.runs,
    ms(point.p50.value),
    ms(point.p99.value),
    point.runs > 1 ? `${ms(point.p99.low)} to ${ms(point.p99.high)}` : '-',
    `${count(point.delivered)} / ${count(point.expected)}`,
    percent(point.expected > 0 ? point.delivered / point.expected : null),
    count(point.duplicates),
  ]);
  const faultRows = faultRuns.map((run) => {
    const broadcast = run.run.summary.broadcast;
    return [
      `${run.run.summary.transport} (${faultText(run)})`,
      run.run.summary.cluster?.nodes ?? 1,
      1,
      ms(broadcast?.fanOutMs?.p50),
      ms(broadcast?.fanOutMs?.p99),
      '-',
      `${count(broadcast?.delivered)} / ${count(broadcast?.expected)}`,
      percent(broadcast?.deliveredRatio),
      count(broadcast?.duplicates),
    ];
  });
  return `<h3>Broadcast: fan-out and what reached whom</h3>
<p>Per line and node count, over its runs: fan-out p50 and p99 (the median over the runs), the interval of the p99's median, and the room messages delivered against those expected (each member's copy, summed over the runs) with the duplicates. Runs through a fault are listed on their own rows, below the others.</p>
${table(['transport', 'nodes', 'runs', 'fan-out p50 (ms)', 'fan-out p99 (ms)', 'p99 interval (ms)', 'delivered / expected', 'delivered', 'duplicates'], [...rows, ...faultRows], 1)}`;
}

function componentRow(name: string, figures: ComponentFigures | null, connections: Cell, perConnection: Cell): Cell[] {
  return [
    name,
    figures?.pid ?? '-',
    connections,
    mib(figures?.baselineRssBytes),
    mib(figures?.steadyRssBytes),
    mib(figures?.peakRssBytes),
    perConnection,
    num(figures?.cpuPercentMean),
    num(figures?.cpuPercentPeak),
  ];
}

/** The fields of summary.cluster this page knows; any other (added by a later bench) is listed as it is. */
const KNOWN_CLUSTER_FIELDS = new Set([
  'nodes',
  'lb',
  'adapter',
  'sticky',
  'perNode',
  'loadBalancer',
  'broker',
  'redis',
  'spread',
  'faults',
  'connectedClients',
  // The spread over time is drawn by the fault timeline, not listed.
  'scaling',
]);

/** Fields of summary.cluster this page has no column for, flattened to "path: value" (numbers and strings only). */
function otherClusterFigures(cluster: object): string[] {
  const lines: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      lines.push(`${at}: ${typeof value === 'number' ? num(value, Number.isInteger(value) ? 0 : 2) : String(value)}`);
    else if (Array.isArray(value)) value.slice(0, 20).forEach((item, index) => walk(item, `${at}[${index}]`));
    else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(child, `${at}.${key}`);
  };
  for (const [key, value] of Object.entries(cluster)) if (!KNOWN_CLUSTER_FIELDS.has(key)) walk(value, key);
  return lines;
}

function brokerRows(cluster: ClusterSummary): Cell[][] {
  const broker = brokerFiguresOf(cluster);
  return broker === null ? [] : [componentRow(broker.name === 'primary' ? 'node:cluster primary' : broker.name, broker, '-', '-')];
}

function clusterTables(source: ReportSource): string | null {
  const runs = measuredRuns(source).filter((run) => run.run.summary.cluster);
  if (runs.length === 0) return null;
  const parts = runs.map((run) => {
    const cluster = run.run.summary.cluster as NonNullable<ReportRun['run']['summary']['cluster']>;
    const rows = [
      ...cluster.perNode.map((node) => componentRow(`node:${node.node}`, node, count(node.connections), kib(node.bytesPerConnection))),
      ...(cluster.loadBalancer ? [componentRow(`load balancer (${cluster.lb})`, cluster.loadBalancer, '-', '-')] : []),
      ...brokerRows(cluster),
    ];
    const spread = cluster.spread.connections.map((value) => count(value)).join(' / ');
    const faults = cluster.faults.map((fault) => {
      const at = fault.atMs === null ? 'never (the run ended first)' : `at ${ms(fault.atMs)} ms`;
      const answered = fault.answeredAtMs === null ? '' : `, answered again at ${ms(fault.answeredAtMs)} ms`;
      const error = fault.error ? `, failed: ${fault.error}` : '';
      return `${fault.action} ${fault.component}: planned ${ms(fault.plannedAtMs)} ms, ${at}${answered}${error}`;
    });
    const other = otherClusterFigures(cluster);
    const topology = `${cluster.nodes} nodes, load balancer ${cluster.lb}${cluster.sticky ? '' : ' (not sticky)'}, sync ${cluster.adapter}`;
    return `<h4>${escapeHtml(run.run.summary.transport)}, ${escapeHtml(topology)}: run ${escapeHtml(run.runId)}</h4>
${table(['component', 'pid', 'connections', 'RSS baseline (MiB)', 'RSS steady (MiB)', 'RSS peak (MiB)', 'per connection (KiB)', 'CPU mean (%)', 'CPU peak (%)'], rows, 1)}
<p>Spread of clients over nodes at the end of the hold: ${escapeHtml(spread)} (largest over smallest ${escapeHtml(num(cluster.spread.maxOverMin, 2))}).</p>
${faults.length > 0 ? `<p>Faults, from the hold's start: ${faults.map(escapeHtml).join('; ')}.</p>` : ''}
${other.length > 0 ? `<p>Further figures of summary.cluster: ${other.map(escapeHtml).join('; ')}.</p>` : ''}`;
  });
  return `<h3>Several servers: each component</h3>
<p>From summary.cluster of each run.json: each node's RSS (sampled by PID), its share of the connections and its CPU (mean over ramp and hold, % of one core); the load balancer's and the broker's, summed over their process groups (the node:cluster primary alone).</p>
${parts.join('\n')}`;
}

function idleTable(source: ReportSource): string | null {
  const runs = measuredRuns(source).filter((run) => run.run.summary.idle);
  if (runs.length === 0) return null;
  const rows = runs.map((run) => {
    const idle = run.run.summary.idle as NonNullable<ReportRun['run']['summary']['idle']>;
    const slope = idle.rssSlopeBytesPerMinute;
    return [
      run.run.summary.transport,
      run.runId,
      count(idle.connections),
      idle.heartbeat.pingIntervalMs === null ? 'library default' : `${count(idle.heartbeat.pingIntervalMs)} ms`,
      num(idle.measuredSeconds),
      num(idle.cpuSecondsPer1000ConnectionsPerMinute, 3),
      num(idle.bytesPerConnectionPerMinute, 1),
      slope ? kib(slope.slope) : '-',
      slope ? `${kib(slope.low)} to ${kib(slope.high)} (${slope.n} samples)` : 'fewer than 3 samples',
    ];
  });
  return `<h3>Idle cost</h3>
<p>From summary.idle (<code>--mode idle</code>): the server's CPU seconds per 1,000 connections per minute and bytes on the wire per connection per minute while the connections only exchanged heartbeats, and the slope of its RSS over the hold with its 95% interval (a leak shows as a positive slope whose interval excludes 0; the interval is narrower than the truth, method.md says why).</p>
${table(['transport', 'run', 'connections', 'ping interval', 'measured (s)', 'CPU-s per 1,000 conn. per min', 'bytes per conn. per min', 'RSS slope (KiB/min)', 'slope 95% interval (KiB/min)'], rows, 2)}`;
}

function reconnectionTable(source: ReportSource): string | null {
  const runs = measuredRuns(source).filter((run) => run.run.summary.reconnection);
  if (runs.length === 0) return null;
  const rows = runs.map((run) => {
    const summary = run.run.summary;
    const reconnection = summary.reconnection as NonNullable<typeof summary.reconnection>;
    const settings = reconnection.settings;
    return [
      summary.transport,
      run.runId,
      faultText(run) || '-',
      `${count(settings.delayMs)}-${count(settings.delayMaxMs)} ms, factor ${num(settings.randomizationFactor, 2)}`,
      count(reconnection.clientsDropped),
      count(reconnection.neverBack),
      reconnection.timeBackFrom,
      ms(reconnection.timeBackMs.p50),
      ms(reconnection.timeBackMs.p99),
      ms(reconnection.timeBackMs.p100),
      reconnection.attemptsPerClient
        ? `${count(reconnection.attemptsPerClient.p50)} / ${count(reconnection.attemptsPerClient.p99)} / ${count(reconnection.attemptsPerClient.max)}`
        : '-',
      count(reconnection.attemptsTotal),
      `${num(reconnection.handshakesPerSecond.mean)} / ${num(reconnection.handshakesPerSecond.peak, 0)}`,
      summary.storm ? ms(summary.storm.serverDownMs) : '-',
      summary.storm ? `${num(summary.storm.server.meanCpuPercent)} / ${num(summary.storm.server.maxCpuPercent)}` : '-',
    ];
  });
  return `<h3>Reconnection</h3>
<p>From summary.reconnection and summary.storm: of the clients whose connection dropped, the time until 50, 99 and 100% were back (from the server's kill, or from each client's own first drop; "-" where that share never came back), reconnection attempts per client (p50 / p99 / max) and in all, clients back per second (mean / busiest 100 ms), clients never back, how long a restarted server was down, and its CPU during the storm (mean / max, % of one core).</p>
${table(['transport', 'run', 'fault', 'back-off', 'dropped', 'never back', 'times from', '50% back (ms)', '99% back (ms)', '100% back (ms)', 'attempts p50 / p99 / max', 'attempts', 'back per s mean / peak', 'server down (ms)', 'storm CPU mean / max (%)'], rows, 4)}`;
}

/** The section, or '' when no run has broadcast, cluster, idle or reconnection figures (the page is then as before). */
export function topologySection(source: ReportSource): string {
  const parts = [fanOutTable(source), clusterTables(source), idleTable(source), reconnectionTable(source)].filter((part): part is string => part !== null);
  if (parts.length === 0) return '';
  return `<section id="topology">
<h2>Several servers, faults and idle cost</h2>
${parts.join('\n')}
</section>`;
}

/** A run's workload and topology in a few words, for the table of cells: "broadcast, 2 nodes (lb none, relay), kill redis at 1.5 s". */
export function workloadLabel(summary: ReportRun['run']['summary']): string {
  const parts: string[] = [summary.mode ?? 'echo'];
  if (summary.cluster)
    parts.push(`${summary.cluster.nodes} nodes (lb ${summary.cluster.lb}, ${summary.cluster.adapter}${summary.cluster.sticky ? '' : ', not sticky'})`);
  const faults = [...(summary.cluster?.faults ?? []).map((fault) => `${fault.action} ${fault.component} at ${(fault.plannedAtMs / 1000).toFixed(1)} s`)];
  if (summary.storm) faults.push(`server restart at ${(summary.storm.restartAtMs / 1000).toFixed(1)} s`);
  return [...parts, ...faults].join(', ');
}

/** Whether the table of cells needs a workload column: some run is not a plain echo run on one server. */
export function needsWorkloadColumn(source: ReportSource): boolean {
  return source.cells.some((cell) => cell.mode !== 'echo' || cell.measured.some((run) => run.run.summary.cluster != null || run.run.summary.storm != null));
}
