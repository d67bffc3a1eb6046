/** The summary object of a run (method.md, "The summary a run returns"). Types only: bench/summary's functions compute it. */
import type { ScenarioSummary, StepSummary } from './scenario-types.js';
import type { NamespacePlan } from '../../protocol/namespaces.js';
import type { BrokerOutageSummary } from './broker-outage-types.js';
import type { ClusterSummary } from './cluster-types.js';
import type { ClientErrorCode, RunMode } from '../../protocol/messages.js';
import type { RoundTripPercentiles } from '../../protocol/round-trip-histogram.js';
import type { Percentiles } from '../stats/stats.js';
import type { TransportName, TransportVariant } from '../../protocol/transports.js';
import type { ShardSpec } from '../config/shard-config.js';
import type { StackName } from '../../protocol/stacks.js';
import type { ClientKind } from '../../protocol/client-kinds.js';
import type { ProfileName } from '../config/profiles.js';
import type { IdleCost } from './idle-types.js';
import type { ChurnSummary } from './churn.js';
import type { MemoryTrend } from './memory-trend-types.js';
import type { HeapGrowth } from './heap-growth.js';
import type { SlowReadersSummary } from './slow-readers.js';
import type { ReconnectionSummary, StormSummary } from './reconnection-types.js';

/** ok: every client connected; partial: some failed; failed: the run could not finish; interrupted: stopped by a signal. */
export type RunStatus = 'ok' | 'partial' | 'failed' | 'interrupted';

/** Server memory over the run, in bytes. */
export interface ServerMemory {
  /** RSS after listening, before the first client. */
  baselineRssBytes: number | null;
  /** Median RSS during the hold. */
  steadyRssBytes: number | null;
  peakRssBytes: number | null;
  /** (steady - baseline) / connected clients. */
  bytesPerConnection: number | null;
  /** Samples taken. */
  samples: number;
}

/** Server CPU over the run, from the cumulative CPU time of its samples (every process of a tree summed). */
export interface ServerCpu {
  /** CPU time from the last baseline sample to the first hold sample: starting the workers and the ramp, in ms. */
  rampCpuMs: number | null;
  /** rampCpuMs / connected: what the server spent per new connection (handshakes, TLS included), in ms. */
  cpuMsPerConnection: number | null;
  /** Mean CPU over the hold, in % of one core; null with fewer than two hold samples. */
  holdCpuPercent: number | null;
}

/** One process of a server's tree (--server-cmd, --server-pid), beside the tree's sum in `server`. */
export interface ServerProcessFigures {
  pid: number;
  ppid: number;
  /** Its executable's name: argv[0] without its folder (node, sh, npm). */
  command: string;
  /** Median RSS of its hold samples, in bytes; null when it was not alive in the hold. */
  steadyRssBytes: number | null;
  peakRssBytes: number;
  /** Its CPU time at its last sample, in ms. */
  cpuTimeMs: number;
}

/** The load generator's own load, worst worker and worst interval. */
export interface LoadGeneratorHealth {
  saturated: boolean;
  /** CPU of the busiest worker process over one interval, % of one core (GC threads included, so it may pass 100). Saturation is judged on this. */
  maxCpuPercent: number;
  /** Busiest main thread over one interval: event-loop utilization in percent (information: a ramp's loop never idles). Absent in files written before it existed. */
  maxMainThreadBusyPercent?: number;
  /** Largest event-loop delay any worker saw, in ms. */
  maxEventLoopDelayMs: number;
  /** Worst per-interval p99 event-loop delay of any worker, in ms. */
  maxEventLoopDelayP99Ms: number;
  /** One plain sentence when saturated, else null. */
  note: string | null;
  /** Growth of the workers' RSS over the ramp divided by connected clients, in bytes; null if unknown. */
  clientBytesPerConnection: number | null;
}

/** Steady traffic of the hold: round trips from intended send time, and what was lost or reordered. */
export interface SteadyTrafficSummary {
  messagesPerSecond: number;
  durationSeconds: number;
  /** Merged over all workers, in ms; null when no echo came back. */
  roundTripMs: RoundTripPercentiles | null;
  /** How late messages left against their intended send time, in ms: the part of roundTripMs that is the sender's own. */
  sendLagMs: RoundTripPercentiles | null;
  sent: number;
  received: number;
  /** sent - received after the drain wait, plus what the clients of a worker that died were due to send (never reported). */
  lost: number;
  /** Echoes that arrived after the echo of a later message on the same connection. */
  outOfOrder: number;
}

/** The broadcast workload of the hold (method.md, Broadcast): fan-out latency and what reached whom. */
export interface BroadcastSummary {
  rooms: number;
  publishers: number;
  /** Room messages each publisher sent per second. */
  publishRatePerSecond: number;
  /** How long publishers published (the hold), in seconds. */
  durationSeconds: number;
  /** Clients in a room as publishing began (connected, joined), over all rooms. */
  members: number;
  /** Intended send time of a room message to its receipt by one member, per delivery, merged over all workers, in ms; null when nothing was delivered. */
  fanOutMs: RoundTripPercentiles | null;
  /** How late room messages left against their intended send time, in ms: the part of fanOutMs that is the publisher's own. */
  sendLagMs: RoundTripPercentiles | null;
  /** Room messages the publishers sent. */
  published: number;
  /** Sum over rooms of messages published to the room times its members (the publisher is a member and receives its own). */
  expected: number;
  /** Room messages received by a member, duplicates excluded. */
  delivered: number;
  /** delivered / expected; null when nothing was expected. */
  deliveredRatio: number | null;
  /** Room messages a member received again (same publisher and sequence number). */
  duplicates: number;
  /** --kill redis@..: the messages published during the outage, judged one by one, and the recovery. Absent without a Redis kill. */
  brokerOutage?: BrokerOutageSummary;
  /** Files written before brokers other than Redis: the Redis outage, without `broker`. */
  redisOutage?: Omit<BrokerOutageSummary, 'broker'>;
}

