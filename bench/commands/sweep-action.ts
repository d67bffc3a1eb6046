/** What `bench sweep` does once its flags are parsed: create or reopen the sweep, run its cells, print and write the results. */
import { loadScenarioReader } from '../config/scenario-reader.js';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { createSweepProgressRenderer, renderSweepResult } from '../render/sweep-progress.js';
import { givenFlags } from './given-flags.js';
import { cellRunConfig, resolveSweepConfig, servedSettings, type SweepConfig, type SweepOptionsInput } from '../sweep/sweep-config.js';
import { refuseServerThisNodeCannotRun } from '../config/stack-flag.js';
import { runSweep, type SweepResult } from '../sweep/sweep-engine.js';
import { SWEEP_FILE } from '../sweep/sweep-manifest.js';
import { createSweep, reopenSweep, type PreparedSweep } from '../sweep/sweep-setup.js';
import { SUMMARY_FILE } from '../sweep/summary-csv.js';
import type { CommandOutcome } from './outcome.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import { writeReportOf } from './report-command.js';
import { ExitCode } from '../exit-codes.js';
import { serverStarterFor } from './server-starter.js';
import { finishCiChecks, prepareCiChecks, type CiCheckFlags } from './ci-checks.js';

/** The flags of `bench sweep`, as commander hands them over. */
export interface SweepCommandFlags extends SweepOptionsInput, CiCheckFlags {
  resume?: string;
  report?: boolean;
  json?: boolean;
  quiet?: boolean;
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

/** A server this Node cannot load is refused before the sweep folder exists, not at its first cell. */
function refuseCellsThisNodeCannotRun(config: SweepConfig): void {
  for (const { transport, stack } of servedSettings(config.grid)) {
    const cell = cellRunConfig(config, transport, config.grid.clients[0] ?? 1, config.outDir, stack);
    if (cell.agent === null) refuseServerThisNodeCannotRun(cell.stack, transport);
  }
}

export async function sweep(flags: SweepCommandFlags, command: Command): Promise<CommandOutcome> {
  // --slo and --junit judge and report; they are not cell flags, so --resume takes them too.
  const { resume, report, json, quiet, slo, junit, ...sweepFlags } = givenFlags(command, flags);
  const checks = prepareCiChecks({ slo, junit });
  // A resumed sweep's cells are resolved from its manifest, which may name a scenario.
  await loadScenarioReader(resume !== undefined || sweepFlags.scenario !== undefined);
  const config = resume === undefined ? resolveSweepConfig(sweepFlags) : null;
  if (config !== null) refuseCellsThisNodeCannotRun(config);
  const prepared = config !== null ? await createSweep(config) : reopenForResume(resume as string, command, sweepFlags);
  const progress = createSweepProgressRenderer(process.stderr, quiet === true);
  if (quiet !== true) process.stderr.write(`sweep: ${prepared.sweepDir}\n`);
  for (const notice of prepared.notices ?? []) process.stderr.write(`${notice}\n`);
  const { result, signal } = await withInterruptSignal((abortSignal) =>
    runSweep(prepared, { serverStarterFor, onEvent: progress.onEvent, signal: abortSignal }),
  );
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
  if (signal) return { exitCode: sweepExitCode(result, signal) };
  return { exitCode: await finishCiChecks(checks, 'bench sweep', result.sweepDir, sweepExitCode(result, signal)) };
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
