/**
 * The shard folders given to bench merge, read and checked as one set: every shard of one run
 * exactly once, all of the same config, started together. Bad input is a ConfigError (exit 2);
 * shards whose ramps began too far apart cannot be judged as one run (exit 4).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, NotJudgedError } from '../errors.js';
import type { RunConfig } from '../config/run-config.js';
import { readJsonFile, type ShardRecord, type StoredRunJson } from '../results/run-json.js';
import { checkRunJson } from '../results/run-json-check.js';
import { RUN_JSON, runFilePath } from '../results/run-folder.js';

/** One shard's run folder and its run.json. */
export interface ShardRun {
  dir: string;
  runJson: StoredRunJson;
  shard: ShardRecord;
  config: RunConfig;
}

/**
 * Config fields that may differ between shards of one run: who they are, where they wrote, and
 * their own worker count and its reason (each chosen for its share, on its own machine's CPUs).
 */
const PER_SHARD_FIELDS = ['shard', 'outDir', 'workers', 'requestedWorkers', 'workersReason'] as const;

/** The run folder in `dir`: `dir` itself, or the one run folder inside it (what a shard's --out holds). */
function runFolderIn(dir: string): string {
  if (existsSync(runFilePath(dir, RUN_JSON)) || !existsSync(dir) || !statSync(dir).isDirectory()) return dir;
  const inner = readdirSync(dir, { withFileTypes: true }).filter(
    (entry) => entry.isDirectory() && existsSync(runFilePath(path.join(dir, entry.name), RUN_JSON)),
  );
  return inner.length === 1 ? path.join(dir, (inner[0] as { name: string }).name) : dir;
}

function readShard(given: string): ShardRun {
  const dir = runFolderIn(given);
  const file = runFilePath(dir, RUN_JSON);
  if (!existsSync(file)) throw new ConfigError(`${dir} holds no run.json; give the run folder each shard wrote (bench run --shard)`);
  const value = readJsonFile(file);
  if (value === null || typeof value !== 'object') throw new ConfigError(`${file} does not hold a bench run`);
  const runJson = checkRunJson(file, value);
  const shard = runJson.shard;
  if (shard === undefined || shard === null || typeof shard.index !== 'number' || typeof shard.count !== 'number') {
    throw new ConfigError(`${file} is not a shard (no "shard" in it); merge the folders of bench run --shard i/n`);
  }
  if (runJson.config === undefined) throw new ConfigError(`${file} has no config, so it cannot be checked against the other shards`);
  return { dir, runJson, shard: shard as ShardRecord, config: runJson.config as RunConfig };
}

/** The config without what may differ between shards. */
function sharedPart(config: RunConfig): Partial<RunConfig> {
  const copy: Partial<RunConfig> = { ...config };
  for (const field of PER_SHARD_FIELDS) delete copy[field];
  return copy;
}

/** The first config field whose values differ, for the message. */
function firstDifference(a: Partial<RunConfig>, b: Partial<RunConfig>): string {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof RunConfig>;
  for (const key of keys) {
    if (!isDeepStrictEqual(a[key], b[key])) return `${key}: ${JSON.stringify(a[key]) ?? 'none'} against ${JSON.stringify(b[key]) ?? 'none'}`;
  }
  return 'none';
}

/** Checks that the shards are 0 to n-1 of one n, once each, and ran the same config. */
function checkComplete(shards: ShardRun[]): void {
  const count = (shards[0] as ShardRun).shard.count;
  const byIndex = new Map<number, ShardRun>();
  for (const run of shards) {
    if (run.shard.count !== count) {
      throw new ConfigError(
        `${run.dir} is shard ${run.shard.index}/${run.shard.count} but ${(shards[0] as ShardRun).dir} is of ${count} shards; merge the shards of one run`,
      );
    }
    const earlier = byIndex.get(run.shard.index);
    if (earlier) throw new ConfigError(`shard ${run.shard.index}/${count} is given twice: ${earlier.dir} and ${run.dir}; give each shard once`);
    byIndex.set(run.shard.index, run);
  }
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new ConfigError(`shard ${missing.map((index) => `${index}/${count}`).join(', ')} is missing; give all ${count} shard folders`);
  const first = sharedPart((shards[0] as ShardRun).config);
  for (const run of shards.slice(1)) {
    const own = sharedPart(run.config);
    if (!isDeepStrictEqual(first, own)) {
      throw new ConfigError(`${run.dir} ran another config than ${(shards[0] as ShardRun).dir} (${firstDifference(first, own)}); merge shards of one run`);
    }
  }
}

/** Refuses shards whose ramps began more than `maxSkewMs` apart by their own clocks: not one run. */
function checkCommonStart(shards: ShardRun[], maxSkewMs: number): void {
  const starts = shards.filter((run) => run.shard.rampStartedAt !== null).map((run) => ({ run, ms: Date.parse(run.shard.rampStartedAt as string) }));
  if (starts.length < 2) return;
  const earliest = starts.reduce((a, b) => (b.ms < a.ms ? b : a));
  const latest = starts.reduce((a, b) => (b.ms > a.ms ? b : a));
  const skewMs = latest.ms - earliest.ms;
  if (skewMs > maxSkewMs) {
    throw new NotJudgedError(
      `shard ${latest.run.shard.index} began its ramp ${skewMs} ms after shard ${earliest.run.shard.index} (limit --max-start-skew ${maxSkewMs} ms), so they did not load the server as one run; ` +
        'sync the clocks (NTP), give --start-at far enough ahead for every shard to be ready, and run them again',
    );
  }
}

/** Reads and checks the shard folders, sorted by index. */
export function loadShardSet(dirs: readonly string[], maxSkewMs: number): ShardRun[] {
  if (dirs.length === 0) throw new ConfigError('bench merge needs the run folders of the shards, e.g. bench merge shard-0/<run-id> shard-1/<run-id>');
  const shards = dirs.map(readShard);
  checkComplete(shards);
  checkCommonStart(shards, maxSkewMs);
  return shards.sort((a, b) => a.shard.index - b.shard.index);
}
