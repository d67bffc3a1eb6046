/** Which server a run measures: the commands choose, so the engine never needs to know about agents. */
import { agentServerStarter } from '../agent/remote-server.js';
import type { RunConfig } from '../config/run-config.js';
import { startLocalServer, type ServerStarter } from '../run/measured-server.js';

/** The agent's starter for `--agent`, a local child process otherwise. */
export function serverStarterFor(config: RunConfig): ServerStarter {
  return config.agent ? agentServerStarter(config.agent, config) : startLocalServer;
}
