/**
 * "What explains the differences": per figure the study gives, the study, our run under its
 * conditions (profile study-2020) and our default run side by side, and one line naming the factor
 * that moved the figure: the libraries' version, their defaults, or neither (the machine or the
 * study's procedure). A factor is named only where the runs in the results show it.
 */
import { settingLabel, type RunSetting } from '../results/run-setting.js';
import type { ReportSource } from './report-source.js';
import { restrictTo, settingsIn } from './report-settings.js';
import { formatFigure, formatRatio, ourValue } from './study-comparison.js';
import { METRIC_WORDS, type StudyData, type ValueClaim } from './study-data.js';

/** One row: every field plain text for the page to escape. */
export interface ExplanationRow {
  claim: string;
  study: string;
  /** Our figure per setting, in the order of `settings`; "-" where that setting has none. */
  ours: string[];
  factor: string;
}

/** The section: the settings shown (study-2020 and default always, others when present) and its rows. */
export interface Explanations {
  settings: string[];
  rows: ExplanationRow[];
}

const STUDY_CONDITIONS = 'study-2020';
const DEFAULT = 'default';
/** Today's libraries with their own defaults: differs from the default run by defaults only. */
const DEFAULTS_ONLY = 'current-defaults';
/** The 2020 libraries with bench's flags: differs from the default run by version only. */
const VERSION_ONLY = 'stack 2020';

const within = (ratio: number): boolean => ratio >= 0.5 && ratio <= 2;
/** Two runs closer than this factor measure alike: a library that moves a figure less is not what explains it. */
const ALIKE_FACTOR = 1.5;
const alike = (ratio: number): boolean => ratio > 1 / ALIKE_FACTOR && ratio < ALIKE_FACTOR;

/** The one line for a claim, from ours / study per setting (undefined where not measured). */
export function explainFactor(ratios: ReadonlyMap<string, number>): string {
  const conditions = ratios.get(STUDY_CONDITIONS);
  const today = ratios.get(DEFAULT);
  if (conditions === undefined || today === undefined) return `not shown: needs a ${STUDY_CONDITIONS} and a ${DEFAULT} run at this size`;
  const moved = `${STUDY_CONDITIONS} / ${DEFAULT} = ${formatRatio(conditions / today)}`;
  if (within(conditions) && within(today)) return `nothing to explain: both runs are within a factor of 2 of the study (${moved})`;
  if (within(conditions) && alike(conditions / today)) {
    return `not clearly the libraries: they move it by only ${formatRatio(conditions / today)}, across the factor-of-2 line; the rest is the machine or the study's procedure`;
  }
  if (within(conditions)) {
    const defaultsOnly = ratios.get(DEFAULTS_ONLY);
    const versionOnly = ratios.get(VERSION_ONLY);
    if (defaultsOnly !== undefined && within(defaultsOnly))
      return `the libraries' defaults: today's libraries with their own defaults (${DEFAULTS_ONLY}) come within a factor of 2 too (${moved})`;
    if (versionOnly !== undefined && within(versionOnly))
      return `the library version: the 2020 libraries with bench's settings (${VERSION_ONLY}) come within a factor of 2 too (${moved})`;
    return `the 2020 libraries with their defaults and the study's arrival, together: ${STUDY_CONDITIONS} comes within a factor of 2, ${DEFAULT} does not (${moved}); runs of ${VERSION_ONLY} and ${DEFAULTS_ONLY} would split version from defaults`;
  }
  if (within(today)) return `not the libraries: ${DEFAULT} is within a factor of 2 of the study and ${STUDY_CONDITIONS} is not (${moved})`;
  if (alike(conditions / today))
    return `the machine or the study's procedure, not the libraries: both runs measure alike (${moved}) and both differ from the study`;
  return `partly the libraries (${moved}), but neither run comes within a factor of 2: the rest is the machine or the study's procedure`;
}

/** The section's rows: one per figure the study gives (value claims), in the order of the data file. */
export function explainDifferences(source: ReportSource, study: StudyData): Explanations {
  const present = settingsIn(source);
  const byLabel = new Map<string, RunSetting>(present.map((setting) => [settingLabel(setting), setting]));
  const shown = [STUDY_CONDITIONS, DEFAULT, ...present.map(settingLabel).filter((label) => label !== STUDY_CONDITIONS && label !== DEFAULT)];
  const sources = new Map(shown.map((label) => [label, byLabel.has(label) ? restrictTo(source, byLabel.get(label) as RunSetting) : null]));
  const claims = study.claims.filter((claim): claim is ValueClaim => claim.kind === 'value');
  const rows = claims.map((claim): ExplanationRow => {
    const { unit } = METRIC_WORDS[claim.metric];
    const ratios = new Map<string, number>();
    const ours = shown.map((label) => {
      const settingSource = sources.get(label);
      const value = settingSource ? ourValue(settingSource, claim.metric, claim.transport, claim.clients) : null;
      if (value === null) return '-';
      ratios.set(label, value.value / claim.value);
      return `${formatFigure(value.value, unit)} (${formatRatio(value.value / claim.value)})`;
    });
    return { claim: claim.quote, study: `${claim.approximate ? 'about ' : ''}${formatFigure(claim.value, unit)}`, ours, factor: explainFactor(ratios) };
  });
  return { settings: shown, rows };
}
