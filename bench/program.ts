/** The bench program: every command and flag, built without running anything, so cli.ts parses it and the docs generator walks it. */
import { Command } from 'commander';
import { registerRunCommand } from './commands/run-command.js';
import { registerServerCommand } from './commands/server-command.js';
import { registerSelftestCommand } from './commands/selftest-command.js';
import { registerAgentCommand } from './commands/agent-command.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerSweepCommand } from './commands/sweep-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerMergeCommand } from './commands/merge-command.js';
import { registerCapacityCommand } from './commands/capacity-command.js';
import type { CommandOutcome } from './commands/outcome.js';
import { refuseRepeatedFlags } from './commands/repeated-flags.js';

/** Receives the outcome of the command that was parsed; cli.ts passes one that exits with it. */
export type FinishCommand = (outcome: Promise<CommandOutcome>) => void;

/** Builds the commander program with every command; `finish` is called with the chosen command's outcome. */
export function buildProgram(finish: FinishCommand): Command {
  const program = new Command()
    .name('bench')
    .description('Measure Socket.IO, ws and SockJS side by side: connect time, first-message latency, server memory.')
    .option('--verbose', 'show stack traces of unexpected errors')
    .exitOverride()
    // Usage errors are one line, like every other error: what is wrong, then where the flags are listed.
    .configureOutput({
      outputError: (text, write) =>
        write(
          `bench: ${text
            .trim()
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')} (see bench --help)\n`,
        ),
    });

  // commander keeps the last of a flag given twice; bench refuses it instead, before the command runs.
  // The arguments being parsed (rawArgs), not process.argv: the program may be parsed with other arguments than its process's.
  program.hook('preAction', (root, command) => refuseRepeatedFlags(command, (root as Command & { rawArgs?: string[] }).rawArgs ?? process.argv));

  registerRunCommand(program, finish);
  registerServerCommand(program, finish);
  registerSelftestCommand(program, finish);
  registerAgentCommand(program, finish);
  registerCompareCommand(program, finish);
  registerSweepCommand(program, finish);
  registerReportCommand(program, finish);
  registerMergeCommand(program, finish);
  registerCapacityCommand(program, finish);
  return program;
}
