/**
 * What the shards of a run wrote, turned into bench/summary's plain inputs, as if one machine had
 * run every client: the union of rows, steady traffic from the added histograms, the load
 * generators' worst, reconnection over every shard's clients, and the server as shard 0 saw it.
 */
import type { SummaryInput } from '../summary/assemble-summary.js';
import { mergeLoadGenerators } from '../summary/load-generator.js';
import { reconnectRowOfCsv, summariseReconnection } from '../summary/reconnection.js';
import type { RowTally } from '../summary/row-tally.js';
import { rampSpanOf, shardTotals } from '../summary/shard-totals.js';
import { mergedStatus } from '../summary/status.js';
import { addSteadyTraffic, type SteadyTrafficTotals } from '../summary/steady-traffic.js';
import type { ReconnectCsvRow } from '../results/file-rows.js';
import { readReconnectRows, readSamples, readSteadyHistograms } from '../results/run-folder-readers.js';
import { settingOf } from '../results/run-setting.js';
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

/** When a shard's hold began by its clock, in ms since the epoch: its ramp's start plus its length; null when the ramp did not finish. */
function holdStartOf(run: ShardRun): number | null {
  return rampSpanOf({ rampStartedAt: run.shard.rampStartedAt, rampMs: run.runJson.summary.rampMs })?.endMs ?? null;
}

/**
 * Every shard's reconnects.csv rows, their times moved from the shard's own hold start to the
 * earliest shard's (by the shards' clocks, which the start-skew check already trusts), so that the
 * rows of different shards share one origin; null when no shard's clients reconnected.
 */
export function mergeReconnectRows(shards: readonly ShardRun[]): ReconnectCsvRow[] | null {
  const perShard = shards.map((run) => readReconnectRows(run.dir));
  if (perShard.every((rows) => rows === null)) return null;
  const holdStarts = shards.map(holdStartOf);
  const known = holdStarts.filter((start): start is number => start !== null);
  const origin = known.length === shards.length ? Math.min(...known) : null;
  return perShard.flatMap((rows, index) => {
    const shift = origin === null ? 0 : (holdStarts[index] as number) - origin;
    const moved = (ms: number | null): number | null => (ms === null ? null : ms + shift);
    return (rows ?? []).map((row) => ({ ...row, firstDropMs: moved(row.firstDropMs), lastBackMs: moved(row.lastBackMs) }));
  });
}

/** What the merged summary is made of, beyond the rows and the files the merge writes. */
export interface MergedParts {
  tally: RowTally;
  clients: number;
  steadyTraffic: SteadyTrafficSummary | null;
  reconnectRows: readonly ReconnectCsvRow[] | null;
  /** A scenario's step figures and clients' totals, added over the shards; null without --scenario. */
  scenario: NonNullable<SummaryInput['scenario']> | null;
  resultsDir: string;
}

/**
 * The summary layer's input for the merged run. The server is what shard 0 sampled (through the
 * agent; null with --target), per connection over every shard's connected clients. Reconnection
 * is recomputed over the union of the shards' reconnects.csv, its times back from each client's
 * drop (a shard cannot restart the server, so there is no kill to count from). Idle, storm and
 * cluster are shard 0's, the shard that owns the server; the config refuses --shard with idle
 * mode, --restart-server-at and --nodes today, so they are null, and carried should that change.
 */
export function summaryInputOfMerge(shards: readonly ShardRun[], parts: MergedParts): SummaryInput {
  const first = shards[0] as ShardRun;
  const base = first.runJson.summary;
  const { tally, clients } = parts;
  const totals = shardTotals(shards.map((run) => ({ ...run.runJson.summary, rampStartedAt: run.shard.rampStartedAt })));
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
      ...settingOf(base),
      client: base.client ?? 'library',
      ...(base.namespaces === undefined ? {} : { namespaces: base.namespaces }),
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
    dropped: totals.dropped,
    serverSamples: base.server === null ? null : (readSamples(first.dir) ?? []),
    // A shard's server is never a --server-cmd or --server-pid one (run-config refuses them with --shard).
    serverProcessRows: null,
    steadyTraffic: parts.steadyTraffic,
    // A broadcast run is never sharded (run-config refuses it).
    broadcast: null,
    loadGenerator: mergeLoadGenerators(
      shards.map((run) => ({ index: run.shard.index, connected: run.runJson.summary.connected, loadGenerator: run.runJson.summary.loadGenerator })),
    ),
    sourceAddresses: totals.sourceAddresses,
    rampMs: totals.rampMs,
    wallMs: totals.wallMs,
    resultsDir: parts.resultsDir,
    idle: base.idle ?? null,
    reconnection:
      reconnectSettings === null || parts.reconnectRows === null
        ? null
        : summariseReconnection(parts.reconnectRows.map(reconnectRowOfCsv), reconnectSettings, null),
    storm: base.storm ?? null,
    cluster: base.cluster,
    ...(parts.scenario === null ? {} : { scenario: parts.scenario }),
  };
}
