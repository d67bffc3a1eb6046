/** Which server a run measures: the commands choose, so the engine never needs to know about agents. */
import { agentServerStarter } from '../agent/remote-server.js';
import { joinAgentServer } from '../agent/joined-server.js';
import type { RunConfig } from '../config/run-config.js';
import { startLocalServer, type ServerStarter } from '../run/measured-server.js';

/** The agent's starter for `--agent` (shards after the first join shard 0's server there), a local child process otherwise. */
export function serverStarterFor(config: RunConfig): ServerStarter {
  if (config.agent === null) return startLocalServer;
  return config.shard !== null && config.shard.index > 0 ? joinAgentServer(config.agent, config) : agentServerStarter(config.agent, config);
}
