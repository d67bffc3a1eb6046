/** What `bench capacity` does once its flags are parsed: the search, its progress and result on stderr, the exit code. */
import { loadScenarioReader } from '../config/scenario-reader.js';
import path from 'node:path';
import type { Command } from 'commander';
import { givenFlags } from './given-flags.js';
import { resolveCapacityConfig, type CapacityOptionsInput } from '../capacity/capacity-config.js';
import { runCapacitySearch } from '../capacity/capacity-engine.js';
import type { CapacityJson } from '../capacity/capacity-types.js';
import { CAPACITY_CSV, CAPACITY_FILE } from '../capacity/capacity-files.js';
import { createCapacityProgressRenderer, renderCapacityResult, searchHeadline } from '../render/capacity-progress.js';
import { ExitCode } from '../exit-codes.js';
import type { CommandOutcome } from './outcome.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import { serverStarterFor } from './server-starter.js';

/** The flags of `bench capacity`, as commander hands them over. */
export interface CapacityCommandFlags extends CapacityOptionsInput {
  json?: boolean;
  quiet?: boolean;
}

/** 0: an answer (resolved, or stopped at a named limit); 1: not even the smallest probe passed; 3: broken; 4: stopped on a saturated load generator; 130/143: a signal. */
export function capacityExitCode(record: CapacityJson, signal: NodeJS.Signals | null): ExitCode {
  switch (record.stop?.reason) {
    case 'resolved':
    case 'max-clients':
    case 'hard-limit':
      return ExitCode.ok;
    case 'none-passed':
      return ExitCode.failure;
    case 'saturated':
      return ExitCode.notJudged;
    case 'interrupted':
      return interruptExitCode(signal);
    default:
      return ExitCode.broken;
  }
}

export async function capacity(flags: CapacityCommandFlags, command: Command): Promise<CommandOutcome> {
  const { json, quiet, ...capacityFlags } = givenFlags(command, flags);
  await loadScenarioReader(capacityFlags.scenario !== undefined);
  const config = resolveCapacityConfig(capacityFlags);
  // First, what the number will be the capacity of: the objective decides the workload as much as the bounds.
  if (quiet !== true) process.stderr.write(`${searchHeadline(config)}\n`);
  const progress = createCapacityProgressRenderer(process.stderr, quiet === true);
  const { result, signal } = await withInterruptSignal((abortSignal) =>
    runCapacitySearch(config, { serverStarterFor, onEvent: progress.onEvent, signal: abortSignal }),
  );
  progress.finish();
  process.stderr.write(`${renderCapacityResult(result.record)}\nfiles: ${result.dir} (${CAPACITY_FILE}, ${CAPACITY_CSV})\n`);
  if (json)
    process.stdout.write(`${JSON.stringify({ resultsDir: result.dir, capacityJson: path.join(result.dir, CAPACITY_FILE), ...result.record }, null, 2)}\n`);
  return { exitCode: capacityExitCode(result.record, signal) };
}
