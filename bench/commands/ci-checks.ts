/**
 * What a pipeline asks of `bench run` and `bench sweep` besides the run itself: absolute bounds
 * (--slo, no baseline needed) and a JUnit file of every verdict (--junit). Checked before anything
 * starts; judged from the result files once the run is written.
 */
import { ConfigError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { Comparison } from '../compare/comparison.js';
import { writeJunitReport, type JunitSuite } from '../results/junit-report.js';
import { compareCases, sloCases, statusCases } from '../render/junit-cases.js';
import { checkSlos, renderSloLines } from '../slo/slo-check.js';
import { parseSloFlags } from '../slo/slo-flag.js';
import type { Slo } from '../slo/slo.js';

/** The flags, as commander hands them over. */
export interface CiCheckFlags {
  slo?: string[];
  junit?: string;
}

/** The checks, resolved. */
export interface CiChecks {
  slos: Slo[] | null;
  junit: string | null;
}

/** Parses --slo and --junit; ConfigError (exit 2) before anything starts. */
export function prepareCiChecks(flags: CiCheckFlags): CiChecks {
  if (flags.junit !== undefined && flags.junit.trim() === '') throw new ConfigError('--junit needs a file path, e.g. --junit bench-junit.xml');
  return { slos: parseSloFlags(flags.slo), junit: flags.junit ?? null };
}

/** The exit code with a missed bound counted: a failure (1) unless the run could not be carried out (3) or was interrupted. */
function withSlo(exitCode: ExitCode, missed: boolean): ExitCode {
  if (!missed) return exitCode;
  return exitCode === ExitCode.ok || exitCode === ExitCode.notJudged ? ExitCode.failure : exitCode;
}

/**
 * Judges the objectives over the runs in `resultsDir` (a run folder, a repeat folder or a sweep),
 * prints one line per objective on stderr, writes the JUnit file when asked, and returns the exit
 * code with a missed bound counted. `command` names the JUnit suites; `comparison` adds its figures.
 */
export async function finishCiChecks(
  checks: CiChecks,
  command: string,
  resultsDir: string,
  exitCode: ExitCode,
  comparison: Comparison | null = null,
): Promise<ExitCode> {
  if (checks.slos === null && checks.junit === null) return exitCode;
  // Read back (and checked against the schemas) only when asked: a plain run's process never loads zod.
  const { groupCells, loadRuns } = await import('../results/result-set.js');
  const cells = groupCells(loadRuns(resultsDir));
  const slo = checks.slos === null ? [] : checkSlos(checks.slos, cells);
  if (slo.length > 0) process.stderr.write(`${renderSloLines(slo).join('\n')}\n`);
  if (checks.junit !== null) {
    const suites: JunitSuite[] = [{ name: `${command}: status`, cases: statusCases(cells) }];
    if (slo.length > 0) suites.push({ name: `${command}: objectives (--slo)`, cases: sloCases(slo) });
    if (comparison !== null) suites.push({ name: `${command}: against the baseline`, cases: compareCases(comparison) });
    await writeJunitReport(checks.junit, suites);
  }
  return withSlo(
    exitCode,
    slo.some((item) => !item.meets),
  );
}
