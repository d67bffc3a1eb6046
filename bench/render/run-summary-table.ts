/** The human summary of one run, printed on stderr at its end. */
import { scenarioLines } from './scenario-lines.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { deflateWords, TRANSPORTS } from '../../protocol/transports.js';
import { formatBytes, formatMs, formatTable } from './format.js';
import { clusterLines } from './cluster-lines.js';

function variantText(summary: RunSummary): string {
  const { variant } = summary;
  const parts: string[] = [];
  const facts = TRANSPORTS[summary.transport];
  if (facts.choiceFlag) parts.push(`transports ${facts.clientTransports(variant).join(',')}`);
  parts.push(`per-message deflate ${deflateWords(variant.perMessageDeflate)}`);
  // Today's stack with no profile is the default and goes unsaid, so the usual line stays as it was.
  if (summary.stack !== undefined && summary.stack !== 'current') parts.push(`stack ${summary.stack}`);
  if (summary.profile) parts.push(`profile ${summary.profile}`);
  // The library is the default and goes unsaid, like today's stack.
  if (summary.client === 'wire') parts.push('wire client');
  const namespaces = summary.namespaces;
  if (namespaces) parts.push(`${namespaces.count} namespaces ${namespaces.connections === 'one' ? 'over one connection' : 'over a connection each'}`);
  return parts.join(', ');
}

/** Renders the summary as a few lines of text. */
export function renderRunSummary(summary: RunSummary): string {
  const lines: string[] = [];
  const label = summary.label ? ` "${summary.label}"` : '';
  lines.push(`${summary.transport}${label} (${variantText(summary)}): ${summary.status}${summary.reason ? ` - ${summary.reason}` : ''}`);
  lines.push(
    `clients ${summary.clients}, connected ${summary.connected}, failed ${summary.failed}` +
      (summary.dropped > 0 ? `, dropped during hold ${summary.dropped}` : '') +
      `, ramp ${formatMs(summary.rampMs)}` +
      (summary.connectionsPerSecond !== null ? ` (${summary.connectionsPerSecond} connections/s)` : '') +
      `, wall ${formatMs(summary.wallMs)}`,
  );
  const timeRow = (name: string, values: RunSummary['connectMs']): string[] => [
    name,
    formatMs(values?.p50),
    formatMs(values?.p90),
    formatMs(values?.p99),
    formatMs(values?.max),
  ];
  lines.push(
    formatTable([
      ['', 'p50', 'p90', 'p99', 'max'],
      timeRow('connectMs', summary.connectMs),
      timeRow('firstMessageMs', summary.firstMessageMs),
      timeRow('queuedMs', summary.queuedMs),
    ]),
  );
  if (summary.steadyTraffic) {
    const traffic = summary.steadyTraffic;
    const rt = traffic.roundTripMs;
    lines.push(
      `steady traffic (${traffic.messagesPerSecond}/s per client for ${traffic.durationSeconds} s): sent ${traffic.sent}, ` +
        `received ${traffic.received}, lost ${traffic.lost}, out of order ${traffic.outOfOrder}`,
    );
    lines.push(
      `round trip from intended send: p50 ${formatMs(rt?.p50)}, p90 ${formatMs(rt?.p90)}, p99 ${formatMs(rt?.p99)}, ` +
        `p99.9 ${formatMs(rt?.p999)}, max ${formatMs(rt?.max)}`,
    );
    const lag = traffic.sendLagMs;
    lines.push(`of which the sender's own lateness: p50 ${formatMs(lag?.p50)}, p99 ${formatMs(lag?.p99)}, max ${formatMs(lag?.max)}`);
  }
  lines.push(...scenarioLines(summary));
  if (summary.broadcast) {
    const cast = summary.broadcast;
    const fan = cast.fanOutMs;
    const ratio = cast.deliveredRatio === null ? '-' : `${(cast.deliveredRatio * 100).toFixed(2)}%`;
    lines.push(
      `broadcast (${cast.rooms} rooms, ${cast.members} members, ${cast.publishers} publishers at ${cast.publishRatePerSecond}/s for ${cast.durationSeconds} s): ` +
        `published ${cast.published}, delivered ${cast.delivered} of ${cast.expected} expected (${ratio}), duplicates ${cast.duplicates}`,
    );
    lines.push(
      `fan-out from intended publish: p50 ${formatMs(fan?.p50)}, p90 ${formatMs(fan?.p90)}, p99 ${formatMs(fan?.p99)}, ` +
        `p99.9 ${formatMs(fan?.p999)}, max ${formatMs(fan?.max)}; publisher's own lateness p99 ${formatMs(cast.sendLagMs?.p99)}`,
    );
    const outage = cast.brokerOutage ?? (cast.redisOutage ? { broker: 'redis', ...cast.redisOutage } : undefined);
    if (outage) {
      const cross = outage.crossNodeDelivered === null ? '' : `, ${outage.crossNodeDelivered} crossed nodes`;
      const outageRatio = outage.deliveredRatio === null ? '-' : `${(outage.deliveredRatio * 100).toFixed(2)}%`;
      lines.push(
        `${outage.broker} outage (messages published in ${outage.seconds} s from the kill to the restart): delivered ${outage.delivered} of ${outage.expected} (${outageRatio}; ` +
          `${(outage.localOnlyRatio * 100).toFixed(1)}% if only local${cross}), lost ${outage.lost}, late ${outage.late}, duplicated ${outage.duplicates}; ` +
          `whole again ${outage.recoveryMs === null ? 'never' : formatMs(outage.recoveryMs)} after the restart answered`,
      );
    }
  }
  if (summary.server) {
    const server = summary.server;
    lines.push(
      `server RSS: baseline ${formatBytes(server.baselineRssBytes)}, steady ${formatBytes(server.steadyRssBytes)}, ` +
        `peak ${formatBytes(server.peakRssBytes)}, per connection ${summary.shard && summary.shard.count > 1 ? 'over every shard: bench merge' : formatBytes(server.bytesPerConnection)}`,
    );
    lines.push(...serverTreeLines(summary));
  } else if (summary.target) {
    lines.push('server memory: not measured (the server is not ours to watch with --target)');
  } else if (summary.shard) {
    lines.push(`server memory: sampled by shard 0 of ${summary.shard.count}; bench merge of every shard reports it`);
  } else {
    lines.push('server memory: not measured (the server did not start)');
  }
  if (summary.cluster) lines.push(...clusterLines(summary.cluster));
  if (summary.sourceAddresses > 1) lines.push(`clients connected from ${summary.sourceAddresses} source addresses`);
  if (summary.injected.delayMs > 0 || summary.injected.retainKb > 0) {
    lines.push(`faults injected: echo delay ${summary.injected.delayMs} ms, retained ${summary.injected.retainKb} KiB per connection`);
  }
  lines.push(...stormAndIdleLines(summary));
  if (summary.loadGenerator.note) lines.push(`warning: ${summary.loadGenerator.note}`);
  lines.push(`files: ${summary.resultsDir}`);
  return lines.join('\n');
}

