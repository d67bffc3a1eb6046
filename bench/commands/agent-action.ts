/** What `bench agent` does: write a token, or serve echo servers to workstations until SIGINT/SIGTERM. */
import { resolveAgentOptions, type AgentOptionsInput } from '../agent/agent-config.js';
import { AgentListenError, startAgent } from '../agent/agent-server.js';
import { generateTokenFile } from '../agent/token.js';
import { BindError, ConfigError } from '../errors.js';
import { runUntilStopSignal } from './interrupt.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';

/** The flags of `bench agent`, as commander hands them over. */
export interface AgentCommandFlags extends AgentOptionsInput {
  generateToken?: string;
}

function log(line: string): void {
  process.stderr.write(`bench agent: ${new Date().toISOString()} ${line}\n`);
}

export async function agent(flags: AgentCommandFlags): Promise<CommandOutcome> {
  if (flags.generateToken !== undefined) {
    generateTokenFile(flags.generateToken);
    process.stderr.write(`bench agent: wrote a new token to ${flags.generateToken} (mode 0600); copy it to the workstation for bench run --token-file\n`);
    return { exitCode: ExitCode.ok };
  }
  const { options, warnings } = resolveAgentOptions(flags);
  for (const warning of warnings) process.stderr.write(`bench agent: ${warning}\n`);
  let running;
  try {
    running = await startAgent({ ...options, log });
  } catch (error) {
    if (error instanceof AgentListenError && error.code === 'EADDRINUSE') {
      throw new ConfigError(`--port ${options.port} is already in use on ${options.host}; pick another port or 0 for any free one`);
    }
    if (error instanceof AgentListenError) throw new BindError(`${error.message}; check --host and --port`);
    throw error;
  }
  if (options.host !== '127.0.0.1') {
    process.stderr.write(`bench agent: bound to ${options.host} instead of 127.0.0.1: whoever can reach that address can ask for servers (with the token)\n`);
  }
  process.stderr.write(`bench agent: listening on ${running.url}; echo servers bind ${options.serverHost}; SIGINT or SIGTERM stops it\n`);
  process.stdout.write(`${running.url}\n`);
  const agentRunning = running;
  await runUntilStopSignal(() => agentRunning.close());
  return { exitCode: ExitCode.ok };
}
