/**
 * The setting a run was measured in: its library stack and the profile its flags came from. Runs
 * of one transport, variant and size in different settings are different cells, and the report
 * gives each setting its own column and line style.
 */
import { PROFILES, type ProfileName } from '../config/profiles.js';
import type { StackName } from '../../protocol/stacks.js';

/** A run's stack and profile; files from before stacks read as today's stack, no profile. */
export interface RunSetting {
  stack: StackName;
  profile: ProfileName | null;
}

/** The setting of today's libraries with bench's own defaults. */
export const DEFAULT_SETTING: RunSetting = { stack: 'current', profile: null };

/** The setting recorded in a summary or config; absent fields (older files) are the default. */
export function settingOf(recorded: { stack?: StackName | undefined; profile?: ProfileName | null | undefined }): RunSetting {
  return { stack: recorded.stack ?? 'current', profile: recorded.profile ?? null };
}

/**
 * Its name in tables, legends and cell keys: the profile (with "@stack" when an explicit --stack
 * overrode the profile's own), else "stack 2020", else "default".
 */
export function settingLabel(setting: RunSetting): string {
  if (setting.profile !== null) {
    return PROFILES[setting.profile].all.stack === setting.stack ? setting.profile : `${setting.profile}@${setting.stack}`;
  }
  return setting.stack === 'current' ? 'default' : `stack ${setting.stack}`;
}

/** The part of a cell key that tells settings apart; empty for the default, so older keys stay as they were. */
export function settingKeySuffix(setting: RunSetting): string {
  const label = settingLabel(setting);
  return label === 'default' ? '' : `/${label.replace(' ', '-')}`;
}
