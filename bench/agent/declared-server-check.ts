/**
 * Before a run through --agent-server: asks the agent which commands it declared, so that a name it
 * does not know is a bad flag (exit 2, nothing started) rather than a run that could not start.
 * The agent's own refusal (403) stays the guard; this is the early, clear answer.
 */
import { ConfigError } from '../errors.js';
import type { InfoReply } from './agent-protocol.js';
import { AgentClient } from './agent-client.js';
import { readAgentToken, type AgentTarget } from './agent-target.js';

/** Throws ConfigError when the agent at `target` declares no command named `name`. */
export async function requireDeclaredServer(target: AgentTarget, name: string): Promise<void> {
  const client = new AgentClient(target.url, readAgentToken(target));
  try {
    const info = await client.request<InfoReply>('GET', '/info');
    const declared = info.serverCommands;
    if (declared === undefined)
      throw new ConfigError(
        `--agent-server ${name}: the agent at ${target.url} (bench ${info.benchVersion}) cannot start declared commands; update bench on the box`,
      );
    if (!declared.includes(name))
      throw new ConfigError(
        `--agent-server ${name}: the agent at ${target.url} declares ${declared.length === 0 ? 'no server command' : declared.join(', ')}; start it with bench agent --server-cmd ${name}="<command>" or pick a declared name`,
      );
  } finally {
    client.close();
  }
}
