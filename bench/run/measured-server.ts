/**
 * The server a run measures, wherever it runs. The engine only sees this interface; a local run
 * starts a child process (local-server.ts), a remote run asks an agent for one, several nodes are
 * a topology (cluster-server.ts). Types only: what only some servers can do is a capability, null
 * where the server cannot.
 */
import type { ServerOptions, ServerUsage } from '../../protocol/messages.js';
import type { SampleRow } from '../results/file-rows.js';
import type { ServerDescription } from '../results/run-json.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type { ClusterMeasurements } from '../summary/cluster-types.js';
import type { LoadBalancerPlan } from '../cluster/load-balancer-plan.js';
import type { ServerSampler } from './server-sampler.js';
import type { HeapSnapshotReply } from './server-launcher.js';

/** What one kill and restart of the server did. Times are performance.timeOrigin + now(), in ms, comparable across processes. */
export interface ServerRestart {
  killedAtEpochMs: number;
  /** When the new process reported listening; null if it never did. */
  listeningAtEpochMs: number | null;
  oldPid: number;
  newPid: number | null;
}

/** A server that can be killed with SIGKILL and started again on the same port (--restart-server-at). */
export interface RestartableServer {
  restart(): Promise<ServerRestart>;
}

/** A server that can be asked for its own counters (idle mode). */
export interface CountingServer {
  /** CPU time and socket bytes the server counted so far; null when it did not answer. */
  usage(): Promise<ServerUsage | null>;
  /** Writes a heap snapshot of the server to `path` (--heap-snapshots); null when it did not answer. */
  heapSnapshot(path: string): Promise<HeapSnapshotReply | null>;
}

/** Several server processes behind one URL (--nodes). */
export interface ServerTopology {
  /** Each node's URL, for clients that pick their node themselves (--lb none). */
  readonly nodeUrls: string[];
  /** The workers' count of connected clients now, for the connected-clients timeline. */
  clientsConnected(connected: number): void;
  /** What the topology recorded so far: its components' samples, the faults, the connected timeline. */
  measurements(): ClusterMeasurements;
}

/** A started server with its sampler. */
export interface MeasuredServer {
  url: string;
  sampler: ServerSampler;
  /** Resolves with a one-sentence reason if the server ends before stop() is called. */
  readonly unexpectedEnd: Promise<string>;
  /**
   * Resolves with a one-sentence reason if the machine that runs the server can no longer be reached
   * (an agent killed or cut off): bench lost sight of the server, so nothing after it is trustworthy.
   * Absent where the server runs here.
   */
  readonly outOfReach?: Promise<string>;
  /** Runs a full collection in the server before the hold (--gc-before-steady). */
  collectGarbage(): Promise<void>;
  /** Stops the server; resolves when it is gone. */
  stop(): Promise<void>;
  /** Facts recorded in run.json under `server` (pid, where it ran, clock offset, ...). */
  describe(): ServerDescription;
  /** The libraries the server process loaded, as it reported them; empty when it reported none (an older agent). */
  libraries(): LoadedLibrary[];
  /** Null where the server cannot be restarted (an agent's, a topology: kill a node instead). */
  readonly restartable: RestartableServer | null;
  /** Null where the server cannot be asked (an agent's, a topology). */
  readonly counters: CountingServer | null;
  /** Null on one server. */
  readonly topology: ServerTopology | null;
}

/** What a starter needs besides the server options. */
export interface ServerStartContext {
  /** The current phase, for describing an unexpected end. */
  phase(): string;
  startTimeoutMs: number;
  fileLimit: number | null;
  exposeGc: boolean;
  sampleIntervalMs: number;
  writeSample(row: SampleRow): void;
  /** The run folder, where a topology writes its components' configs, logs and samples. */
  runDir?: string;
  /** Several nodes behind nginx or haproxy: the load balancer's size, from the preflight. */
  loadBalancer?: LoadBalancerPlan | null;
}

/** Starts a server and its sampler; the baseline sample is taken before it resolves. */
export type ServerStarter = (options: ServerOptions, context: ServerStartContext) => Promise<MeasuredServer>;
