/**
 * The compare pipeline as data: load both sides, match their cells, judge each common cell and
 * decide the verdict and exit code. Prints nothing.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { groupCells, loadRuns, type Cell, type LoadedRun } from '../results/result-set.js';
import { settingOf } from '../results/run-setting.js';
import type { CompareSettings } from './compare-config.js';
import type { CellComparison, Comparison } from './comparison.js';
import { CONFIDENCE, judgeCell } from './judge.js';
import { describeSideDifferences } from './side-differences.js';
import { checkStepRules, stepFiguresOf, stepNamesOf } from './step-figures.js';
import { describeOneSidedStep, oneSidedSteps } from './step-sides.js';
import { COMPARE_FIGURES } from './compare-figures.js';
import { judgedFigures } from './thresholds.js';
import { ExitCode } from '../exit-codes.js';

/** The runs of one side and the path they were read from. */
export interface CompareSide {
  path: string;
  runs: LoadedRun[];
  /** Run folders left out because they never finished or were interrupted. */
  skipped?: string[];
}

/** Loads a side: a run folder, a folder of run folders, or a run.json / summary file. ConfigError names the path. */
export function loadSide(target: string): CompareSide {
  const skipped: string[] = [];
  const runs = loadRuns(target, skipped);
  return { path: target, runs, skipped };
}

function cellList(cells: readonly Cell[]): string {
  return cells.map((cell) => cell.key).join(', ');
}

function singleRunNote(cells: readonly CellComparison[]): string | null {
  const single = cells.filter((cell) => cell.baseline.runs === 1 || cell.current.runs === 1);
  if (single.length === 0) return null;
  const which = single.length === cells.length ? (cells.length === 1 ? 'the cell has' : 'every cell has') : `${single.length} of ${cells.length} cells have`;
  return (
    `${which} a single run on a side: its latency percentiles are judged with intervals over its own clients (not at all when that run was a burst of every handshake at once), its memory value against value, ` +
    'and run-to-run noise is not accounted for; repeat the runs on both sides (--repeat 3 or more) for a verdict that holds on a noisy machine'
  );
}

/** Where a run was read from, the same for its folder, its run.json and any path that leads there. */
function runIdentity(run: LoadedRun): string {
  let source = run.source;
  try {
    source = realpathSync(source);
  } catch {
    source = path.resolve(source);
  }
  return path.basename(source) === 'run.json' ? path.dirname(source) : source;
}

/**
 * A run on both sides would be judged against itself and pass whatever it measured: refused (exit
 * 2), not warned, since a gate that passes silently is the harm and a warning in a CI log goes unread.
 */
function refuseSameRuns(baseline: CompareSide, current: CompareSide): void {
  const baselineRuns = new Set(baseline.runs.map(runIdentity));
  const shared = current.runs.map(runIdentity).filter((run) => baselineRuns.has(run));
  if (shared.length === 0) return;
  const which = shared.length === 1 ? (shared[0] as string) : `${shared.length} runs (${shared[0] as string}, ...)`;
  throw new ConfigError(`bench compare ${baseline.path} ${current.path} compares a run with itself: ${which} is on both sides; give a baseline of other runs`);
}

/** A side's runs of one stack (--across-stacks with a pair); ConfigError when it has none, naming the stacks it has. */
function runsOfStack(side: CompareSide, stack: string, which: string): CompareSide {
  const runs = side.runs.filter((run) => settingOf(run.summary).stack === stack);
  if (runs.length === 0) {
    const present = [...new Set(side.runs.map((run) => settingOf(run.summary).stack))].join(', ');
    throw new ConfigError(`--across-stacks: ${side.path} has no run of the ${which} stack ${stack}; its runs are of ${present || 'no stack'}`);
  }
  return { ...side, runs };
}

