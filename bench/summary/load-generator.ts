/** The load generator's health: one run's worst worker interval, or the worst over the shards of a merged run. */
import type { LoadGeneratorHealth } from './run-summary-types.js';

/** The worst worker interval a run saw, as the monitor folded it, and whether a worker passed the saturation bounds. */
export interface WorstWorkerInterval {
  saturated: boolean;
  cpuPercent: number;
  mainThreadBusyPercent: number;
  eventLoopDelayMs: number;
  eventLoopDelayP99Ms: number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** The summary's sentence for a saturated load generator; `where` names the shards of a merged run. */
function saturationNote(where: string, cpuPercent: number, eventLoopDelayP99Ms: number): string {
  return `The load generator was saturated${where} (worst worker: ${cpuPercent}% CPU, event-loop delay p99 ${eventLoopDelayP99Ms} ms), so these latencies include its own queueing.`;
}

/** One run's load-generator health; `clientBytesPerConnection` from the workers' RSS growth over the ramp. */
export function loadGeneratorHealth(worst: WorstWorkerInterval, clientBytesPerConnection: number | null): LoadGeneratorHealth {
  return {
    saturated: worst.saturated,
    maxCpuPercent: round(worst.cpuPercent),
    maxMainThreadBusyPercent: round(worst.mainThreadBusyPercent),
    maxEventLoopDelayMs: round(worst.eventLoopDelayMs),
    maxEventLoopDelayP99Ms: round(worst.eventLoopDelayP99Ms),
    note: worst.saturated ? saturationNote('', round(worst.cpuPercent), round(worst.eventLoopDelayP99Ms)) : null,
    clientBytesPerConnection,
  };
}

/** Growth of the workers' RSS over the ramp per connected client, in bytes; null when unknown or nobody connected. */
export function clientBytesPerConnection(rampRssGrowthBytes: number | null, connected: number): number | null {
  return rampRssGrowthBytes === null || connected === 0 ? null : Math.round(rampRssGrowthBytes / connected);
}

/** One shard's load generator, by its index, with the clients it connected. */
export interface ShardLoadGenerator {
  index: number;
  connected: number;
  loadGenerator: LoadGeneratorHealth;
}

/** Worst figures over the shards' load generators; saturated when any shard was. */
export function mergeLoadGenerators(shards: readonly ShardLoadGenerator[]): LoadGeneratorHealth {
  const healths = shards.map((shard) => shard.loadGenerator);
  const max = (pick: (health: LoadGeneratorHealth) => number): number => Math.max(...healths.map(pick));
  const saturatedShards = shards.filter((shard) => shard.loadGenerator.saturated).map((shard) => shard.index);
  const maxCpuPercent = max((health) => health.maxCpuPercent);
  const maxEventLoopDelayP99Ms = max((health) => health.maxEventLoopDelayP99Ms);
  let clientBytes = 0;
  let connectedWithClientBytes = 0;
  for (const { loadGenerator, connected } of shards) {
    if (loadGenerator.clientBytesPerConnection === null) continue;
    clientBytes += loadGenerator.clientBytesPerConnection * connected;
    connectedWithClientBytes += connected;
  }
  return {
    saturated: saturatedShards.length > 0,
    maxCpuPercent,
    maxMainThreadBusyPercent: max((health) => health.maxMainThreadBusyPercent ?? 0),
    maxEventLoopDelayMs: max((health) => health.maxEventLoopDelayMs),
    maxEventLoopDelayP99Ms,
    note: saturatedShards.length > 0 ? saturationNote(` in shard ${saturatedShards.join(', ')}`, maxCpuPercent, maxEventLoopDelayP99Ms) : null,
    clientBytesPerConnection: connectedWithClientBytes > 0 ? Math.round(clientBytes / connectedWithClientBytes) : null,
  };
}
