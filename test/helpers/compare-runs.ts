/** Real runs for the compare tests: two sides whose runs alternate, and compare on them. */
import path from 'node:path';
import { expect } from 'vitest';
import type { Comparison } from '../../bench/compare/comparison.js';
import { freshDir, runCli, type CliResult } from './cli.js';

/** The configuration the compare tests measure; see compare-aa.test.ts for why 50 handshakes at a time. */
export const RUN = ['run', '--transport', 'ws', '--clients', '300', '--workers', '2', '--concurrency', '50', '--hold', '1', '--quiet'];

async function benchRun(out: string, extra: string[]): Promise<void> {
  const result = await runCli([...RUN, '--out', out, ...extra]);
  // 0 ok, 1 partial (a client timed out on a loaded machine): both leave a run to compare.
  expect([0, 1], result.stderr).toContain(result.code);
}

/**
 * Runs both sides, alternating (baseline, current, baseline, ...), so that load from elsewhere on
 * the machine falls on both alike; returns their folders.
 */
export async function alternateSides(repeats: number, currentFlags: string[] = []): Promise<{ baseline: string; current: string }> {
  const root = freshDir('bench-compare-');
  const sides = { baseline: path.join(root, 'baseline'), current: path.join(root, 'current') };
  for (let index = 0; index < repeats; index += 1) {
    await benchRun(sides.baseline, []);
    await benchRun(sides.current, currentFlags);
  }
  return sides;
}

/** `bench compare <baseline> <current> --json ...flags`, with the report parsed. */
export async function compareSidesCli(sides: { baseline: string; current: string }, ...flags: string[]): Promise<{ result: CliResult; report: Comparison }> {
  const result = await runCli(['compare', sides.baseline, sides.current, '--json', ...flags]);
  return { result, report: JSON.parse(result.stdout) as Comparison };
}
