/** The summary object of a run (method.md, "The summary a run returns") and how it is computed. */
import type { RedisOutageSummary } from './redis-outage.js';
import type { ClusterSummary } from '../cluster/cluster-summary.js';
import type { ClientErrorCode, RunMode } from '../../protocol/messages.js';
import type { RoundTripPercentiles } from '../../protocol/round-trip-histogram.js';
import type { SampleRow } from './run-files.js';
import type { RowTally } from '../run/row-tally.js';
import { quantileIntervalOfSorted } from '../stats/order-statistic-interval.js';
import { median, percentiles, percentilesOfSorted, type Percentiles } from '../stats/stats.js';
import type { TransportName, TransportVariant } from '../../protocol/transports.js';
import type { ShardSpec } from '../config/shard-config.js';
import type { StackName } from '../../protocol/stacks.js';
import type { ProfileName } from '../config/profiles.js';
import type { IdleCost } from './idle-cost.js';
import type { ReconnectionSummary, StormSummary } from './storm-summary.js';

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

/** The load generator's own load, worst worker and worst interval. */
export interface LoadGeneratorHealth {
  saturated: boolean;
  /** CPU of the busiest worker process over one interval, % of one core (GC threads included, so it may pass 100). Saturation is judged on this. */
  maxCpuPercent: number;
  /** Busiest main thread over one interval: event-loop utilization in percent (information: a ramp's loop never idles). */
  maxMainThreadBusyPercent: number;
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
  redisOutage?: RedisOutageSummary;
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
  /** The profile the run's flags were filled from, or null; absent in files written before profiles. */
  profile?: ProfileName | null;
  /** echo: firstMessageMs is send to echo; push: open to the message the server pushed. */
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
  /** Null when the run sent no steady traffic. */
  steadyTraffic: SteadyTrafficSummary | null;
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
}

/** Steady, baseline and peak RSS from the samples (as taken, or read back from samples.csv); per connection null when `connected` is 0. */
export function summariseServerMemory(samples: ReadonlyArray<Pick<SampleRow, 'rssBytes'> & { phase: string }>, connected: number): ServerMemory {
  // The last baseline sample: the one nearest the first client, and after --gc-before-steady's
  // collection, which the first sample can predate.
  const baseline = samples.filter((sample) => sample.phase === 'baseline').at(-1)?.rssBytes ?? null;
  // Only hold samples: a ramp sample is not steady. The engine samples as the hold begins, so a
  // run with --hold 0 still has one.
  const steady = median(samples.filter((sample) => sample.phase === 'hold').map((sample) => sample.rssBytes));
  // A loop, not Math.max(...): a long run at a short interval has more samples than call arguments fit.
  let peak: number | null = null;
  for (const sample of samples) peak = peak === null ? sample.rssBytes : Math.max(peak, sample.rssBytes);
  return {
    baselineRssBytes: baseline,
    steadyRssBytes: steady,
    peakRssBytes: peak,
    bytesPerConnection: steady !== null && baseline !== null && connected > 0 ? Math.round((steady - baseline) / connected) : null,
    samples: samples.length,
  };
}

/** Status and reason from what happened. `failure` is set when the run could not finish. */
export function decideStatus(
  tally: RowTally,
  clients: number,
  failure: { status: 'failed' | 'interrupted'; reason: string } | null,
  lostWorkers: string[],
  dropped = 0,
): { status: RunStatus; reason: string | null } {
  if (failure) return failure;
  if (tally.failed > 0 || tally.connected < clients || lostWorkers.length > 0 || dropped > 0) {
    const codes = Object.entries(tally.errors)
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${count} ${code}`)
      .join(', ');
    const parts: string[] = [];
    if (tally.failed > 0) parts.push(`${tally.failed} of ${clients} clients failed (${codes})`);
    if (lostWorkers.length > 0) parts.push(`${lostWorkers.join('; ')}, so its connections were lost`);
    if (dropped > 0) parts.push(`${dropped} connections dropped before the run closed them`);
    return { status: 'partial', reason: parts.join('; ') };
  }
  return { status: 'ok', reason: null };
}

/** Percentiles of a run's clients that get an interval in the summary. */
const INTERVAL_PERCENTILES = [50, 90, 99] as const;

/** Intervals of p50/p90/p99 of each named set of times, already sorted ascending. */
function percentileIntervalsOf(sortedTimes: Record<string, Float64Array>): Record<string, PercentileInterval> {
  const result: Record<string, PercentileInterval> = {};
  for (const [name, sorted] of Object.entries(sortedTimes)) {
    if (sorted.length === 0) continue;
    for (const percent of INTERVAL_PERCENTILES) {
      const interval = quantileIntervalOfSorted(sorted, percent / 100);
      if (interval) result[`${name}.p${percent}`] = { ...interval, n: sorted.length };
    }
  }
  return result;
}

/** Percentile summaries of the pooled times, and the intervals of the ones compare judges. */
export function summariseTimes(tally: RowTally): Pick<RunSummary, 'connectMs' | 'firstMessageMs' | 'queuedMs' | 'percentileIntervals'> {
  // Sorted once: the percentiles and their intervals both read the same order statistics.
  const connectMs = Float64Array.from(tally.connectMs).sort();
  const firstMessageMs = Float64Array.from(tally.firstMessageMs).sort();
  return {
    connectMs: percentilesOfSorted(connectMs),
    firstMessageMs: percentilesOfSorted(firstMessageMs),
    queuedMs: percentiles(tally.queuedMs),
    percentileIntervals: percentileIntervalsOf({ connectMs, firstMessageMs }),
  };
}
