#!/usr/bin/env node
/** The bench command line: parse, hand to a command, print errors, exit. Only this file exits. */
import { Command, CommanderError } from 'commander';
import { registerRunCommand } from './commands/run-command.js';
import { registerServerCommand } from './commands/server-command.js';
import { registerSelftestCommand } from './commands/selftest-command.js';
import { registerAgentCommand } from './commands/agent-command.js';
import { registerCompareCommand } from './commands/compare-command.js';
import { registerSweepCommand } from './commands/sweep-command.js';
import { registerReportCommand } from './commands/report-command.js';
import type { CommandOutcome } from './commands/outcome.js';
import { onSecondSignal } from './commands/interrupt.js';
import { BenchError } from './errors.js';

const USAGE_EXIT_CODE = 2;
const verbose = process.argv.includes('--verbose');

function reportError(error: unknown): number {
  if (error instanceof BenchError) {
    process.stderr.write(`bench: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bench: unexpected error: ${message}${verbose ? '' : ' (run again with --verbose for the stack trace)'}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

onSecondSignal((exitCode) => process.exit(exitCode));

function finish(outcome: Promise<CommandOutcome>): void {
  outcome.then(
    ({ exitCode }) => process.exit(exitCode),
    (error: unknown) => process.exit(reportError(error)),
  );
}

const program = new Command()
  .name('bench')
  .description('Measure Socket.IO, ws and SockJS side by side: connect time, first-message latency, server memory.')
  .option('--verbose', 'show stack traces of unexpected errors')
  .exitOverride()
  // Usage errors are one line, like every other error: what is wrong, then where the flags are listed.
  .configureOutput({
    outputError: (text, write) => write(`bench: ${text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')} (see bench --help)\n`),
  });

registerRunCommand(program, finish);
registerServerCommand(program, finish);
registerSelftestCommand(program, finish);
registerAgentCommand(program, finish);
registerCompareCommand(program, finish);
registerSweepCommand(program, finish);
registerReportCommand(program, finish);

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    process.exit(ok ? 0 : USAGE_EXIT_CODE);
  }
  process.exit(reportError(error));
}
