/**
 * The scenario file reader (scenario-file.ts: YAML and zod, about 20 MiB and 150 ms of CPU in the
 * process that loads them), loaded only when a command names --scenario. Config resolution is
 * synchronous, so a command awaits loadScenarioReader before it resolves its flags; a run's main
 * process without a scenario, which the load generator's footprint counts, never loads them.
 */
import type { readScenario } from './scenario-file.js';

let reader: typeof readScenario | null = null;

/** Loads the reader when `needed` (a --scenario was given, or a resumed sweep may hold one); call before resolving the flags. */
export async function loadScenarioReader(needed: boolean): Promise<void> {
  if (needed && reader === null) reader = (await import('./scenario-file.js')).readScenario;
}

/** The reader loadScenarioReader loaded; an internal error when a command resolved a scenario without loading it first. */
export function scenarioReader(): typeof readScenario {
  if (reader === null) throw new Error('a --scenario was resolved before loadScenarioReader(true) was awaited');
  return reader;
}
