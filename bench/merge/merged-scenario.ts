/**
 * The scenario of a sharded run, as if one machine had run every client: each step's histograms
 * and counters added over the shards' step-histograms.json (never their percentiles averaged), and
 * the clients' rows the union of their scenario-clients.csv.
 */
import type { ScenarioClientRow } from '../../protocol/scenario.js';
import { ConfigError } from '../errors.js';
import { readScenarioClientRows } from '../results/run-folder-readers.js';
import { readStepHistograms } from '../results/step-histograms-reader.js';
import { runFilePath, SCENARIO_CLIENTS_CSV } from '../results/run-folder.js';
import { addScenarioSteps, summariseScenarioClients, type ScenarioStepTotals } from '../summary/scenario.js';
import type { ScenarioSummary } from '../summary/scenario-types.js';
import type { ShardRun } from './shard-set.js';

/** What the merged folder and summary take of the shards' scenario. */
export interface MergedScenario {
  totals: ScenarioStepTotals;
  /** Every shard's clients, sorted by client id. */
  rows: ScenarioClientRow[];
  clients: ScenarioSummary;
}

function shardClientRows(run: ShardRun): ScenarioClientRow[] {
  const rows = readScenarioClientRows(run.dir);
  if (rows === null) {
    throw new ConfigError(`${runFilePath(run.dir, SCENARIO_CLIENTS_CSV)} is missing; a scenario shard's folder needs the scenario-clients.csv its run wrote`);
  }
  return rows;
}

/** The shards' scenario added; null when they ran none. ConfigError naming a shard's file that is missing or not one. */
export async function mergeScenario(shards: readonly ShardRun[]): Promise<MergedScenario | null> {
  // Every shard ran one config (shard-set.ts checks it), so one scenario.
  const scenario = shards[0]?.config.scenario;
  if (scenario === undefined) return null;
  const parts = shards.map((run) => readStepHistograms(run.dir));
  const rows = shards.flatMap(shardClientRows).sort((a, b) => a.client - b.client);
  const totals = await addScenarioSteps(scenario, parts);
  return { totals, rows, clients: summariseScenarioClients(scenario, rows) };
}