/** The server's CPU per new connection, and each process of a user's server tree beside the sum above. */
function serverTreeLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  const cpu = summary.serverCpu;
  if (cpu && cpu.cpuMsPerConnection !== null) {
    const hold = cpu.holdCpuPercent === null ? '' : `, hold ${cpu.holdCpuPercent.toFixed(1)}% of one core`;
    lines.push(`server CPU: ${formatNumber(cpu.cpuMsPerConnection, 3)} ms per new connection (${formatNumber(cpu.rampCpuMs, 0)} ms over the ramp)${hold}`);
  }
  const processes = summary.serverProcesses ?? [];
  if (processes.length > 1) {
    const each = processes.map((process) => `${process.command || '?'} ${process.pid} ${formatBytes(process.steadyRssBytes)}`).join(', ');
    lines.push(`server processes (${processes.length}, steady RSS each; the sum above): ${each}`);
  }
  return lines;
}

function formatNumber(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? 'n/a' : value.toFixed(digits);
}

/** The reconnect storm's and the idle hold's lines, when the run had them. */
function stormAndIdleLines(summary: RunSummary): string[] {
  const lines: string[] = [];
  const { storm, reconnection, idle } = summary;
  if (storm) {
    const cpu = storm.server;
    lines.push(
      `reconnect storm: server killed ${formatMs(storm.killedAtMs)} into the hold, down ${formatMs(storm.serverDownMs)}, pids ${storm.sampledServerPids.join(' -> ')}; ` +
        `during the storm server CPU mean ${formatNumber(cpu.meanCpuPercent, 0)}% / max ${formatNumber(cpu.maxCpuPercent, 0)}%, peak RSS ${formatBytes(cpu.peakRssBytes)}`,
    );
  }
  if (reconnection) {
    const { settings, timeBackMs, attemptsPerClient, handshakesPerSecond } = reconnection;
    const backoff = settings.delayMs === 0 ? 'no back-off' : `back-off ${settings.delayMs}-${settings.delayMaxMs} ms, factor ${settings.randomizationFactor}`;
    lines.push(
      `reconnection (${backoff}): ${reconnection.clientsDropped} dropped, ${reconnection.clientsBack} back, never back ${reconnection.neverBack}; ` +
        `time back from the ${reconnection.timeBackFrom}: 50% ${formatMs(timeBackMs.p50)}, 99% ${formatMs(timeBackMs.p99)}, 100% ${formatMs(timeBackMs.p100)}`,
    );
    lines.push(
      `attempts per client: p50 ${attemptsPerClient?.p50 ?? 'n/a'}, p99 ${attemptsPerClient?.p99 ?? 'n/a'}, max ${attemptsPerClient?.max ?? 'n/a'} (total ${reconnection.attemptsTotal}); ` +
        `handshakes/s mean ${formatNumber(handshakesPerSecond.mean, 0)}, peak ${handshakesPerSecond.peak}`,
    );
  }
  if (idle) {
    const slope = idle.rssSlopeBytesPerMinute;
    lines.push(
      `idle cost (${idle.connections} connections, ${idle.measuredSeconds.toFixed(1)} s, ping every ${idle.heartbeat.pingIntervalMs} ms): ` +
        `server CPU ${idle.serverCpuSeconds.toFixed(2)} s = ${formatNumber(idle.cpuSecondsPer1000ConnectionsPerMinute, 4)} CPU-s per 1,000 connections per minute; ` +
        `${formatNumber(idle.bytesPerConnectionPerMinute, 1)} bytes per connection per minute on the wire`,
    );
    lines.push(
      slope === null
        ? 'RSS drift: too few samples'
        : `RSS drift: ${formatBytes(slope.slope)}/min (95% interval ${formatBytes(slope.low)} to ${formatBytes(slope.high)} per minute, ${slope.n} samples)`,
    );
  }
  return lines;
}
