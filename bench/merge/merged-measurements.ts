/**
 * What the shards of a run wrote, turned into bench/summary's plain inputs, as if one machine had
 * run every client: the union of rows, steady traffic from the added histograms, the load
 * generators' worst, reconnection over every shard's clients, and the server as shard 0 saw it.
 */
import type { SummaryInput } from '../summary/assemble-summary.js';
import { mergeLoadGenerators } from '../summary/load-generator.js';
import { reconnectRowOfCsv, summariseReconnection } from '../summary/reconnection.js';
import type { RowTally } from '../summary/row-tally.js';
import { mergedStatus } from '../summary/status.js';
import { addSteadyTraffic, type SteadyTrafficTotals } from '../summary/steady-traffic.js';
import type { ReconnectCsvRow } from '../results/file-rows.js';
import { readReconnectRows, readSamples, readSteadyHistograms } from '../results/run-folder-readers.js';
import type { SteadyTrafficSummary } from '../summary/run-summary-types.js';
import type { ShardRun } from './shard-set.js';

/** Adds the shards' steady traffic from their histograms.json and counters; null when they sent none. */
export async function mergeSteadyTraffic(shards: readonly ShardRun[]): Promise<SteadyTrafficTotals | null> {
  const withTraffic = shards.filter((run) => run.runJson.summary.steadyTraffic);
  const first = withTraffic[0]?.runJson.summary.steadyTraffic;
  if (first === undefined || first === null) return null;
  const parts = withTraffic.map((run) => {
    const traffic = run.runJson.summary.steadyTraffic as SteadyTrafficSummary;
    return { ...readSteadyHistograms(run.dir), sent: traffic.sent, received: traffic.received, lost: traffic.lost, outOfOrder: traffic.outOfOrder };
  });
  return addSteadyTraffic(first, parts);
}

/** Every shard's reconnects.csv rows, sorted by client id; null when no shard's clients reconnected. */
export function mergeReconnectRows(shards: readonly ShardRun[]): ReconnectCsvRow[] | null {
  const perShard = shards.map((run) => readReconnectRows(run.dir));
  if (perShard.every((rows) => rows === null)) return null;
  return perShard.flatMap((rows) => rows ?? []).sort((a, b) => a.client - b.client);
}

/** The ramp over all shards by their clocks: from the first ramp's start to the last ramp's end, in ms; null if a shard's ramp did not finish. */
function mergedRampMs(shards: readonly ShardRun[]): number | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const run of shards) {
    const { rampMs } = run.runJson.summary;
    if (run.shard.rampStartedAt === null || rampMs === null) return null;
    const began = Date.parse(run.shard.rampStartedAt);
    start = Math.min(start, began);
    end = Math.max(end, began + rampMs);
  }
  return Math.round(end - start);
}

/** What the merged summary is made of, beyond the rows and the files the merge writes. */
export interface MergedParts {
  tally: RowTally;
  clients: number;
  steadyTraffic: SteadyTrafficSummary | null;
  reconnectRows: readonly ReconnectCsvRow[] | null;
  resultsDir: string;
}

/**
 * The summary layer's input for the merged run. The server is what shard 0 sampled (through the
 * agent; null with --target), per connection over every shard's connected clients. Reconnection
 * is recomputed over the union of the shards' reconnects.csv, its times from each client's drop
 * (a shard cannot restart the server, so there is no kill to count from). Idle, storm and
 * cluster are shard 0's: the one server is its to measure.
 */
export function summaryInputOfMerge(shards: readonly ShardRun[], parts: MergedParts): SummaryInput {
  const first = shards[0] as ShardRun;
  const base = first.runJson.summary;
  const { tally, clients } = parts;
  const reconnectSettings = first.config.reconnect ?? base.reconnection?.settings ?? null;
  return {
    // Every shard ran one config: its transport, stack and profile are the merged run's.
    identity: {
      transport: base.transport,
      variant: base.variant,
      mode: base.mode,
      label: base.label,
      target: base.target,
      // Files written before stacks and profiles read as today's stack and no profile.
      stack: base.stack ?? 'current',
      profile: base.profile ?? null,
      shard: null,
    },
    injected: base.injected,
    clients,
    outcome: mergedStatus(
      shards.map((run) => ({ index: run.shard.index, summary: run.runJson.summary })),
      tally,
      clients,
    ),
    tally,
    dropped: shards.reduce((total, run) => total + (run.runJson.summary.dropped ?? 0), 0),
    serverSamples: base.server === null ? null : (readSamples(first.dir) ?? []),
    connectionsForMemory: tally.connected,
    steadyTraffic: parts.steadyTraffic,
    // A broadcast run is never sharded (run-config refuses it).
    broadcast: null,
    loadGenerator: mergeLoadGenerators(
      shards.map((run) => ({ index: run.shard.index, connected: run.runJson.summary.connected, loadGenerator: run.runJson.summary.loadGenerator })),
    ),
    sourceAddresses: shards.reduce((total, run) => total + run.runJson.summary.sourceAddresses, 0),
    rampMs: mergedRampMs(shards),
    wallMs: Math.max(...shards.map((run) => run.runJson.summary.wallMs)),
    resultsDir: parts.resultsDir,
    idle: base.idle ?? null,
    reconnection:
      reconnectSettings === null || parts.reconnectRows === null
        ? null
        : summariseReconnection(parts.reconnectRows.map(reconnectRowOfCsv), reconnectSettings, null),
    storm: base.storm ?? null,
    cluster: base.cluster,
  };
}
