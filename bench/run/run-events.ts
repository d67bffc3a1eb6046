/** What a run reports while it runs, the hooks a caller gives it, and what it returns. Types only: the engine, the session and the renderers import them. */
import type { RunPhase, SampleRow } from '../results/file-rows.js';
import type { ConnectionRow, WorkerHealth, WorkerRoundTrips } from '../../protocol/messages.js';
import type { TransportName } from '../../protocol/transports.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { ServerStarter } from './measured-server.js';
import type { WorkerSpawner } from './worker-process.js';

export type { RunPhase };

/** What the engine reports while it runs. Times in ms. */
export type RunEvent =
  | { type: 'notice'; message: string }
  | { type: 'phase'; phase: RunPhase }
  | {
      type: 'progress';
      phase: RunPhase;
      clients: number;
      opened: number;
      succeeded: number;
      failed: number;
      /** Clients that connected and then lost their connection. */
      dropped: number;
      /** Clients trying to reconnect now (reconnection on). */
      reconnecting: number;
      elapsedMs: number;
      holdRemainingMs: number | null;
      /** Clients that left in a scenario's leave phase; absent without a scenario. */
      left?: number;
      /** In a scenario's hold: the clients are still running their steps (or its phases are not over), which the hold waits for. */
      stepsRunning?: boolean;
    };

/** What a run is, as an observer learns it when the run folder exists. */
export interface RunIdentity {
  runId: string;
  transport: TransportName;
  /** Clients this run opens (its shard's share). */
  clients: number;
}

/**
 * Sees what the run records as it records it, besides the events: the rows, the server samples,
 * the workers' health and round trips. Live metrics subscribe here; the engine knows nothing of them.
 */
export interface RunObserver {
  /** Once per run, before its first event after preflight. */
  begin(run: RunIdentity): void;
  rows(rows: readonly ConnectionRow[]): void;
  /** Each sample as it goes to samples.csv. */
  sample(row: SampleRow): void;
  /** One worker's health report; `saturated`: the run's verdict so far. */
  health(workerIndex: number, health: WorkerHealth, saturated: boolean): void;
  roundTrips(roundTrips: WorkerRoundTrips): void;
}

/** Hooks of one run. */
export interface RunHooks {
  onEvent?: (event: RunEvent) => void;
  /** Sees rows, samples and worker reports as they arrive (live metrics); none by default. */
  observer?: RunObserver;
  /** Aborting ends the run with status interrupted, keeping what was measured. */
  signal?: AbortSignal;
  /** Starts the measured server; defaults to a local child process. A run with `config.agent` must pass the agent's. */
  serverStarter?: ServerStarter;
  /** Starts one client worker process; defaults to forking clients/worker.js. A test passes fakes that speak the worker protocol. */
  workerSpawner?: WorkerSpawner;
}

/** The outcome of a run: its summary and where its files are. */
export interface RunResult {
  summary: RunSummary;
  runDir: string;
}
