/** The rows and contents of a run folder's files, as written and read back. Types only: the writers, the readers and bench/summary import them. */
import type { ClientErrorCode, ConnectionRow } from '../../protocol/messages.js';

export type { ConnectionRow };

/** Phases of a run, in order. */
export type RunPhase = 'preflight' | 'start-server' | 'start-workers' | 'ramp' | 'hold' | 'close';

/** The phase a sample was taken in: baseline is the server's before the first client. */
export type SamplePhase = 'baseline' | RunPhase | 'storm';

/** One row of samples.csv. */
export interface SampleRow {
  /** Since the server reported listening, in ms. */
  tMs: number;
  connections: number | null;
  rssBytes: number;
  heapUsedBytes: number | null;
  cpuPercent: number;
  /** CPU time (user + system) the sampled processes used since each started, summed, in ms; null where it was not read (a topology's total). */
  cpuTimeMs: number | null;
  /** Processes summed in this sample: 1 for bench's own server, the whole tree of a --server-cmd or --server-pid server; null where not counted. */
  processes: number | null;
  /** The run's phase when the sample was asked for: lets files alone give the steady RSS. */
  phase: SamplePhase;
  /** V8's external memory (Buffers' bytes among it), reported by the server; null where it was not. */
  externalBytes: number | null;
}

/** One row of server-processes.csv: one process of a server that is a tree of processes (--server-cmd, --server-pid), at one sample. */
export interface ServerProcessRow {
  /** The clock of samples.csv. */
  tMs: number;
  pid: number;
  ppid: number;
  /** Its executable's name: argv[0] without its folder (node, sh, npm). */
  command: string;
  rssBytes: number;
  cpuPercent: number;
  cpuTimeMs: number;
  phase: SamplePhase;
}

/** One row of cluster-samples.csv. */
export interface ComponentSampleRow {
  /** Since the cluster was up, in ms (the same clock as samples.csv). */
  tMs: number;
  /** node:0, node:1, ..., lb, redis. */
  component: string;
  pid: number;
  /** Processes summed (nginx: master and workers). */
  processes: number;
  rssBytes: number;
  cpuPercent: number;
  /** Nodes only: what the server reported; empty for the load balancer and Redis. */
  connections: number | null;
  heapUsedBytes: number | null;
  phase: SamplePhase;
}

/** One churn.csv row (--churn): an arrival, with its time from the hold's start. */
export interface ChurnCsvRow {
  client: number;
  replaced: number | null;
  worker: number;
  /** When the leave and the arrival began, in ms after the hold began. */
  atMs: number;
  connectMs: number | null;
  firstMessageMs: number | null;
  error: ClientErrorCode | null;
}

/** One reconnects.csv row: a client's ReconnectRow with times relative to the run. */
export interface ReconnectCsvRow {
  client: number;
  worker: number;
  drops: number;
  attempts: number;
  /** First drop and last time back, in ms after the hold began. */
  firstDropMs: number | null;
  lastBackMs: number | null;
  /** From the kill (or, without one, from the first drop) until back, in ms; empty when not back. */
  timeBackMs: number | null;
  openAtClose: boolean;
}

/** One row of broadcast.csv: one wall-clock second of the broadcast workload. */
export interface BroadcastCsvRow {
  /** Seconds since the first row. */
  second: number;
  unixSecond: number;
  published: number;
  delivered: number;
  expectedOfPublished: number;
  deliveredOfPublished: number;
  lateOfPublished: number;
  duplicatesOfPublished: number;
  /** Null behind a load balancer (each client's node unknown). */
  crossNodeOfPublished: number | null;
}

/** histograms.json: both histograms of steady traffic, in microseconds, each HdrHistogram's compressed base64 encoding. */
export interface SteadyHistograms {
  roundTripMicros: string;
  sendLagMicros: string;
}

/** One row of steps.csv: one figure of a scenario, over every client. */
export interface StepCsvRow {
  step: string;
  kind: string;
  started: number;
  completed: number;
  timeouts: number;
  failures: number;
  disconnects: number;
  unexpected: number;
  expected: number | null;
  missing: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  p999Ms: number | null;
  maxMs: number | null;
}

/** One row of clients-timeline.csv: the clients at one second of a scenario run. */
export interface ClientsTimelineRow {
  second: number;
  /** The arrival phase the second is in; empty without phases. */
  arrivalPhase: string;
  /** The run's phase (ramp, hold, close). */
  runPhase: string;
  opened: number;
  connected: number;
  failed: number;
  left: number;
  dropped: number;
}
