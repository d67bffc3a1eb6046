/** `bench sweep`: the study's grid, one fresh run per transport x clients x repeat, in one sweep folder. */
import path from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { createSweepProgressRenderer, renderSweepResult } from '../render/sweep-progress.js';
import { SWEEP_DEFAULTS, resolveSweepConfig, type SweepOptionsInput } from '../sweep/sweep-config.js';
import { runSweep, type SweepResult } from '../sweep/sweep-engine.js';
import { SWEEP_FILE } from '../sweep/sweep-manifest.js';
import { createSweep, reopenSweep, type PreparedSweep } from '../sweep/sweep-setup.js';
import { SUMMARY_FILE } from '../sweep/summary-csv.js';
import type { CommandOutcome } from './outcome.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import { writeReportOf } from './report-command.js';
import { addRunFlags } from './run-command.js';
import { ExitCode } from '../exit-codes.js';
import { serverStarterFor } from './server-starter.js';

/** `bench run` flags a sweep does not pass through: the grid replaces the first two, --out means the sweep's folder, and a sweep starts its own servers. */
const NOT_PASSED_THROUGH = new Set(['transport', 'clients', 'out', 'target']);

interface SweepCommandFlags extends SweepOptionsInput {
  resume?: string;
  report?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** Adds the sweep command. */
export function registerSweepCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  const command = program
    .command('sweep')
    .description('run the grid of transports x client counts, one fresh server per cell, into results/<sweep-id>/')
    .option('--transports <list>', `transports to sweep, comma-separated (default: ${SWEEP_DEFAULTS.transports.join(',')})`)
    .option('-c, --clients <list>', `client counts, comma-separated (default: ${SWEEP_DEFAULTS.clients.join(',')})`)
    .option('--repeat <n>', `runs per transport x clients cell (default: ${SWEEP_DEFAULTS.repeat})`)
    .option('--resume <sweep-dir>', 'finish an interrupted sweep: run the cells its sweep.json does not have yet, with its flags')
    .option('-o, --out <dir>', `folder that receives the sweep folder (default: ${SWEEP_DEFAULTS.outDir})`);
  // Every other `bench run` flag passes through to each cell, with its help text.
  for (const option of addRunFlags(new Command()).options) {
    if (!NOT_PASSED_THROUGH.has(option.attributeName())) command.addOption(option);
  }
  command
    .option('--report', 'write the report of the sweep (bench report) when it ends')
    .option('--json', 'print an object with resultsDir and the cell counts on stdout')
    .option('-q, --quiet', 'no progress output')
    .action((flags: SweepCommandFlags) => finish(sweep(flags, command)));
}

/** The long name of each sweep flag given besides --resume, which takes its flags from sweep.json. */
function flagsGivenWith(command: Command, flags: SweepOptionsInput): string[] {
  return Object.entries(flags)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => command.options.find((option) => option.attributeName() === name)?.long ?? `--${name}`);
}

function reopenForResume(sweepDir: string, command: Command, flags: SweepOptionsInput): PreparedSweep {
  const extra = flagsGivenWith(command, flags);
  if (extra.length > 0) {
    throw new ConfigError(`--resume takes the grid and flags from ${path.join(sweepDir, SWEEP_FILE)}; drop ${extra.join(', ')}`);
  }
  return reopenSweep(sweepDir);
}

async function sweep(flags: SweepCommandFlags, command: Command): Promise<CommandOutcome> {
  const { resume, report, json, quiet, ...sweepFlags } = flags;
  const prepared = resume === undefined ? await createSweep(resolveSweepConfig(sweepFlags)) : reopenForResume(resume, command, sweepFlags);
  const progress = createSweepProgressRenderer(process.stderr, quiet === true);
  if (quiet !== true) process.stderr.write(`sweep: ${prepared.sweepDir}\n`);
  const { result, signal } = await withInterruptSignal((abortSignal) => runSweep(prepared, { serverStarterFor, onEvent: progress.onEvent, signal: abortSignal }));
  progress.finish();
  process.stderr.write(`${renderSweepResult(result)}\n`);

  const reportPath = report === true && hasMeasuredCell(result) ? await writeReportOf(result.sweepDir) : null;
  if (json) {
    const output = {
      resultsDir: result.sweepDir,
      status: result.manifest.status,
      cells: result.manifest.cells.length,
      counts: result.counts,
      summaryCsv: path.join(result.sweepDir, SUMMARY_FILE),
      sweepJson: path.join(result.sweepDir, SWEEP_FILE),
      wallMs: result.wallMs,
      report: reportPath,
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  }
  return { exitCode: sweepExitCode(result, signal) };
}

function hasMeasuredCell(result: SweepResult): boolean {
  return result.manifest.cells.some((cell) => cell.runDir !== null);
}

/** 0 when every cell is ok, 130/143 when interrupted, 3 when a cell could not be carried out (bench or the machine broke), 1 otherwise. */
export function sweepExitCode(result: SweepResult, signal: NodeJS.Signals | null): ExitCode {
  if (result.manifest.status === 'interrupted') return interruptExitCode(signal);
  if (result.brokenCells > 0) return ExitCode.broken;
  return result.counts.ok === result.manifest.cells.length ? ExitCode.ok : ExitCode.failure;
}
