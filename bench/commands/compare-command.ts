/** `bench compare`: judge a current result against a baseline; the regression check CI runs. */
import type { Command } from 'commander';
import { writeFileAtomic } from '../results/atomic-write.js';
import { compareRunWithBaseline } from '../compare/compare-after-run.js';
import { resolveCompareSettings, type CompareSettings, type CompareSettingsInput } from '../compare/compare-config.js';
import type { Comparison } from '../compare/comparison.js';
import { compareSides, loadSide, type CompareSide } from '../compare/compare-sides.js';
import { renderCompareMarkdown } from '../compare/render-markdown.js';
import { renderCompareTable } from '../compare/render-table.js';
import { ConfigError } from '../errors.js';
import type { CommandOutcome } from './outcome.js';

interface CompareCommandFlags extends CompareSettingsInput {
  json?: boolean;
  markdown?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds the compare command. Exit 0: no regression; 1: regression; 2: bad input, or a cell not judged. */
export function registerCompareCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('compare')
    .description('judge <current> against <baseline> (run folders, sweep folders or run.json files); exit 0 no regression, 1 regression, 2 bad input, 4 not judged')
    .argument('<baseline>', 'run folder, sweep folder, or run.json / summary file of the reference results')
    .argument('<current>', 'run folder, sweep folder, or run.json / summary file to judge')
    .option(
      '--threshold <figure=bounds>',
      'regression threshold, repeatable: figure, prefix or kind (latency, memory, clients) = off | +N% | +N<unit> | both, e.g. firstMessageMs.p99=+20%,+5ms',
      collect,
    )
    .option('--config <file>', 'JSON file with {"thresholds": {figure: bounds}, "allowSaturated": bool}; flags override it')
    .option('--allow-saturated', 'judge cells whose load generator was saturated (default: off, they are not judged)')
    .option('--json', 'print the comparison object on stdout')
    .option('--markdown <file>', 'also write the comparison as Markdown, e.g. for $GITHUB_STEP_SUMMARY')
    .action((baseline: string, current: string, flags: CompareCommandFlags) => finish(compare(baseline, current, flags)));
}

/** Prints the table on stderr, the JSON on stdout when asked, and writes the Markdown file when asked. */
export async function publishComparison(report: Comparison, flags: { json?: boolean; markdown?: string }): Promise<void> {
  process.stderr.write(`${renderCompareTable(report)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (flags.markdown === undefined) return;
  try {
    await writeFileAtomic(flags.markdown, renderCompareMarkdown(report));
  } catch (error) {
    // Exit 1 means "regression" here, so an unwritable --markdown path is bad input (2).
    throw new ConfigError(`--markdown: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function compare(baselinePath: string, currentPath: string, flags: CompareCommandFlags): Promise<CommandOutcome> {
  const settings = resolveCompareSettings(flags);
  if (flags.markdown !== undefined && flags.markdown.trim() === '') throw new ConfigError('--markdown needs a file path');
  const report = compareSides(loadSide(baselinePath), loadSide(currentPath), settings);
  await publishComparison(report, flags);
  return { exitCode: report.exitCode };
}

/** `bench run --baseline`: compares the finished run (or repeat folder) with the baseline; exit as compare. */
export async function compareAfterRun(baseline: CompareSide, runDir: string, settings: CompareSettings): Promise<CommandOutcome> {
  const report = compareRunWithBaseline(baseline, runDir, settings);
  await publishComparison(report, {});
  return { exitCode: report.exitCode };
}
