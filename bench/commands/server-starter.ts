/** Which server a run measures: the commands choose, so the engine never needs to know about agents. */
import type { RunConfig } from '../config/run-config.js';
import { startLocalServer, type ServerStarter } from '../run/measured-server.js';

/** The agent's starter for `--agent` (its HTTP client loaded only then), a local child process otherwise. */
export function serverStarterFor(config: RunConfig): ServerStarter {
  const { agent } = config;
  if (agent === null) return startLocalServer;
  return async (options, context) => {
    const { agentServerStarter } = await import('../agent/remote-server.js');
    return agentServerStarter(agent, config)(options, context);
  };
}
