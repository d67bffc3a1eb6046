/**
 * The one place a run's summary is put together, from plain data: `bench run` passes what its
 * session measured, `bench merge` what its shards wrote. Figures that both have (the clients'
 * times, failures, server memory, the ramp's rate) are computed here, once.
 */
import type { RunConfig } from '../config/run-config.js';
import type { SampleRow, ServerProcessRow } from '../results/file-rows.js';
import { summariseTimes } from './client-times.js';
import type { ClientTally } from './row-tally.js';
import type { BroadcastSummary, LoadGeneratorHealth, RunSummary, SteadyTrafficSummary } from './run-summary-types.js';
import type { ClusterSummary } from './cluster-types.js';
import type { IdleCost } from './idle-types.js';
import type { ChurnSummary } from './churn.js';
import type { MemoryTrend } from './memory-trend-types.js';
import type { HeapGrowth } from './heap-growth.js';
import type { SlowReadersSummary } from './slow-readers.js';
import type { ReconnectionSummary, StormSummary } from './reconnection-types.js';
import { summariseServerMemory } from './server-memory.js';
import { summariseServerCpu } from './server-cpu.js';
import { summariseServerProcesses } from './server-processes.js';
import type { SummaryOutcome } from './status.js';
import type { ScenarioSummary, StepSummary } from './scenario-types.js';

/** What was measured, the same fields whether one run or a merge of shards provides them. */
export interface SummaryInput {
  /** What was run: the config's identity, as the summary repeats it. */
  identity: Pick<RunConfig, 'transport' | 'variant' | 'stack' | 'client' | 'profile' | 'mode' | 'label' | 'target' | 'shard' | 'namespaces'>;
  injected: RunSummary['injected'];
  /** Clients this summary is over: a shard's own, or the whole run's. */
  clients: number;
  outcome: SummaryOutcome;
  /** Every client's row, pooled. */
  tally: ClientTally;
  dropped: number;
  /** The server's samples; null when nobody sampled it (--target, a shard that joined another's server). */
  serverSamples: ReadonlyArray<Pick<SampleRow, 'tMs' | 'rssBytes' | 'cpuTimeMs'> & { phase: string }> | null;
  /** Each process of a server that is a tree (server-processes.csv); null for bench's own server and where nobody sampled one. */
  serverProcessRows: readonly ServerProcessRow[] | null;
  steadyTraffic: SteadyTrafficSummary | null;
  broadcast: BroadcastSummary | null;
  loadGenerator: LoadGeneratorHealth;
  /** Local addresses the clients connected from; 0 or 1: the OS chose. */
  sourceAddresses: number;
  /** From the start of the ramp until every client succeeded or failed, in ms; null if it did not finish. */
  rampMs: number | null;
  wallMs: number;
  resultsDir: string;
  idle: IdleCost | null;
  reconnection: ReconnectionSummary | null;
  storm: StormSummary | null;
  /** Several server processes; undefined on one server (the field is then absent). */
  cluster: ClusterSummary | undefined;
  /** A scenario's figures and its clients' totals; undefined without --scenario (the fields are then absent). */
  scenario?: { steps: Record<string, StepSummary>; clients: ScenarioSummary };
  /** A soak's churn, memory verdict and heap comparison; each undefined without its flag (the field is then absent). */
  churn?: ChurnSummary;
  memoryTrend?: MemoryTrend;
  heapGrowth?: HeapGrowth;
  slowReaders?: SlowReadersSummary;
}

/** Clients connected per second of ramp; null without a finished ramp. */
function connectionsPerSecond(connected: number, rampMs: number | null): number | null {
  return rampMs !== null && rampMs > 0 ? Math.round((connected / rampMs) * 1000) : null;
}

/**
 * Connections the server's memory growth is divided by: a shard of several leaves it to bench
 * merge (shard 0 samples the server every shard loads, but knows only its own clients).
 */
function connectionsForMemory(input: SummaryInput): number {
  const { shard } = input.identity;
  return shard !== null && shard.count > 1 ? 0 : input.tally.connected;
}

/** The summary, in run.json's key order. */
export function assembleSummary(input: SummaryInput): RunSummary {
  const { identity, tally, clients, rampMs } = input;
  return {
    ...input.outcome,
    transport: identity.transport,
    variant: identity.variant,
    stack: identity.stack,
    client: identity.client,
    ...(identity.namespaces === undefined ? {} : { namespaces: identity.namespaces }),
    profile: identity.profile,
    mode: identity.mode,
    label: identity.label,
    target: identity.target,
    shard: identity.shard,
    clients,
    connected: tally.connected,
    failed: clients - tally.connected,
    dropped: input.dropped,
    errors: { ...tally.errors },
    ...summariseTimes(tally),
    server: input.serverSamples !== null && input.serverSamples.length > 0 ? summariseServerMemory(input.serverSamples, connectionsForMemory(input)) : null,
    serverCpu: input.serverSamples === null ? null : summariseServerCpu(input.serverSamples, connectionsForMemory(input)),
    serverProcesses: input.serverProcessRows === null ? null : summariseServerProcesses(input.serverProcessRows),
    steadyTraffic: input.steadyTraffic,
    broadcast: input.broadcast,
    loadGenerator: input.loadGenerator,
    injected: input.injected,
    sourceAddresses: Math.max(1, input.sourceAddresses),
    rampMs,
    connectionsPerSecond: connectionsPerSecond(tally.connected, rampMs),
    wallMs: input.wallMs,
    resultsDir: input.resultsDir,
    ...(input.cluster === undefined ? {} : { cluster: input.cluster }),
    ...(input.scenario === undefined ? {} : { steps: input.scenario.steps, scenario: input.scenario.clients }),
    idle: input.idle,
    reconnection: input.reconnection,
    storm: input.storm,
    ...(input.churn === undefined ? {} : { churn: input.churn }),
    ...(input.memoryTrend === undefined ? {} : { memoryTrend: input.memoryTrend }),
    ...(input.heapGrowth === undefined ? {} : { heapGrowth: input.heapGrowth }),
    ...(input.slowReaders === undefined ? {} : { slowReaders: input.slowReaders }),
  };
}