/** Judges `current` against `baseline`. ConfigError (exit 2) when they have no cell in common, share a run, or a rule names a step neither ran. */
export function compareSides(givenBaseline: CompareSide, givenCurrent: CompareSide, settings: CompareSettings): Comparison {
  const across = settings.acrossStacks;
  const baseline = across !== null && across !== 'any' ? runsOfStack(givenBaseline, across.baseline, 'baseline') : givenBaseline;
  const current = across !== null && across !== 'any' ? runsOfStack(givenCurrent, across.current, 'current') : givenCurrent;
  refuseSameRuns(baseline, current);
  const ignoreStack = across !== null;
  const baselineCells = groupCells(baseline.runs, { ignoreStack });
  const currentCells = groupCells(current.runs, { ignoreStack });
  const currentByKey = new Map(currentCells.map((cell) => [cell.key, cell]));
  const baselineKeys = new Set(baselineCells.map((cell) => cell.key));
  const pairs = baselineCells.flatMap((cell) => {
    const match = currentByKey.get(cell.key);
    return match ? [[cell, match] as const] : [];
  });
  if (pairs.length === 0) {
    throw new ConfigError(
      `${baseline.path} and ${current.path} have no cell in common (cells match on transport/variant/clients${ignoreStack ? ', across stacks' : ''}): ` +
        `baseline has ${cellList(baselineCells)}; current has ${cellList(currentCells)}`,
    );
  }

  const summaries = [...baseline.runs, ...current.runs].map((run) => run.summary);
  checkStepRules(settings.rules, stepNamesOf(summaries));
  const figures = judgedFigures(settings.rules, [...COMPARE_FIGURES, ...stepFiguresOf(summaries)]);
  const cells = pairs.map(([before, after]) => judgeCell(before, after, figures, settings.allowSaturated));
  const regressions = cells.flatMap((cell) =>
    cell.figures.filter((figure) => figure.verdict === 'regression').map((figure) => ({ cell: cell.key, figure: figure.figure, kind: figure.kind })),
  );
  // A baseline cell the current side lacks (never ran, interrupted, left out as unfinished) is a
  // check that did not happen: never a pass.
  const onlyInBaseline = baselineCells.filter((cell) => !currentByKey.has(cell.key)).map((cell) => cell.key);
  // Likewise a figure the baseline measured and the current side did not (steady traffic or the
  // server's memory left out): a check that did not happen.
  const missingInCurrent = cells.flatMap((cell) =>
    cell.figures.filter((figure) => figure.baseline !== null && figure.current === null).map((figure) => `${cell.key} ${figure.figure}`),
  );
  const notJudged = cells.some((cell) => cell.verdict === 'not judged') || onlyInBaseline.length > 0 || missingInCurrent.length > 0;
  const verdict = regressions.length > 0 ? 'regression' : notJudged ? 'not judged' : 'no regression';
  const notes = pairs.flatMap(([before, after]) => describeSideDifferences(before, after));
  const stepsOnOneSide = pairs.flatMap(([before, after]) => oneSidedSteps(before, after));
  notes.push(...stepsOnOneSide.map(describeOneSidedStep));
  if (missingInCurrent.length > 0) {
    notes.push(`not judged: the current results did not measure ${missingInCurrent.join(', ')}, which the baseline did; measure it the same way`);
  }
  if (onlyInBaseline.length > 0) {
    notes.push(
      `not judged: the current results have no finished run of ${onlyInBaseline.join(', ')}, which the baseline has; run those cells (or leave them out of the baseline)`,
    );
  }
  const single = singleRunNote(cells);
  if (single) notes.push(single);
  for (const side of [baseline, current]) {
    if (side.skipped && side.skipped.length > 0) {
      notes.push(`${side.path}: left out ${side.skipped.length} run(s) that never finished or were interrupted: ${side.skipped.join(', ')}`);
    }
  }

  return {
    baseline: baseline.path,
    current: current.path,
    verdict,
    exitCode: verdict === 'regression' ? ExitCode.failure : verdict === 'not judged' ? ExitCode.notJudged : ExitCode.ok,
    allowSaturated: settings.allowSaturated,
    confidence: CONFIDENCE,
    cells,
    regressions,
    onlyInBaseline,
    onlyInCurrent: currentCells.filter((cell) => !baselineKeys.has(cell.key)).map((cell) => cell.key),
    stepsOnOneSide,
    notes,
  };
}
