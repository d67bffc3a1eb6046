/**
 * bench merge: the shards' folders to one run folder, as if one machine had run every client:
 * connections.csv, reconnects.csv and scenario-clients.csv the union, histograms (steady traffic,
 * a scenario's steps) added, the summary recomputed from them, samples.csv
 * shard 0's, and each shard's own load-generator health kept under mergedFrom in run.json.
 */
import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  createRunFiles,
  newRunId,
  writeHistogramText,
  writeReconnectsCsv,
  writeScenarioClientsCsv,
  writeSteadyHistograms,
  writeStepHistograms,
  writeStepsCsv,
} from '../results/run-files.js';
import { stepCsvRows } from '../results/step-csv-rows.js';
import { ROUND_TRIP_HGRM, runFilePath, SAMPLES_CSV } from '../results/run-folder.js';
import { RUN_SCHEMA_VERSION, type FinishedRunJson, type MergedShard } from '../results/run-json.js';
import { assembleSummary } from '../summary/assemble-summary.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { Environment } from '../run/environment.js';
import { mergeRows } from './merge-rows.js';
import { mergeReconnectRows, mergeSteadyTraffic, summaryInputOfMerge } from './merged-measurements.js';
import { mergeScenario } from './merged-scenario.js';
import { loadShardSet, type ShardRun } from './shard-set.js';

/** What bench merge is asked to do. */
export interface MergeRequest {
  shardDirs: readonly string[];
  /** Folder that receives the merged run folder. */
  outDir: string;
  /** Largest gap between the shards' ramp starts, by their own clocks, in ms. */
  maxStartSkewMs: number;
}

/** The merged run: its summary and its folder. */
export interface MergeResult {
  summary: RunSummary;
  runDir: string;
}

function describeShard(run: ShardRun): MergedShard {
  const { summary } = run.runJson;
  return {
    ...run.shard,
    source: run.dir,
    runId: run.runJson.runId ?? path.basename(run.dir),
    status: summary.status,
    reason: summary.reason,
    clients: summary.clients,
    connected: summary.connected,
    loadGenerator: summary.loadGenerator,
    environment: run.runJson.environment ?? {},
  };
}

function earliest(times: Array<string | undefined>): string {
  const known = times.filter((time): time is string => time !== undefined).sort();
  return known[0] ?? new Date().toISOString();
}

/** Checks the shards, then writes the merged run folder. Throws ConfigError (exit 2) or a not-judged error (exit 4) before writing anything. */
export async function mergeShards(request: MergeRequest): Promise<MergeResult> {
  const shards = loadShardSet(request.shardDirs, request.maxStartSkewMs);
  const first = shards[0] as ShardRun;
  const workers = shards.reduce((total, run) => total + run.config.workers, 0);
  const config = {
    ...first.config,
    shard: null,
    outDir: request.outDir,
    workers,
    workersReason: `${workers} over ${shards.length} shards: ${shards.map((run) => `shard ${run.shard.index}: ${run.config.workersReason}`).join('; ')}`,
  };
  const { rows, tally } = mergeRows(shards, config.clients);
  const steady = await mergeSteadyTraffic(shards);
  const reconnectRows = mergeReconnectRows(shards);
  const scenario = await mergeScenario(shards);

  const startedAt = earliest(shards.map((run) => run.runJson.startedAt));
  const files = await createRunFiles(request.outDir, `${newRunId(config.transport, config.clients, new Date(startedAt))}-merged`);
  for (const row of rows) files.connections.write(row);
  await files.close();
  // The server is sampled once, by shard 0 (with --target nobody samples it: the file has its header only).
  const samples = runFilePath(first.dir, SAMPLES_CSV);
  if (existsSync(samples)) await copyFile(samples, runFilePath(files.dir, SAMPLES_CSV));
  if (steady) {
    await writeSteadyHistograms(files.dir, steady.histograms);
    if (steady.roundTripText !== null) await writeHistogramText(files.dir, ROUND_TRIP_HGRM, steady.roundTripText);
  }
  if (reconnectRows !== null) await writeReconnectsCsv(files.dir, reconnectRows);
  // clients-timeline.csv is not merged: each shard's seconds are counted from its own ramp.
  if (scenario) {
    await writeStepsCsv(files.dir, stepCsvRows(scenario.totals.steps));
    await writeStepHistograms(files.dir, scenario.totals.added);
    await writeScenarioClientsCsv(files.dir, scenario.rows);
  }

  const resultsDir = path.relative(process.cwd(), files.dir) || files.dir;
  const summary = assembleSummary(
    summaryInputOfMerge(shards, {
      tally,
      clients: config.clients,
      steadyTraffic: steady?.summary ?? null,
      reconnectRows,
      scenario: scenario === null ? null : { steps: scenario.totals.steps, clients: scenario.clients },
      resultsDir,
    }),
  );
  const runJson: FinishedRunJson = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'run',
    runId: path.basename(files.dir),
    startedAt,
    finishedAt: shards
      .map((run) => run.runJson.finishedAt ?? startedAt)
      .sort()
      .at(-1) as string,
    config,
    environment: first.runJson.environment as Environment,
    preflightNotices: shards.flatMap((run) => (run.runJson.preflightNotices ?? []).map((notice) => `shard ${run.shard.index}: ${notice}`)),
    status: summary.status,
    server: (first.runJson.server ?? null) as FinishedRunJson['server'],
    // Every shard ran one config, so one stack: shard 0 started the server and knows its libraries.
    libraries: {
      stack: config.stack,
      server: first.runJson.libraries?.server ?? null,
      clients: first.runJson.libraries?.clients ?? null,
    },
    summary,
    shard: null,
    mergedFrom: shards.map(describeShard),
  };
  await files.writeRunJson(runJson);
  return { summary, runDir: files.dir };
}
