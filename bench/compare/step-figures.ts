/**
 * The figures of a scenario's steps as compare sees them: steps.<step>.p99 and the like. The list
 * in figures.ts is fixed, while a scenario names its own steps, so these figures are made from the
 * step names the compared summaries hold. They take the defaults of their nearest kin: the latency
 * percentiles as steady traffic's round trips (p50 and p99 judged, p90 and max when named), the
 * counts as lost messages (any increase in the worst run is a regression).
 */
import { ConfigError } from '../errors.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { StepSummary } from '../summary/scenario-types.js';
import { kindOfUnit, type CompareFigure, type FigureKind } from './compare-figures.js';

/** What compare takes of one step, in table order. */
const STEP_STATS = [
  { stat: 'p50', unit: 'ms', judgedByDefault: true },
  { stat: 'p90', unit: 'ms', judgedByDefault: false },
  { stat: 'p99', unit: 'ms', judgedByDefault: true },
  { stat: 'max', unit: 'ms', judgedByDefault: false },
  { stat: 'timeouts', unit: 'count', judgedByDefault: true },
  { stat: 'failures', unit: 'count', judgedByDefault: true },
  { stat: 'disconnects', unit: 'count', judgedByDefault: true },
  { stat: 'missing', unit: 'count', judgedByDefault: true },
  // An app may push events a scenario does not wait for: judged only when a rule names it.
  { stat: 'unexpected', unit: 'count', judgedByDefault: false },
] as const satisfies ReadonlyArray<{ stat: keyof StepSummary; unit: 'ms' | 'count'; judgedByDefault: boolean }>;

const STAT_NAMES = STEP_STATS.map((entry) => entry.stat).join(', ');

/** The first part of every step figure's name. */
export const STEPS_PREFIX = 'steps';

/** The step names of the summaries, in the order they first appear. */
export function stepNamesOf(summaries: readonly RunSummary[]): string[] {
  const names = new Set<string>();
  for (const summary of summaries) for (const name of Object.keys(summary.steps ?? {})) names.add(name);
  return [...names];
}

/** The figures of one step, in table order. */
export function stepFigures(step: string): CompareFigure[] {
  return STEP_STATS.map(({ stat, unit, judgedByDefault }) => ({
    name: `${STEPS_PREFIX}.${step}.${stat}`,
    unit,
    kind: kindOfUnit(unit),
    better: 'lower',
    judgedByDefault,
    read: (summary) => {
      const value = summary.steps?.[step]?.[stat];
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    },
  }));
}

/** The step figure a full name gives (steps.<step>.<figure>), whether or not a run has that step; null for any other name. */
export function stepFigureNamed(name: string): CompareFigure | null {
  const [prefix, step, stat, ...rest] = name.split('.');
  if (prefix !== STEPS_PREFIX || step === undefined || step === '' || stat === undefined || rest.length > 0) return null;
  return stepFigures(step).find((figure) => figure.name === name) ?? null;
}

/** The figures of every step the summaries hold. */
export function stepFiguresOf(summaries: readonly RunSummary[]): CompareFigure[] {
  return stepNamesOf(summaries).flatMap(stepFigures);
}

/** The step a selector names (steps.<step> or steps.<step>.<stat>); null for any other selector, `steps` itself included. */
export function stepOfSelector(selector: string): string | null {
  const [prefix, step] = selector.split('.');
  return prefix === STEPS_PREFIX && step !== undefined && step !== '' ? step : null;
}

/**
 * The kinds of the figures a steps selector picks, for the threshold grammar, which is read before
 * the summaries are: the kind of its stat, or both kinds for `steps` and `steps.<step>`; null for a
 * selector that is not about steps. ConfigError for a stat no step has.
 */
export function kindsOfStepSelector(selector: string, where: string): FigureKind[] | null {
  const parts = selector.split('.');
  if (parts[0] !== STEPS_PREFIX) return null;
  const [, step, stat, ...rest] = parts;
  if (step === '' || stat === '' || rest.length > 0) {
    throw new ConfigError(`${where}: "${selector}" is not a step figure; write steps.<step>.<figure>, the figure one of ${STAT_NAMES}`);
  }
  if (step === undefined || stat === undefined) return ['latency', 'clients'];
  const entry = STEP_STATS.find((candidate) => candidate.stat === stat);
  if (!entry) throw new ConfigError(`${where}: a step has no figure "${stat}"; use one of ${STAT_NAMES}, as in steps.${step}.p99`);
  return [kindOfUnit(entry.unit)];
}

/**
 * A rule that names a step neither side ran would judge nothing and pass: refused (exit 2), as a
 * figure name that does not exist is.
 */
export function checkStepRules(rules: ReadonlyArray<{ selector: string; source: string }>, steps: readonly string[]): void {
  for (const rule of rules) {
    const step = stepOfSelector(rule.selector);
    if (step === null || steps.includes(step)) continue;
    const known = steps.length === 0 ? 'no run on either side ran a scenario with steps' : `the steps are ${steps.join(', ')}`;
    throw new ConfigError(`${rule.source}: no run has a step "${step}" (${known}); name a step of the scenario`);
  }
}
