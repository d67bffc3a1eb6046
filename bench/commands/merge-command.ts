/** `bench merge`: the run folders of the shards of one run (bench run --shard) to one run folder. */
import type { Command } from 'commander';
import { flagOr, parseWholeNumber } from '../config/flag-parsers.js';
import { mergeShards } from '../merge/write-merged-run.js';
import { renderRunSummary } from '../render/run-summary-table.js';
import type { CommandOutcome } from './outcome.js';
import { runExitCode } from './run-command.js';

/** Default for --max-start-skew, in ms. */
const DEFAULT_MAX_START_SKEW_MS = 1000;

interface MergeCommandFlags {
  out?: string;
  maxStartSkew?: string;
  json?: boolean;
}

/** Adds the merge command. */
export function registerMergeCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('merge')
    .description('merge the run folders of the shards of one run (bench run --shard) into one run folder, as if one machine had run every client')
    .argument('<shard-dirs...>', 'the run folder of every shard, 0 to n-1, each once (a folder holding exactly one run folder will do) (required)')
    .option('-o, --out <dir>', 'folder that receives the merged run folder (default: results)')
    .option('--max-start-skew <ms>', `refuse (exit 4) shards whose ramps began further apart than this, by their own clocks (default: ${DEFAULT_MAX_START_SKEW_MS})`)
    .option('--json', 'print the merged summary on stdout')
    .action((shardDirs: string[], flags: MergeCommandFlags) => finish(merge(shardDirs, flags)));
}

async function merge(shardDirs: string[], flags: MergeCommandFlags): Promise<CommandOutcome> {
  const maxStartSkewMs = flagOr(flags.maxStartSkew, DEFAULT_MAX_START_SKEW_MS, (text) => parseWholeNumber('--max-start-skew', text, 0, 86_400_000));
  const { summary } = await mergeShards({ shardDirs, outDir: flags.out ?? 'results', maxStartSkewMs });
  process.stderr.write(`merged ${shardDirs.length} shards\n${renderRunSummary(summary)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return { exitCode: runExitCode(summary, null) };
}
