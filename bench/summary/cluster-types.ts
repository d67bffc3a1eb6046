/** What run.json's summary.cluster holds for a run of several server processes: its types, and the one reader of its broker that old files need. */
import type { FaultAction, FaultComponent } from '../cluster/fault-plan.js';
import type { ClusterConfig, LoadBalancerName } from '../cluster/cluster-config.js';
import type { ComponentSampleRow } from '../results/file-rows.js';
import type { BrokerName, SyncAdapter } from '../../protocol/sync-adapters.js';

/** Memory and CPU of one component, sampled by PID (its whole process group for the load balancer and the broker). */
export interface ComponentFigures {
  /** PID of its main process (the last one, after a restart). */
  pid: number | null;
  /** Processes summed in its last sample (nginx: master and workers). */
  processes: number | null;
  /** RSS in the last sample before the first client, in bytes. */
  baselineRssBytes: number | null;
  /** Median RSS over the hold's samples, in bytes. */
  steadyRssBytes: number | null;
  peakRssBytes: number | null;
  /** Mean CPU over the ramp's and hold's samples, in percent of one core (may pass 100). */
  cpuPercentMean: number | null;
  cpuPercentPeak: number | null;
}

/** The broker's figures, named. */
export interface BrokerFigures extends ComponentFigures {
  name: BrokerName | 'primary';
}

/** One server process of the cluster. */
export interface NodeFigures extends ComponentFigures {
  node: number;
  port: number;
  /** Connections the node reported in the last sample of the hold: its share of the clients. */
  connections: number | null;
  /** (steady - baseline) / connections, in bytes; null without connections. */
  bytesPerConnection: number | null;
}

/** What happened to one planned fault; times in ms from the start of the hold. */
export interface FaultRecord {
  component: FaultComponent;
  action: FaultAction;
  plannedAtMs: number;
  /** When the SIGKILL was sent or the restart begun; null when it never happened (the run ended first). */
  atMs: number | null;
  /** Restart: when it answered again (the broker: its probe answered; a node: listening again); add: when the new node listened and was in the pool; drain: when it was out of the pool and had closed its clients; null otherwise. */
  answeredAtMs: number | null;
  /** Why the action failed, in one line; null when it did not. */
  error: string | null;
  /** atMs and answeredAtMs on the clock the client workers share (performance.timeOrigin + now(), ms since the epoch): what client figures are measured against. Absent in files written before they existed. */
  atEpochMs?: number | null;
  answeredAtEpochMs?: number | null;
}

/** Clients connected at one moment (as the workers last reported: opened and not dropped). */
export interface ConnectedPoint {
  /** From the start of the hold, in ms; negative during the ramp. */
  tMs: number;
  connected: number;
}

/** The topology and its figures. */
export interface ClusterSummary {
  nodes: number;
  lb: LoadBalancerName;
  adapter: SyncAdapter;
  sticky: boolean;
  perNode: NodeFigures[];
  loadBalancer: ComponentFigures | null;
  /** The broker the adapter syncs through, or the cluster adapter's node:cluster primary (name 'primary'). bench always writes it; read it with brokerFiguresOf, since files written before other brokers than Redis have `redis` instead. */
  broker?: BrokerFigures;
  /** Files written before other brokers than Redis: Redis's figures. */
  redis?: ComponentFigures;
  /** Connections per node at the end of the hold, and the largest over the smallest share (1: even). */
  spread: { connections: Array<number | null>; maxOverMin: number | null };
  faults: FaultRecord[];
  /** Connected clients about once a second through the ramp and the hold. */
  connectedClients: ConnectedPoint[];
  /** The first --kill node:i: the surviving nodes before and after it; null without a node kill. Clients back: summary.reconnection. Absent in older files. */
  nodeKill?: NodeKillSummary | null;
  /** --add-node-at and --drain: the spread before and after, the clients moved, when it settled; absent without them. */
  scaling?: ScalingSummary;
}

/** --add-node-at and --drain (bench/summary/scaling.ts). */
/** One moment of the spread: connections per node (null: not running yet, or not sampled then). */
export interface SpreadPoint {
  /** From the hold's start, in ms. */
  tMs: number;
  connections: Array<number | null>;
}

/** What the pool changes did. */
export interface ScalingSummary {
  /** Each --add-node-at and --drain as it happened (from the hold's start; null: never reached). */
  changes: Array<{ action: 'add' | 'drain'; node: number; atMs: number | null }>;
  /** Connections per node in the last sample before the first change (a node not running yet: 0). */
  before: Array<number | null>;
  /** Connections per node in the last sample of the hold. */
  after: Array<number | null>;
  /** Clients that ended on another node than before: the sum of each node's gain. */
  moved: number | null;
  /** From the last change until the first sample from which the spread no longer changed, in ms; null when no change happened. Resolution: the sample interval. */
  settledMs: number | null;
  /** The spread at every sample of the hold. */
  spreadOverTime: SpreadPoint[];
}

/** One surviving node around a node kill: the window before the kill against the window after it. */
export interface SurvivorLoad {
  node: number;
  /** Hold samples from the hold's start to the kill. */
  before: WindowLoad;
  /** Samples from the kill until NODE_KILL_WINDOW_MS after it (or the hold's end). */
  after: WindowLoad;
}

/** A node's load in one window of samples. */
export interface WindowLoad {
  samples: number;
  /** Mean and peak CPU, in percent of one core. */
  cpuPercentMean: number | null;
  cpuPercentPeak: number | null;
  /** Peak RSS, in bytes. */
  rssPeakBytes: number | null;
  /** Connections the node reported in the window's last sample. */
  connectionsLast: number | null;
}

/** What a node kill did to the topology. */
export interface NodeKillSummary {
  node: number;
  /** When it was killed, in ms from the hold's start. */
  killedAtMs: number;
  /** Length of the window after the kill, in ms. */
  windowMs: number;
  survivors: SurvivorLoad[];
}

/** What a topology recorded over a run. Times from performance.now(), in ms, unless named otherwise. */
export interface ClusterMeasurements {
  cluster: Pick<ClusterConfig, 'nodes' | 'lb' | 'adapter' | 'sticky'>;
  nodePorts: readonly number[];
  /** Each component's rows of cluster-samples.csv: `node:0`, ..., `lb`, and the broker's name or `primary`. */
  componentSamples(component: string): readonly ComponentSampleRow[];
  faults: readonly FaultRecord[];
  /** Connected clients about once a second. */
  connected: ReadonlyArray<{ at: number; connected: number }>;
  /** When the hold began; null when the run stopped before it. */
  holdStartedAt: number | null;
  /** When the sampler's tMs counts from. */
  sampledFrom: number;
  /** False when the topology never started its sampler. */
  sampled: boolean;
}

/** The broker's figures of a summary.cluster, from files of any age: those before other brokers than Redis named them `redis`. */
export function brokerFiguresOf(cluster: ClusterSummary): BrokerFigures | null {
  if (cluster.broker !== undefined) return cluster.broker;
  return cluster.redis === undefined ? null : { name: 'redis', ...cluster.redis };
}
