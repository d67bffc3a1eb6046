/** `bench agent`: the control service on a target box, driven by `bench run --agent` from a workstation. */
import type { Command } from 'commander';
import { AGENT_DEFAULTS, resolveAgentOptions, type AgentOptionsInput } from '../agent/agent-config.js';
import { AgentListenError, startAgent } from '../agent/agent-server.js';
import { generateTokenFile } from '../agent/token.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { runUntilStopSignal } from './interrupt.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';

interface AgentCommandFlags extends AgentOptionsInput {
  generateToken?: string;
}

/** Adds the agent command; `finish` receives its exit code once it stops. */
export function registerAgentCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('agent')
    .description('on a target box: start echo servers for bench run --agent and stream their samples, until SIGINT/SIGTERM')
    .option('--host <address>', `address to bind (default: ${AGENT_DEFAULTS.host})`)
    .option('--port <n>', `port to listen on; 0 lets the OS choose (default: ${AGENT_DEFAULTS.port})`)
    .option('--server-host <address>', 'address the echo servers bind (default: --host)')
    .option('--token-file <file>', 'file holding the token every request must carry (or set BENCH_AGENT_TOKEN)')
    .option('--generate-token <file>', 'write a new random token to this file (mode 0600) and exit')
    .option('--lease-timeout <seconds>', `stop a server when its workstation is silent this long (default: ${AGENT_DEFAULTS.leaseTimeoutSeconds})`)
    .action((flags: AgentCommandFlags) => finish(agent(flags)));
}

function log(line: string): void {
  process.stderr.write(`bench agent: ${new Date().toISOString()} ${line}\n`);
}

async function agent(flags: AgentCommandFlags): Promise<CommandOutcome> {
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
    if (error instanceof AgentListenError) throw new EnvironmentError(`${error.message}; check --host and --port`, ExitCode.usage);
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
