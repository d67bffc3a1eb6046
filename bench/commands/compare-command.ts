/** `bench compare`: judge a current result against a baseline; the regression check CI runs. What it does is in compare-action.ts, loaded only when it runs. */
import type { Command } from 'commander';
import type { CompareCommandFlags } from './compare-action.js';
import type { CommandOutcome } from './outcome.js';
import { FIGURE_KINDS } from '../compare/compare-figures.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the compare command. Exit 0: no regression; 1: regression; 2: bad input, or a cell not judged. */
export function registerCompareCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('compare')
    .description(
      'judge <current> against <baseline> (run folders, sweep folders or run.json files); exit 0 no regression, 1 regression, 2 bad input, 4 not judged',
    )
    .argument('<baseline>', 'run folder, sweep folder, or run.json / summary file of the reference results')
    .argument('[current]', 'run folder, sweep folder, or run.json / summary file to judge (default: <baseline>, with --across-stacks naming two stacks)')
    .option(
      '--threshold <figure=bounds>',
      `regression threshold, repeatable: figure, prefix or kind (${FIGURE_KINDS.join(', ')}) = off | +N% | +N<unit> | both, e.g. firstMessageMs.p99=+20%,+5ms`,
      collect,
    )
    .option('--config <file>', 'JSON file with {"thresholds": {figure: bounds}, "allowSaturated": bool}; flags override it')
    .option(
      '--across-stacks [stacks]',
      'match cells across library stacks; with two stacks (baseline-stack,current-stack, e.g. socket.io@4.6.2,socket.io@4.7.5) the baseline side gives its runs of the first and the current side its runs of the second, so one sweep with --stacks can be judged alone (default: cells of different stacks never match)',
    )
    .option('--allow-saturated', 'judge cells whose load generator was saturated (default: off, they are not judged)')
    .option('--json', 'print the comparison object on stdout')
    .option('--markdown <file>', 'also write the comparison as Markdown, e.g. for $GITHUB_STEP_SUMMARY')
    .option(
      '--junit <file>',
      'also write the verdicts as JUnit XML, one test case per cell and figure (a regression fails, a figure not judged is skipped) (default: none)',
    )
    .action((baseline: string, current: string | undefined, flags: CompareCommandFlags) =>
      finish(import('./compare-action.js').then((action) => action.compare(baseline, current, flags))),
    );
}
