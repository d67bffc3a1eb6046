/**
 * `bench run --shard i/n` and `--start-at`: one of n load generators of one run, and the common
 * time they start their ramps. The shard may also come from the environment of a Kubernetes
 * Indexed Job (JOB_COMPLETION_INDEX, with the count in BENCH_SHARD_COUNT).
 */
import { ConfigError } from '../errors.js';
import { parseWholeNumber } from './flag-parsers.js';

/** Most shards one run may have. */
export const MAX_SHARDS = 1000;

/** The environment variable that gives the shard count next to Kubernetes' JOB_COMPLETION_INDEX. */
export const SHARD_COUNT_ENV = 'BENCH_SHARD_COUNT';

/** This process is shard `index` (from 0) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Parses `i/n`, e.g. 0/3; ConfigError names `source` (the flag or the variables it came from). */
export function parseShard(raw: string, source = '--shard'): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  if (!match) throw new ConfigError(`${source} takes i/n, the shard's index from 0 and the shard count, e.g. 0/3; got "${raw}"`);
  const count = parseWholeNumber(`${source} (count)`, match[2] as string, 1, MAX_SHARDS);
  const index = parseWholeNumber(`${source} (index)`, match[1] as string, 0, count - 1);
  return { index, count };
}

/** The shard a Kubernetes Indexed Job gives this pod, as `i/n`; undefined outside one. */
export function shardFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined || index === '') return undefined;
  const count = env[SHARD_COUNT_ENV];
  if (count === undefined || count === '') {
    throw new ConfigError(`JOB_COMPLETION_INDEX is set (${index}) but ${SHARD_COUNT_ENV} is not; set it to the Job's completions, or pass --shard i/n`);
  }
  return `${index}/${count}`;
}

/** An absolute ISO 8601 time with its zone, e.g. 2026-11-29T06:00:00Z, as milliseconds since the epoch. */
export function parseStartAt(raw: string): number {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw.trim());
  const ms = zoned ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ConfigError(`--start-at takes an ISO 8601 time with its zone, e.g. 2026-11-29T06:00:00Z; got "${raw}"`);
  }
  return ms;
}
