/**
 * The report's "Memory over time" section: each soak's slope per memory series with its interval
 * and verdict (summary.memoryTrend), what grew between its heap snapshots (summary.heapGrowth)
 * and what slow readers cost (summary.slowReaders). Absent when no run is a soak.
 */
import { count, mib, num, table } from './html-table.js';
import type { ReportRun, ReportSource } from './report-source.js';
import type { SeriesTrend } from '../summary/memory-trend-types.js';

/** A soak's series: slope in MiB per hour, its interval and the verdict. */
function trendCell(trend: SeriesTrend | null | undefined): string {
  if (trend === null || trend === undefined) return '-';
  return `${mib(trend.perHour.slope)} (${mib(trend.perHour.low)} to ${mib(trend.perHour.high)}) ${trend.verdict}`;
}

function per1000Cell(trend: SeriesTrend | null | undefined): string {
  const per = trend?.per1000Churned;
  return per === null || per === undefined ? '-' : `${mib(per.slope)} (${mib(per.low)} to ${mib(per.high)})`;
}

/** The run in words: its label, or transport, stack and variant. */
function runName(run: ReportRun): string {
  const { summary } = run.run;
  if (summary.label !== null) return summary.label;
  const deflate = summary.variant.perMessageDeflate === false ? 'deflate off' : 'deflate on';
  const transports = summary.transport === 'socketio' ? `, ${summary.variant.socketioTransports.join(' then ')}` : '';
  return `${summary.transport} ${summary.stack ?? 'current'}${transports}, ${deflate}`;
}

function trendTable(runs: readonly ReportRun[]): string | null {
  const soaks = runs.filter((run) => run.run.summary.memoryTrend !== undefined);
  if (soaks.length === 0) return null;
  const rows = soaks.map((run) => {
    const { summary } = run.run;
    const trend = summary.memoryTrend as NonNullable<typeof summary.memoryTrend>;
    const grown = summary.heapGrowth?.grown[0];
    return [
      runName(run),
      run.runId,
      count(summary.connected),
      summary.churn === undefined ? '-' : count(summary.churn.left),
      trendCell(trend.heapUsed),
      per1000Cell(trend.heapUsed),
      trendCell(trend.rss),
      per1000Cell(trend.rss),
      trendCell(trend.external),
      grown === undefined ? '-' : `${grown.constructor} (+${count(grown.countAfter - grown.countBefore)}; ${grown.retainerChain.join(' <- ')})`,
    ];
  });
  return `<h3>Slope per hour and verdict</h3>
<p>From summary.memoryTrend: each memory series' least-squares slope after the warm-up MSER-5 found, in MiB per hour and per 1,000 churned connections, with its 95% interval, which allows for consecutive samples being alike (Kiefer-Vogelsang-Bunzel). grows: the whole interval lies above the flat band (--flat-band % of the level per hour); flat: it lies within it; cannot tell: neither, or too few independent samples at this length. The last column is the constructor whose own size grew most between the heap snapshots, and what holds its new objects.</p>
${table(['soak', 'run', 'clients', 'churned', 'heap used MiB/h', 'heap per 1,000 churned (MiB)', 'RSS MiB/h', 'RSS per 1,000 churned (MiB)', 'external MiB/h', 'grew most (heap snapshots)'], rows, 4)}`;
}

function slowReaderTable(runs: readonly ReportRun[]): string | null {
  const slow = runs.filter((run) => run.run.summary.slowReaders !== undefined);
  if (slow.length === 0) return null;
  const rows = slow.map((run) => {
    const { summary } = run.run;
    const readers = summary.slowReaders as NonNullable<typeof summary.slowReaders>;
    const trip = summary.steadyTraffic?.roundTripMs;
    return [
      runName(run),
      run.runId,
      `${count(readers.paused)} of ${count(readers.clients)}`,
      `${readers.serverConnectionsAtStart ?? '-'} to ${readers.serverConnectionsLowest ?? '-'}`,
      readers.firstDropSeconds === null ? 'never' : `${num(readers.firstDropSeconds, 1)} s`,
      mib(readers.rssGrowthBytes),
      readers.rssBytesPerSlowReader === null ? '-' : num(readers.rssBytesPerSlowReader / 1024, 0),
      trip === null || trip === undefined ? '-' : `${num(trip.p50, 2)} / ${num(trip.p99, 2)}`,
    ];
  });
  return `<h3>Slow readers</h3>
<p>From summary.slowReaders: clients that stopped reading and went on sending, what the server held for them (its RSS growth over the hold, per paused reader) and when its own count of connections first fell (the library dropped one), beside the other clients' round trips.</p>
${table(['run', 'run id', 'paused', 'server connections', 'first drop', 'RSS growth (MiB)', 'per slow reader (KiB)', 'others round trip p50 / p99 (ms)'], rows, 2)}`;
}

/** The section, or '' when no run is a soak (the page is then as before). */
export function memorySection(source: ReportSource): string {
  const runs = source.cells.flatMap((cell) => cell.measured);
  const parts = [trendTable(runs), slowReaderTable(runs)].filter((part): part is string => part !== null);
  if (parts.length === 0) return '';
  return `<section id="memory">
<h2>Memory over time</h2>
${parts.join('\n')}
</section>`;
}
