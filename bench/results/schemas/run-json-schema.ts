/**
 * The schema of run.json, running and finished, written with zod 4; the types stay in
 * bench/results/run-json.ts and test/unit/results/schemas/run-json-schema.test.ts checks that the two agree.
 * The summary is checked field by field. `config` is checked to be an object only: readers take
 * what they use from it as optional (a hand-made or older file may lack any of it).
 */
import { z } from 'zod';
import { figure, figureOrNull, loadGeneratorHealthSchema, runStatusSchema, runSummarySchema, stackNameSchema } from './summary-schema.js';

export const environmentSchema = z.object({
  nodeVersion: z.string(),
  benchVersion: z.string(),
  packages: z.record(z.string(), z.string().nullable()),
  os: z.object({ platform: z.string(), release: z.string(), kernel: z.string(), arch: z.string() }),
  cpu: z.object({ model: z.string(), cores: figure }),
  memoryBytes: figure,
  hostname: z.string(),
  fileLimit: z.object({ soft: figure, hard: figure }).nullable(),
  ephemeralPortRange: z.object({ low: figure, high: figure }).nullable(),
  gitCommit: z.string().nullable(),
});

const localServerSchema = z.object({
  remote: z.literal(false),
  pid: figure,
  url: z.string(),
  command: z.string().optional(),
  sampled: z.literal('process-tree').optional(),
  startedByBench: z.boolean().optional(),
});

const remoteServerSchema = z.object({
  remote: z.literal(true),
  agentUrl: z.string(),
  url: z.string(),
  pid: figure,
  fileLimit: figureOrNull,
  clockOffsetMs: figure,
  roundTripMs: figure,
  clockRounds: figure,
  environment: environmentSchema,
  stopProblem: z.string().nullable(),
  agentServer: z.string().optional(),
  sampled: z.literal('process-tree').optional(),
});

const joinedServerSchema = z.object({ remote: z.literal(true), joined: z.literal(true), agentUrl: z.string(), url: z.string() });

export const serverDescriptionSchema = z.union([localServerSchema, joinedServerSchema, remoteServerSchema]);

export const shardRecordSchema = z.object({ index: figure, count: figure, startAt: z.string().nullable(), rampStartedAt: z.string().nullable() });

export const mergedShardSchema = shardRecordSchema.extend({
  source: z.string(),
  runId: z.string(),
  status: runStatusSchema,
  reason: z.string().nullable(),
  clients: figure,
  connected: figure,
  loadGenerator: loadGeneratorHealthSchema,
  environment: environmentSchema.partial(),
});

const loadedLibrarySchema = z.object({ package: z.string(), module: z.string(), version: z.string(), from: z.string().optional() });

export const runLibrariesSchema = z.object({
  stack: stackNameSchema,
  server: z.array(loadedLibrarySchema).nullable(),
  clients: z.array(loadedLibrarySchema).nullable(),
});

/** run.json's config: an object whose fields readers take as optional. */
export const storedConfigSchema = z.looseObject({});

// RUN_SCHEMA_VERSION of run-json.ts, which imports this module; the schema's test checks that they agree.
const RUN_SCHEMA_VERSION = 1;

const headFields = {
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  kind: z.literal('run'),
  runId: z.string(),
  startedAt: z.string(),
  config: storedConfigSchema,
  environment: environmentSchema,
  preflightNotices: z.array(z.string()),
};

/** run.json while the run is in progress, or after it was killed. */
export const runningRunJsonSchema = z.object({ ...headFields, status: z.literal('running') });

/** run.json of a run that ended. */
export const finishedRunJsonSchema = z.object({
  ...headFields,
  finishedAt: z.string(),
  status: runStatusSchema,
  server: serverDescriptionSchema.nullable(),
  libraries: runLibrariesSchema.optional(),
  summary: runSummarySchema,
  shard: shardRecordSchema.nullable().optional(),
  mergedFrom: z.array(mergedShardSchema).optional(),
});

/** The whole of run.json as bench writes it, told apart by `status`. */
export const runJsonSchema = z.union([runningRunJsonSchema, finishedRunJsonSchema]);

/**
 * A finished run.json as bench reads it back: the schema version and the summary must be there; every
 * other section may be missing (a hand-made fixture, an older bench), but what is there is checked.
 */
export const storedRunJsonSchema = z.object({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  summary: runSummarySchema,
  kind: z.literal('run').optional(),
  runId: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  status: runStatusSchema.optional(),
  config: storedConfigSchema.optional(),
  environment: environmentSchema.partial().optional(),
  // Partial<string[]> in StoredRunJson: the items' optional is what the type says, JSON has no undefined.
  preflightNotices: z.array(z.string().optional()).optional(),
  server: z.union([localServerSchema.partial(), joinedServerSchema.partial(), remoteServerSchema.partial()]).nullable().optional(),
  libraries: runLibrariesSchema.partial().optional(),
  shard: shardRecordSchema.partial().nullable().optional(),
  mergedFrom: z.array(mergedShardSchema.optional()).optional(),
});
