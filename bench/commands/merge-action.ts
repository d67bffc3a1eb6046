/** What `bench merge` does: merge the shards' run folders and print the merged summary. */
import { flagOr, parseWholeNumber } from '../config/flag-parsers.js';
import { mergeShards } from '../merge/write-merged-run.js';
import { renderRunSummary } from '../render/run-summary-table.js';
import type { CommandOutcome } from './outcome.js';
import { runExitCode } from './run-action.js';
import { DEFAULT_MAX_START_SKEW_MS } from '../merge/merge-defaults.js';
import { RUN_DEFAULTS } from '../config/run-config.js';

/** The flags of `bench merge`, as commander hands them over. */
export interface MergeCommandFlags {
  out?: string;
  maxStartSkew?: string;
  json?: boolean;
}

export async function merge(shardDirs: string[], flags: MergeCommandFlags): Promise<CommandOutcome> {
  const maxStartSkewMs = flagOr(flags.maxStartSkew, DEFAULT_MAX_START_SKEW_MS, (text) => parseWholeNumber('--max-start-skew', text, 0, 86_400_000));
  const { summary } = await mergeShards({ shardDirs, outDir: flags.out ?? RUN_DEFAULTS.outDir, maxStartSkewMs });
  process.stderr.write(`merged ${shardDirs.length} shards\n${renderRunSummary(summary)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return { exitCode: runExitCode(summary, null) };
}
