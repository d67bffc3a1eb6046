#!/usr/bin/env node
/** The bench command line: parse, hand to a command, print errors, exit. Only this file exits. */
import { CommanderError } from 'commander';
import type { CommandOutcome } from './commands/outcome.js';
import { onSecondSignal } from './commands/interrupt.js';
import { BenchError, type BenchErrorCode } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

const verbose = process.argv.includes('--verbose');
const json = process.argv.includes('--json');

/** With --json, scripts read the error from stdout too: its stable code, the message and the exit status. */
function printJsonError(code: BenchErrorCode, message: string, exitCode: ExitCode): void {
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message, exitCode } }, null, 2)}\n`);
}

function reportError(error: unknown): ExitCode {
  if (error instanceof BenchError) {
    process.stderr.write(`bench: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    printJsonError(error.code, error.message, error.exitCode);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`bench: unexpected error: ${message}${verbose ? '' : ' (run again with --verbose for the stack trace)'}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  printJsonError('E_INTERNAL', message, ExitCode.broken);
  return ExitCode.broken;
}

onSecondSignal((exitCode) => process.exit(exitCode));

// A reader that goes away (`bench run ... 2>&1 | head`) must not end a run half way: the run goes
// on and writes its files; only what would have been printed is lost.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

function finish(outcome: Promise<CommandOutcome>): void {
  outcome.then(
    ({ exitCode }) => process.exit(exitCode),
    (error: unknown) => process.exit(reportError(error)),
  );
}

try {
  buildProgram(finish).parse(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    if (!ok) printJsonError('E_USAGE', error.message.replace(/^error: /, ''), ExitCode.usage);
    process.exit(ok ? ExitCode.ok : ExitCode.usage);
  }
  process.exit(reportError(error));
}
