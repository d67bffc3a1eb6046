/** Turns what a finished (or cut-short) run measured into its summary and round-trip.hgrm. */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunConfig } from '../config/run-config.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import type { RunFiles } from '../results/run-files.js';
import { decideStatus, summariseServerMemory, summariseTimes, type BroadcastSummary, type RunSummary, type SteadyTrafficSummary } from '../results/run-summary.js';
import { writeSteadyHistograms } from '../results/steady-histograms.js';
import type { LoadGeneratorMonitor } from './load-generator-health.js';
import type { MeasuredServer } from './measured-server.js';
import type { PreflightResult } from './preflight.js';
import type { RowTally } from './row-tally.js';
import type { RunStop } from './run-stop.js';
import type { WorkerPool } from './worker-pool.js';
import { clientShareOf } from './client-share.js';

/** Everything a finished (or cut-short) run leaves for its summary. */
export interface RunMeasurements {
  files: RunFiles;
  tally: RowTally;
  server: MeasuredServer | null;
  monitor: LoadGeneratorMonitor;
  pool: WorkerPool | null;
  failure: RunStop | null;
  wallStart: number;
  steadyTraffic: SteadyTrafficSummary | null;
  broadcast: BroadcastSummary | null;
  rampMs: number | null;
  preflight: PreflightResult;
}

/** The summary of a run, as printed and written into run.json. */
export function buildSummary(config: RunConfig, outcome: RunMeasurements): RunSummary {
  const { files, tally, server, monitor, pool, failure, wallStart, steadyTraffic, broadcast, rampMs, preflight } = outcome;
  const dropped = pool?.counts().dropped ?? 0;
  // A shard's summary is of its own clients; bench merge sums them into the run's.
  const clients = clientShareOf(config).clientCount;
  const status = decideStatus(tally, clients, failure ? { status: failure.status, reason: failure.message } : null, pool?.lost ?? [], dropped);
  return {
    ...status,
    broken: failure?.broken ?? false,
    transport: config.transport,
    variant: config.variant,
    stack: config.stack,
    profile: config.profile,
    mode: config.mode,
    label: config.label,
    target: config.target,
    shard: config.shard,
    clients,
    connected: tally.connected,
    failed: clients - tally.connected,
    dropped,
    errors: tally.errors,
    ...summariseTimes(tally),
    // A shard that joined another's server on an agent has no samples: it is not its to watch. Shard 0
    // samples the server of every shard, so per connection is left to bench merge, which knows them all.
    server: server && server.sampler.samples().length > 0 ? summariseServerMemory(server.sampler.samples(), isOneOfSeveralShards(config) ? 0 : tally.connected) : null,
    steadyTraffic,
    broadcast,
    loadGenerator: monitor.result(clientBytesPerConnection(pool, tally.connected)),
    injected: { delayMs: config.injectDelayMs, retainKb: config.injectRetainKb },
    sourceAddresses: Math.max(1, preflight.sourceAddresses.length),
    rampMs,
    connectionsPerSecond: rampMs !== null && rampMs > 0 ? Math.round((tally.connected / rampMs) * 1000) : null,
    wallMs: Math.round(performance.now() - wallStart),
    resultsDir: path.relative(process.cwd(), files.dir) || files.dir,
    ...(server?.clusterSummary ? { cluster: server.clusterSummary() } : {}),
  };
}

function isOneOfSeveralShards(config: RunConfig): boolean {
  return config.shard !== null && config.shard.count > 1;
}

function clientBytesPerConnection(pool: WorkerPool | null, connected: number): number | null {
  const growth = pool?.rampRssGrowthBytes() ?? null;
  return growth === null || connected === 0 ? null : Math.round(growth / connected);
}

/** Merges the workers' round-trip histograms, writes round-trip.hgrm and sums the counters. */
export async function summariseSteadyTraffic(config: RunConfig, pool: WorkerPool | null, runDir: string): Promise<SteadyTrafficSummary | null> {
  if (config.messagesPerSecond === 0) return null;
  // Loaded only here: the histogram library costs ~16 MiB of RSS, and runs without steady traffic never use it.
  const { encodeHistogram, histogramText, mergeEncodedHistograms, roundTripPercentiles } = await import('../../protocol/round-trip-histogram.js');
  const reports = pool?.workerSteadyTraffic() ?? [];
  const merged = mergeEncodedHistograms(reports.map((report) => report.histogram));
  const sendLag = mergeEncodedHistograms(reports.map((report) => report.sendLagHistogram));
  const sent = reports.reduce((sum, report) => sum + report.sent, 0);
  const received = reports.reduce((sum, report) => sum + report.received, 0);
  // What the clients of a worker that died were due to exchange is lost too, not left out: none of
  // it was reported. A run stopped by a signal or by its server is not counted here.
  const unreported = Math.round((pool?.clientsOfDeadWorkersWithoutSteadyReport() ?? 0) * config.messagesPerSecond * config.durationSeconds);
  const summary: SteadyTrafficSummary = {
    messagesPerSecond: config.messagesPerSecond,
    durationSeconds: config.durationSeconds,
    roundTripMs: roundTripPercentiles(merged),
    sendLagMs: roundTripPercentiles(sendLag),
    sent,
    received,
    lost: sent - received + unreported,
    outOfOrder: reports.reduce((sum, report) => sum + report.outOfOrder, 0),
  };
  if (merged.totalCount > 0) await writeFileAtomic(path.join(runDir, 'round-trip.hgrm'), histogramText(merged));
  // The histograms themselves, not only their percentiles: bench merge adds those of its shards.
  await writeSteadyHistograms(runDir, { roundTripMicros: encodeHistogram(merged), sendLagMicros: encodeHistogram(sendLag) });
  merged.destroy();
  sendLag.destroy();
  return summary;
}
