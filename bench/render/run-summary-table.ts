/** The human summary of one run, printed on stderr at its end. */
import type { RunSummary } from '../results/run-summary.js';
import { TRANSPORTS } from '../../protocol/transports.js';
import { formatBytes, formatMs, formatTable } from './format.js';
import { clusterLines } from './cluster-lines.js';

function variantText(summary: RunSummary): string {
  const { variant } = summary;
  const parts: string[] = [];
  const facts = TRANSPORTS[summary.transport];
  if (facts.choiceFlag) parts.push(`transports ${facts.clientTransports(variant).join(',')}`);
  parts.push(`per-message deflate ${variant.perMessageDeflate ? 'on' : 'off'}`);
  // Today's stack with no profile is the default and goes unsaid, so the usual line stays as it was.
  if (summary.stack !== undefined && summary.stack !== 'current') parts.push(`stack ${summary.stack}`);
  if (summary.profile) parts.push(`profile ${summary.profile}`);
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
  if (summary.server) {
    const server = summary.server;
    lines.push(
      `server RSS: baseline ${formatBytes(server.baselineRssBytes)}, steady ${formatBytes(server.steadyRssBytes)}, ` +
        `peak ${formatBytes(server.peakRssBytes)}, per connection ${summary.shard && summary.shard.count > 1 ? 'over every shard: bench merge' : formatBytes(server.bytesPerConnection)}`,
    );
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
  if (summary.loadGenerator.note) lines.push(`warning: ${summary.loadGenerator.note}`);
  lines.push(`files: ${summary.resultsDir}`);
  return lines.join('\n');
}
