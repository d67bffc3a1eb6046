/**
 * The summary of a merged run, as if one machine had run every client: percentiles from the union
 * of rows, steady traffic from the added histograms, the load generators' worst, and the server
 * as shard 0 saw it.
 */
import { readSamples } from '../report/result-csv.js';
import { summariseServerMemory, summariseTimes, type LoadGeneratorHealth, type RunStatus, type RunSummary, type SteadyTrafficSummary } from '../results/run-summary.js';
import type { RowTally } from '../run/row-tally.js';
import type { ShardRun } from './shard-set.js';

/** Worse statuses first: the merged run is as bad as its worst shard. */
const STATUS_ORDER: readonly RunStatus[] = ['interrupted', 'failed', 'partial', 'ok'];

function mergedStatus(shards: readonly ShardRun[], tally: RowTally, clients: number): Pick<RunSummary, 'status' | 'reason' | 'broken'> {
  const summaries = shards.map((run) => run.runJson.summary);
  const worst = STATUS_ORDER.find((status) => summaries.some((summary) => summary.status === status)) ?? 'ok';
  // A client without a row (a shard that never wrote it) failed too.
  const status: RunStatus = worst === 'ok' && tally.connected < clients ? 'partial' : worst;
  const reasons = shards.filter((run) => run.runJson.summary.reason !== null).map((run) => `shard ${run.shard.index}: ${run.runJson.summary.reason}`);
  if (status === 'partial' && reasons.length === 0) reasons.push(`${clients - tally.connected} of ${clients} clients have no successful row`);
  return { status, reason: status === 'ok' ? null : reasons.join('; '), broken: summaries.some((summary) => summary.broken === true) };
}

/** Worst figures over the shards' load generators; saturated when any shard was. */
export function mergeLoadGenerators(shards: readonly ShardRun[]): LoadGeneratorHealth {
  const healths = shards.map((run) => run.runJson.summary.loadGenerator);
  const max = (pick: (health: LoadGeneratorHealth) => number): number => Math.max(...healths.map(pick));
  const saturatedShards = shards.filter((run) => run.runJson.summary.loadGenerator.saturated).map((run) => run.shard.index);
  const maxCpuPercent = max((health) => health.maxCpuPercent);
  const maxEventLoopDelayP99Ms = max((health) => health.maxEventLoopDelayP99Ms);
  let clientBytes = 0;
  let connectedWithClientBytes = 0;
  for (const run of shards) {
    const { loadGenerator, connected } = run.runJson.summary;
    if (loadGenerator.clientBytesPerConnection === null) continue;
    clientBytes += loadGenerator.clientBytesPerConnection * connected;
    connectedWithClientBytes += connected;
  }
  return {
    saturated: saturatedShards.length > 0,
    maxCpuPercent,
    maxMainThreadBusyPercent: max((health) => health.maxMainThreadBusyPercent),
    maxEventLoopDelayMs: max((health) => health.maxEventLoopDelayMs),
    maxEventLoopDelayP99Ms,
    note:
      saturatedShards.length > 0
        ? `The load generator was saturated in shard ${saturatedShards.join(', ')} (worst worker: ${maxCpuPercent}% CPU, event-loop delay p99 ${maxEventLoopDelayP99Ms} ms), so these latencies include its own queueing.`
        : null,
    clientBytesPerConnection: connectedWithClientBytes > 0 ? Math.round(clientBytes / connectedWithClientBytes) : null,
  };
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

/**
 * The merged run's summary. `clients` is the whole run's; `steadyTraffic` the shards' added. The
 * server is what shard 0 sampled (through the agent; null with --target), per connection over
 * every shard's connected clients.
 */
export function buildMergedSummary(shards: readonly ShardRun[], tally: RowTally, clients: number, steadyTraffic: SteadyTrafficSummary | null, resultsDir: string): RunSummary {
  const base = (shards[0] as ShardRun).runJson.summary;
  const rampMs = mergedRampMs(shards);
  return {
    ...mergedStatus(shards, tally, clients),
    transport: base.transport,
    variant: base.variant,
    mode: base.mode,
    label: base.label,
    target: base.target,
    // Every shard ran one config: its stack and profile are the merged run's.
    stack: base.stack,
    profile: base.profile,
    shard: null,
    clients,
    connected: tally.connected,
    failed: clients - tally.connected,
    dropped: shards.reduce((total, run) => total + (run.runJson.summary.dropped ?? 0), 0),
    errors: tally.errors,
    ...summariseTimes(tally),
    server: base.server === null ? null : summariseServerMemory(readSamples((shards[0] as ShardRun).dir) ?? [], tally.connected),
    steadyTraffic,
    // A broadcast run is never sharded (run-config refuses it).
    broadcast: null,
    loadGenerator: mergeLoadGenerators(shards),
    injected: base.injected,
    sourceAddresses: shards.reduce((total, run) => total + run.runJson.summary.sourceAddresses, 0),
    rampMs,
    connectionsPerSecond: rampMs !== null && rampMs > 0 ? Math.round((tally.connected / rampMs) * 1000) : null,
    wallMs: Math.max(...shards.map((run) => run.runJson.summary.wallMs)),
    resultsDir,
  };
}