/** Where a percentile of one run's clients lies, at `coverage` (exact, from order statistics). In the figure's unit. */
export interface PercentileInterval {
  low: number;
  high: number;
  coverage: number;
  /** Clients the percentile was taken over. */
  n: number;
}

/** What `bench run --json` prints and run.json holds under `summary`. */
export interface RunSummary {
  status: RunStatus;
  /** One sentence when status is not ok, else null. */
  reason: string | null;
  /**
   * True when the run failed because bench or the machine broke (the server or a worker would not
   * start, an error in bench): nothing was measured, exit 3. A server that died under load is a
   * measured failure: false, exit 1. Absent in run.json files written before it existed.
   */
  broken?: boolean;
  transport: TransportName;
  variant: TransportVariant;
  /** The library stack the server and clients loaded; absent in run.json files written before stacks (today's). */
  stack?: StackName;
  /** How the workers spoke to the server: the transport's client library, or bench's wire client; absent in files written before --client (library). */
  client?: ClientKind;
  /** --namespaces: the Socket.IO namespaces each client joined and over how many connections; absent without it. */
  namespaces?: NamespacePlan;
  /** The profile the run's flags were filled from, or null; absent in files written before profiles. */
  profile?: ProfileName | null;
  /** echo: firstMessageMs is send to echo; push: open to the message the server pushed. Absent in files written before modes (read as echo). */
  mode: RunMode;
  label: string | null;
  /** The URL of the server when it was not started by bench (--target), else null. */
  target: string | null;
  /** Which shard of a run this is (bench run --shard): its figures are over its own clients. Null or absent otherwise. */
  shard?: ShardSpec | null;
  clients: number;
  connected: number;
  failed: number;
  /** Clients that connected and later lost their connection before the run closed them. */
  dropped: number;
  /** Failed clients per error code. */
  errors: Partial<Record<ClientErrorCode, number>>;
  /** Percentiles over clients that connected, in ms; null when none did. */
  connectMs: Percentiles | null;
  firstMessageMs: Percentiles | null;
  queuedMs: Percentiles | null;
  /**
   * Exact 95% order-statistic intervals of connectMs and firstMessageMs p50/p90/p99 over this run's
   * clients, by figure name (connectMs.p99, ...): how far a percentile of this many clients can be
   * trusted. Compare judges a single run with them. Absent in run.json files written before it existed.
   */
  percentileIntervals?: Record<string, PercentileInterval>;
  server: ServerMemory | null;
  /** Null when the samples carry no CPU time (--target, a topology, an older agent); absent in files written before it existed. */
  serverCpu?: ServerCpu | null;
  /** --server-cmd, --server-pid: each process of the server's tree, root first; null otherwise; absent in files written before it existed. */
  serverProcesses?: ServerProcessFigures[] | null;
  /** Null when the run sent no steady traffic. */
  steadyTraffic: SteadyTrafficSummary | null;
  /** --scenario: one figure per step, by its name (steps.<name>.p99 in bench compare); absent without a scenario. */
  steps?: Record<string, StepSummary>;
  /** --scenario: its clients' totals (groups, finished, unexpected messages, left); absent without a scenario. */
  scenario?: ScenarioSummary;
  /** The broadcast workload (--mode broadcast); null in the other modes; absent in files written before it existed. */
  broadcast?: BroadcastSummary | null;
  loadGenerator: LoadGeneratorHealth;
  /** Fault injection in force on the server. */
  injected: { delayMs: number; retainKb: number };
  /** Local addresses the clients connected from (1: the OS's choice). */
  sourceAddresses: number;
  /** From the start of the ramp until every client succeeded or failed, in ms; null if the ramp did not finish. */
  rampMs: number | null;
  /** Clients connected per second of ramp. */
  connectionsPerSecond: number | null;
  wallMs: number;
  resultsDir: string;
  /** Idle mode: what holding the connections cost the server; null in other modes. Absent in files written before it existed. */
  idle?: IdleCost | null;
  /** Reconnection (--restart-server-at, --reconnect-*): drops, attempts, time back; null when clients did not reconnect. Absent in older files. */
  reconnection?: ReconnectionSummary | null;
  /** --restart-server-at: the kill and restart of the server and what the storm cost it; null without. Absent in older files. */
  storm?: StormSummary | null;
  /** Several server processes (--nodes 2 or more): each node, the load balancer, Redis, the spread of clients, faults. Absent on one server. */
  cluster?: ClusterSummary;
  /** --churn: the clients that left and the new ones that took their place. Absent without it. */
  churn?: ChurnSummary;
  /** A soak (--churn, --flat-band, --heap-snapshots, --inject-leak-kb): each memory series' slope after its warm-up and its verdict. Absent otherwise. */
  memoryTrend?: MemoryTrend;
  /** --heap-snapshots: what grew between the server's two heap snapshots, by constructor. Absent without it. */
  heapGrowth?: HeapGrowth;
  /** --slow-readers: what the clients that stopped reading cost the server. Absent without it. */
  slowReaders?: SlowReadersSummary;
}
