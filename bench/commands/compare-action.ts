/** What `bench compare` does, and the comparison `bench run --baseline` prints after its run. */
import { writeFileAtomic } from '../results/atomic-write.js';
import { resolveCompareSettings, type CompareSettingsInput } from '../compare/compare-config.js';
import type { Comparison } from '../compare/comparison.js';
import { compareSides, loadSide } from '../compare/compare-sides.js';
import { renderCompareMarkdown } from '../compare/render-markdown.js';
import { renderCompareTable } from '../compare/render-table.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { writeJunitReport } from '../results/junit-report.js';
import { compareCases } from '../render/junit-cases.js';
import type { CommandOutcome } from './outcome.js';

/** The flags of `bench compare`, as commander hands them over. */
export interface CompareCommandFlags extends CompareSettingsInput {
  junit?: string;
  json?: boolean;
  markdown?: string;
}

/** Prints the table on stderr, the JSON on stdout when asked, and writes the Markdown file when asked. */
export async function publishComparison(report: Comparison, flags: { json?: boolean; markdown?: string }): Promise<void> {
  process.stderr.write(`${renderCompareTable(report)}\n`);
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (flags.markdown === undefined) return;
  try {
    await writeFileAtomic(flags.markdown, renderCompareMarkdown(report));
  } catch (error) {
    // A path bench cannot write is the machine's problem (3), as for --out: not bad input (2), nor a regression (1).
    throw new EnvironmentError(`cannot write --markdown ${flags.markdown}: ${error instanceof Error ? error.message : String(error)}; choose a writable path`);
  }
}

export async function compare(baselinePath: string, givenCurrentPath: string | undefined, flags: CompareCommandFlags): Promise<CommandOutcome> {
  const settings = resolveCompareSettings(flags);
  const pair = settings.acrossStacks !== null && settings.acrossStacks !== 'any';
  if (givenCurrentPath === undefined && !pair) {
    throw new ConfigError(
      'bench compare needs <baseline> and <current>; one folder alone is judged only with --across-stacks <baseline-stack>,<current-stack>',
    );
  }
  const currentPath = givenCurrentPath ?? baselinePath;
  if (flags.markdown !== undefined && flags.markdown.trim() === '') throw new ConfigError('--markdown needs a file path');
  if (flags.junit !== undefined && flags.junit.trim() === '') throw new ConfigError('--junit needs a file path');
  const report = compareSides(loadSide(baselinePath), loadSide(currentPath), settings);
  await publishComparison(report, flags);
  if (flags.junit !== undefined) {
    await writeJunitReport(flags.junit, [{ name: 'bench compare', cases: compareCases(report) }]);
  }
  return { exitCode: report.exitCode };
}
