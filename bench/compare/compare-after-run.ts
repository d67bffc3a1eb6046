/** `bench run --baseline`: check the baseline before the run, compare the run with it afterwards. */
import { ConfigError } from '../errors.js';
import { cellKey } from '../results/result-set.js';
import type { RunConfig } from '../config/run-config.js';
import type { CompareSettings } from './compare-config.js';
import { checkStepRules, stepNamesOf } from './step-figures.js';
import type { Comparison } from './comparison.js';
import { compareSides, loadSide, type CompareSide } from './compare-sides.js';

/**
 * Loads the baseline and keeps the runs of the cell this run will measure, so a bad or unrelated
 * baseline, or a rule naming a step neither it nor this run's scenario has, stops the command
 * (exit 2) before any client starts.
 */
export function prepareBaseline(
  dir: string,
  config: Pick<RunConfig, 'transport' | 'variant' | 'clients' | 'scenario'>,
  rules: CompareSettings['rules'] = [],
): CompareSide {
  let side: CompareSide;
  try {
    side = loadSide(dir);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`--baseline: ${error.message}`);
    throw error;
  }
  const key = cellKey(config);
  const runs = side.runs.filter((run) => cellKey(run.summary) === key);
  if (runs.length === 0) {
    const cells = [...new Set(side.runs.map((run) => cellKey(run.summary)))].join(', ');
    throw new ConfigError(`--baseline ${dir} has no run of ${key} (it has ${cells}); give a baseline of the same transport, variant and clients`);
  }
  const steps = new Set([...stepNamesOf(runs.map((run) => run.summary)), ...(config.scenario?.figures.map((figure) => figure.name) ?? [])]);
  checkStepRules(rules, [...steps]);
  return { path: dir, runs };
}

/** Compares the finished run in `runDir` with the baseline. */
export function compareRunWithBaseline(baseline: CompareSide, runDir: string, settings: CompareSettings): Comparison {
  return compareSides(baseline, loadSide(runDir), settings);
}
