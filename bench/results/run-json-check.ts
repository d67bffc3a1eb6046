/**
 * Reading run.json and summary files back: each checked against its zod schema. Apart from
 * run-json.ts, which a run writes with, so that a run's main process does not load zod and the
 * schemas (14 MiB and 100 ms of CPU that the load generator's footprint would count).
 */
import { ConfigError } from '../errors.js';
import { checkAgainstSchema } from './schemas/schema-check.js';
import { runSummarySchema } from './schemas/summary-schema.js';
import { storedRunJsonSchema } from './schemas/run-json-schema.js';
import { RUN_SCHEMA_VERSION, type StoredRunJson } from './run-json.js';
import type { RunSummary } from '../summary/run-summary-types.js';

/**
 * Checks a parsed run.json: its schema version, that the run finished, and every field against the
 * schema (a wrong type, a missing field or a figure that is not a number). ConfigError names the file and the field.
 */
export function checkRunJson(file: string, value: object): StoredRunJson {
  const record = value as { schemaVersion?: unknown; summary?: unknown; status?: unknown };
  if (record.schemaVersion !== RUN_SCHEMA_VERSION) {
    throw new ConfigError(`${file} has schema version ${String(record.schemaVersion)}; this bench reads version ${RUN_SCHEMA_VERSION}`);
  }
  if (record.summary === undefined || record.summary === null) {
    throw new ConfigError(`${file} holds a run that never finished (status ${String(record.status)})`);
  }
  checkAgainstSchema(storedRunJsonSchema, value, file);
  return value as StoredRunJson;
}

/** Checks a bare summary file (what `bench run --json` printed) against the summary's schema; ConfigError names the file and the field. */
export function checkSummaryFile(file: string, value: object): RunSummary {
  checkAgainstSchema(runSummarySchema, value, file);
  return value as RunSummary;
}
