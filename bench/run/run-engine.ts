/**
 * The engine of `bench run`: preflight, server process, client workers, ramp, hold, close, files.
 * It never prints; it reports through events and returns the summary. RunSession does the work.
 */
import type { RunConfig } from '../config/run-config.js';
import type { RunSummary } from '../results/run-summary.js';
import type { RunPhase } from '../results/run-files.js';
import type { ServerStarter } from './measured-server.js';
import { RunSession } from './run-session.js';

export { serverOptionsFor, workerConfigsFor } from './process-configs.js';

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
}

/** The outcome of a run: its summary and where its files are. */
export interface RunResult {
  summary: RunSummary;
  runDir: string;
}

/** Runs one benchmark from a resolved config. Throws only when nothing could be started. */
export async function runBenchmark(config: RunConfig, hooks: RunHooks = {}): Promise<RunResult> {
  // A programming mistake, not a user's: a remote run measured locally would look like it worked.
  if (config.agent !== null && hooks.serverStarter === undefined) throw new Error('a run with an agent needs the agent\'s ServerStarter in its hooks');
  const session = await RunSession.open(config, hooks);
  await session.measure();
  return session.writeFiles();
}
