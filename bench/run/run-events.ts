/** What a run reports while it runs, the hooks a caller gives it, and what it returns. Types only: the engine, the session and the renderers import them. */
import type { RunPhase } from '../results/file-rows.js';
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
      elapsedMs: number;
      holdRemainingMs: number | null;
    };

/** Hooks of one run. */
export interface RunHooks {
  onEvent?: (event: RunEvent) => void;
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
