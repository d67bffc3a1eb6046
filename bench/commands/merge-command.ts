/** `bench merge`: the run folders of the shards of one run (bench run --shard) to one run folder. What it does is in merge-action.ts, loaded only when it runs. */
import type { Command } from 'commander';
import type { MergeCommandFlags } from './merge-action.js';
import type { CommandOutcome } from './outcome.js';
import { DEFAULT_MAX_START_SKEW_MS } from '../merge/merge-defaults.js';
import { RUN_DEFAULTS } from '../config/run-config.js';

/** Adds the merge command. */
export function registerMergeCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('merge')
    .description('merge the run folders of the shards of one run (bench run --shard) into one run folder, as if one machine had run every client')
    .argument('<shard-dirs...>', 'the run folder of every shard, 0 to n-1, each once (a folder holding exactly one run folder will do) (required)')
    .option('-o, --out <dir>', `folder that receives the merged run folder (default: ${RUN_DEFAULTS.outDir})`)
    .option(
      '--max-start-skew <ms>',
      `refuse (exit 4) shards whose ramps began further apart than this, by their own clocks (default: ${DEFAULT_MAX_START_SKEW_MS})`,
    )
    .option('--json', 'print the merged summary on stdout')
    .action((shardDirs: string[], flags: MergeCommandFlags) => finish(import('./merge-action.js').then((action) => action.merge(shardDirs, flags))));
}
