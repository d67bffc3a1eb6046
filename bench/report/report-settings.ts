/** The settings (stack or profile) a report's cells were measured in, and the cells of one of them. */
import { DEFAULT_SETTING, settingLabel, type RunSetting } from '../results/run-setting.js';
import type { ReportSource } from './report-source.js';

/** Column order: the default first, then today's defaults, then the 2020 stack alone, then the study's conditions. */
const ORDER = ['default', 'current-defaults', 'stack 2020', 'study-2020'];

function rank(setting: RunSetting): number {
  const index = ORDER.indexOf(settingLabel(setting));
  return index === -1 ? ORDER.length : index;
}

/** The settings present in the source's cells, in column order; the default alone when it has no cells. */
export function settingsIn(source: ReportSource): RunSetting[] {
  const byLabel = new Map<string, RunSetting>();
  for (const cell of source.cells) byLabel.set(settingLabel(cell.setting), cell.setting);
  const settings = [...byLabel.values()].sort((a, b) => rank(a) - rank(b) || settingLabel(a).localeCompare(settingLabel(b)));
  return settings.length > 0 ? settings : [DEFAULT_SETTING];
}

/** The source with only the cells (and runs) of one setting. */
export function restrictTo(source: ReportSource, setting: RunSetting): ReportSource {
  const label = settingLabel(setting);
  const cells = source.cells.filter((cell) => settingLabel(cell.setting) === label);
  return { ...source, cells, runs: cells.flatMap((cell) => cell.measured) };
}
