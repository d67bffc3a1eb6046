/**
 * Steps only one side of a cell ran: a scenario that gained or lost a step. Its figures show as
 * missing; these notes say which step it was and what that does to the verdict.
 */
import type { Cell } from '../results/result-set.js';
import type { OneSidedStep } from './comparison.js';
import { stepNamesOf } from './step-figures.js';

/** The steps of a cell only one side ran, baseline's first. */
export function oneSidedSteps(baseline: Cell, current: Cell): OneSidedStep[] {
  const before = stepNamesOf(baseline.runs.map((run) => run.summary));
  const after = stepNamesOf(current.runs.map((run) => run.summary));
  return [
    ...before.filter((step) => !after.includes(step)).map((step): OneSidedStep => ({ cell: baseline.key, step, side: 'baseline' })),
    ...after.filter((step) => !before.includes(step)).map((step): OneSidedStep => ({ cell: baseline.key, step, side: 'current' })),
  ];
}

/** One sentence per one-sided step. */
export function describeOneSidedStep({ cell, step, side }: OneSidedStep): string {
  return side === 'baseline'
    ? `${cell} step "${step}" is only in the baseline: the current results did not run it, so its figures are missing`
    : `${cell} step "${step}" is only in the current results, not compared: the baseline has no such step`;
}
