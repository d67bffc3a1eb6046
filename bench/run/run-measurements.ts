/**
 * What a finished (or cut-short) run hands the summary layer: the session's state turned into
 * bench/summary's plain inputs. Nothing here computes a figure or writes a file.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import type { ChurnRow, ReconnectRow } from '../../protocol/messages.js';
import type { HeapSnapshots } from './heap-snapshots.js';
import { summariseChurn } from '../summary/churn.js';
import { summariseMemoryTrend } from '../summary/memory-trend.js';
import { summariseSlowReaders } from '../summary/slow-readers.js';
import type { MemoryTrend } from '../summary/memory-trend-types.js';
import type { RunConfig } from '../config/run-config.js';
import type { ReconnectCsvRow, SampleRow } from '../results/file-rows.js';
import type { BroadcastSummary, SteadyTrafficSummary } from '../summary/run-summary-types.js';
import type { StormSummary } from '../summary/reconnection-types.js';
import type { SummaryInput } from '../summary/assemble-summary.js';
import { summariseBroadcast, type BroadcastTotals } from '../summary/broadcast.js';
import { nodeKilledAtEpochMs, brokerOutageOf, summariseCluster } from '../summary/cluster.js';
import type { ClusterMeasurements } from '../summary/cluster-types.js';
import { summariseIdleCost } from '../summary/idle-cost.js';
import { clientBytesPerConnection, loadGeneratorHealth } from '../summary/load-generator.js';
import { reconnectCsvRow, summariseReconnection } from '../summary/reconnection.js';
import type { RowTally } from '../summary/row-tally.js';
import { decideStatus } from '../summary/status.js';
import { addSteadyTraffic, steadyPartOfWorker, type SteadyTrafficTotals } from '../summary/steady-traffic.js';
import { summariseStorm } from '../summary/storm.js';
import { clientShareOf } from './client-share.js';
import { readServerProcesses } from '../results/run-folder-readers.js';
import type { IdleUsage } from './idle-usage.js';
import type { LoadGeneratorMonitor } from './load-generator-health.js';
import type { MeasuredServer } from './measured-server.js';
import type { PreflightResult } from './preflight.js';
import type { RestartStorm } from './restart-storm.js';
import type { RunStop } from './run-stop.js';
import type { WorkerPool } from './worker-pool.js';

/** Everything a finished (or cut-short) run leaves for its summary. */
export interface RunMeasurements {
  config: RunConfig;
  runDir: string;
  /** performance.now() when the run began. */
  wallStart: number;
  preflight: PreflightResult;
  tally: RowTally;
  server: MeasuredServer | null;
  pool: WorkerPool | null;
  monitor: LoadGeneratorMonitor;
  failure: RunStop | null;
  rampMs: number | null;
  /** When the hold began, on the clients' clock; null when it never did. */
  holdStartedAtEpochMs: number | null;
  reconnectRows: readonly ReconnectRow[];
  /** --churn: one row per arrival. */
  churnRows: readonly ChurnRow[];
  /** --heap-snapshots: the snapshots and the sample window between them; null without. */
  heapSnapshots: HeapSnapshots | null;
  storm: RestartStorm | null;
  idle: IdleUsage | null;
  /** What the topology recorded (--nodes); null on one server. */
  topology: ClusterMeasurements | null;
}

/** Steady traffic of the workers, added; null when the run sent none. */
export async function steadyTrafficOfRun(config: RunConfig, pool: WorkerPool | null): Promise<SteadyTrafficTotals | null> {
  if (config.messagesPerSecond === 0) return null;
  const parts = (pool?.workerSteadyTraffic() ?? []).map(steadyPartOfWorker);
  // A run stopped by a signal or by its server has no dead workers to count here.
  return addSteadyTraffic(config, parts, pool?.clientsOfDeadWorkersWithoutSteadyReport() ?? 0);
}

/** The broadcast workload of the workers; null in the other modes. */
export async function broadcastOfRun(measured: Pick<RunMeasurements, 'config' | 'pool' | 'topology'>): Promise<BroadcastTotals | null> {
  const { config, pool, topology } = measured;
  if (config.broadcast === null) return null;
  const settings = { broadcast: config.broadcast, holdSeconds: config.holdSeconds, nodes: config.cluster?.nodes ?? 1 };
  return summariseBroadcast(settings, pool?.workerBroadcastTraffic() ?? [], brokerOutageOf(topology?.faults ?? []));
}

