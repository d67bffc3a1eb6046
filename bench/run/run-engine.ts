/**
 * The engine of `bench run`: preflight, server process, client workers, ramp, hold, close, files.
 * It never prints; it reports through events and returns the summary. RunSession does the work.
 */
import type { RunConfig } from '../config/run-config.js';
import type { RunHooks, RunResult } from './run-events.js';
import { RunSession } from './run-session.js';

export { serverOptionsFor, workerConfigsFor } from './process-configs.js';

/** Runs one benchmark from a resolved config. Throws only when nothing could be started. */
export async function runBenchmark(config: RunConfig, hooks: RunHooks = {}): Promise<RunResult> {
  // A programming mistake, not a user's: a remote run measured locally would look like it worked.
  if (config.agent !== null && hooks.serverStarter === undefined) throw new Error("a run with an agent needs the agent's ServerStarter in its hooks");
  const session = await RunSession.open(config, hooks);
  await session.measure();
  return session.writeFiles();
}
