/** The flags of bench/commands/ci-checks.ts, shared by `bench run` and `bench sweep`. */
import type { Command } from 'commander';
import { collectSlo } from '../slo/slo-flag.js';

/** Adds --slo (repeatable) and --junit. */
export function addCiCheckFlags(command: Command): Command {
  return command
    .option(
      '--slo <objective>',
      "an absolute bound every cell must meet, no baseline needed, in capacity's grammar: figure<bound with its unit (connectMs.p99<300ms, server.bytesPerConnection<20KiB, failed<0.1%), judged by the median of the cell's runs; repeatable, or comma-separated; a missed bound exits 1 naming it and the figure (default: none)",
      collectSlo,
    )
    .option(
      '--junit <file>',
      'also write the verdicts as JUnit XML: one test case per run status, per bound of --slo and, with --baseline, per compared figure (GitLab, Jenkins and GitHub test reporters read it) (default: none)',
    );
}
