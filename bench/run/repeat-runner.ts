/**
 * `bench run --repeat R`: R fresh runs of one cell, each with its own server, in one folder,
 * summarised by the median and its interval for every figure.
 */
import path from 'node:path';
import { writeJsonAtomic } from '../results/atomic-write.js';
import { summariseRepeats, type RepeatJson, type RepeatSummary } from '../stats/repeat-summary.js';
import type { RunConfig } from '../config/run-config.js';
import { runBenchmark } from './run-engine.js';
import type { RunHooks } from './run-events.js';
import { newRunId } from '../results/run-files.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { RUN_SCHEMA_VERSION } from '../results/run-json.js';
import { cellKey } from '../results/cell-key.js';

/** The file a repeated cell's folder holds beside its run folders. */
export const REPEAT_FILE = 'repeat.json';

/** The outcome of all repeats. */
export interface RepeatResult {
  resultsDir: string;
  runs: RunSummary[];
  repeat: RepeatSummary;
}

/** Hooks of a repeated run: those of each run, plus a call after each. */
export interface RepeatHooks extends RunHooks {
  onRunDone?: (index: number, summary: RunSummary) => void;
  /**
   * More runs than `repeats`: after the planned ones, another run follows while `wantsAnother`
   * says so, up to `atMost` runs in all (capacity's saturated runs and undecided probes).
   */
  extraRuns?: { atMost: number; wantsAnother: (runs: readonly RunSummary[]) => boolean };
}

function wantsRun(runs: readonly RunSummary[], repeats: number, hooks: RepeatHooks): boolean {
  if (hooks.signal?.aborted) return false;
  if (runs.length < repeats) return true;
  const extra = hooks.extraRuns;
  return extra !== undefined && runs.length < extra.atMost && extra.wantsAnother(runs);
}

/** Runs the cell `repeats` times (or more, see `extraRuns`); writes repeat.json after every run so nothing is lost. */
export async function runRepeated(config: RunConfig, repeats: number, hooks: RepeatHooks = {}): Promise<RepeatResult> {
  const resultsDir = path.join(config.outDir, `${newRunId(config.transport, config.clients)}-x${repeats}`);
  const runs: RunSummary[] = [];
  let repeat: RepeatSummary = {};
  for (let index = 0; wantsRun(runs, repeats, hooks); index += 1) {
    const { summary } = await runBenchmark({ ...config, outDir: resultsDir }, hooks);
    runs.push(summary);
    // Failed and interrupted runs measured nothing comparable; they are listed, not summarised.
    repeat = summariseRepeats(runs.filter((run) => run.status === 'ok' || run.status === 'partial'));
    await writeJsonAtomic(path.join(resultsDir, REPEAT_FILE), {
      schemaVersion: RUN_SCHEMA_VERSION,
      kind: 'repeat',
      cell: cellKey(summary),
      repeats,
      finished: runs.length,
      runs: runs.map((run) => ({ resultsDir: run.resultsDir, status: run.status, reason: run.reason })),
      summary: repeat,
    } satisfies RepeatJson);
    hooks.onRunDone?.(index, summary);
  }
  return { resultsDir: path.relative(process.cwd(), resultsDir) || resultsDir, runs, repeat };
}