/** The kill that reconnection times count from: the server's restart, or the first node kill; null without one. */
function killedAtEpochMs(measured: Pick<RunMeasurements, 'storm' | 'topology'>): number | null {
  return measured.storm?.killedAtEpochMs ?? nodeKilledAtEpochMs(measured.topology?.faults ?? []);
}

/** reconnects.csv's rows: every client that connected, times from the hold's start. */
export function reconnectCsvRowsOfRun(measured: RunMeasurements): ReconnectCsvRow[] {
  const killedAt = killedAtEpochMs(measured);
  return measured.reconnectRows.map((row) => reconnectCsvRow(row, measured.holdStartedAtEpochMs, killedAt));
}

/** The summary layer's input from one run's measurements. */
export function summaryInputOfRun(measured: RunMeasurements, steadyTraffic: SteadyTrafficSummary | null, broadcast: BroadcastSummary | null): SummaryInput {
  const { config, tally, server, pool, failure, preflight } = measured;
  const dropped = pool?.counts().dropped ?? 0;
  // A shard's summary is of its own clients; bench merge sums them into the run's.
  const clients = clientShareOf(config).clientCount;
  const status = decideStatus(tally, clients, failure ? { status: failure.status, reason: failure.message } : null, pool?.lost ?? [], dropped);
  const samples = server?.sampler.samples() ?? [];
  return {
    identity: config,
    injected: { delayMs: config.injectDelayMs, retainKb: config.injectRetainKb },
    clients,
    outcome: { ...status, broken: failure?.broken ?? false },
    tally,
    dropped,
    // A shard that joined another's server on an agent has no samples: it is not its to watch.
    serverSamples: server === null ? null : samples,
    // The session calls this after the server stopped, so the file is whole.
    serverProcessRows: config.userServer === null ? null : (readServerProcesses(measured.runDir) ?? []),
    steadyTraffic,
    broadcast,
    loadGenerator: loadGeneratorHealth(measured.monitor.worst(), clientBytesPerConnection(pool?.rampRssGrowthBytes() ?? null, tally.connected)),
    sourceAddresses: preflight.sourceAddresses.length,
    rampMs: measured.rampMs,
    wallMs: Math.round(performance.now() - measured.wallStart),
    resultsDir: path.relative(process.cwd(), measured.runDir) || measured.runDir,
    idle:
      config.mode === 'idle' && config.heartbeat !== null
        ? summariseIdleCost(measured.idle?.readings ?? {}, config.heartbeat, tally.connected - dropped, samples)
        : null,
    reconnection: config.reconnect === null ? null : summariseReconnection(measured.reconnectRows, config.reconnect, killedAtEpochMs(measured)),
    storm: config.restartServerAtMs === null ? null : stormOf(measured, samples),
    cluster: measured.topology === null ? undefined : summariseCluster(measured.topology),
    ...soakOf(measured, samples),
  };
}

/** A soak's churn and memory verdict; neither without the soak's flags, no verdict without the server's samples. */
function soakOf(measured: RunMeasurements, samples: readonly SampleRow[]): Pick<SummaryInput, 'churn' | 'memoryTrend' | 'slowReaders'> {
  const { soak, durationSeconds } = measured.config;
  if (soak === undefined) return {};
  const churn = soak.churn === null ? undefined : summariseChurn(soak.churn, measured.churnRows, durationSeconds);
  const memoryTrend: MemoryTrend | undefined =
    measured.server === null
      ? undefined
      : summariseMemoryTrend({
          samples,
          flatBandPercentPerHour: soak.flatBandPercentPerHour,
          churnedPerHour: churn?.perHour ?? null,
          fitFromMs: measured.heapSnapshots?.fitFromMs ?? null,
          fitUntilMs: measured.heapSnapshots?.fitUntilMs ?? null,
        });
  const slowReaders = soak.slowReaderShare > 0 ? summariseSlowReaders(soak.slowReaderShare, measured.pool?.workerSteadyTraffic() ?? [], samples) : undefined;
  return {
    ...(churn === undefined ? {} : { churn }),
    ...(memoryTrend === undefined ? {} : { memoryTrend }),
    ...(slowReaders === undefined ? {} : { slowReaders }),
  };
}

function stormOf(measured: RunMeasurements, samples: readonly SampleRow[]): StormSummary | null {
  const storm = measured.storm?.measurements() ?? null;
  return storm === null ? null : summariseStorm(storm, samples);
}
