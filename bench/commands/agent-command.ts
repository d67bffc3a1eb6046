/** `bench agent`: the control service on a target box, driven by `bench run --agent` from a workstation. What it does is in agent-action.ts, loaded only when it runs. */
import type { Command } from 'commander';
import { AGENT_DEFAULTS } from '../agent/agent-config.js';
import type { AgentCommandFlags } from './agent-action.js';
import type { CommandOutcome } from './outcome.js';

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
    .option(
      '--server-cmd <name=command>',
      'declare a command a workstation may start by name (bench run --agent URL --agent-server name), with PORT and HOST set, sampled as a process tree; repeatable; the agent runs no command sent over HTTP (default: none, echo servers only)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--lease-timeout <seconds>', `stop a server when its workstation is silent this long (default: ${AGENT_DEFAULTS.leaseTimeoutSeconds})`)
    .action((flags: AgentCommandFlags) => finish(import('./agent-action.js').then((action) => action.agent(flags))));
}
