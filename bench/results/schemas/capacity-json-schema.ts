/**
 * The schema of capacity.json (bench/capacity/capacity-types.ts has its types; its test checks that
 * the two agree). `config` is the search's resolved config, checked to be an object only, as
 * run.json's is. A value that was infinite (the worst value of a run that did not measure a
 * figure) is null in JSON, so a judgement's values and estimate may be null.
 */
import { z } from 'zod';
import { figure, figureOrNull } from './summary-schema.js';

// RUN_SCHEMA_VERSION of run-json.ts, which capacity.json shares; the schema's test checks that they agree.
const CAPACITY_SCHEMA_VERSION = 1;

const verdictSchema = z.enum(['pass', 'fail', 'saturated', 'broken', 'interrupted']);

const estimateSchema = z.object({
  median: figureOrNull,
  ciLow: figureOrNull,
  ciHigh: figureOrNull,
  n: figure,
  coverage: figure,
  method: z.enum(['point', 'order-statistic', 'bootstrap', 'clients', 'worst-run']),
});

const judgementSchema = z.object({
  figure: z.string(),
  slo: z.string(),
  estimate: estimateSchema,
  values: z.array(figureOrNull),
  meets: z.boolean(),
  clear: z.boolean(),
});

const probeSchema = z.object({
  clients: figure,
  phase: z.enum(['grow', 'shrink', 'bisect']),
  cappedBy: z.string().nullable(),
  ratePerSecond: figureOrNull,
  verdict: verdictSchema,
  reason: z.string(),
  dir: z.string(),
  runs: z.array(z.object({ runDir: z.string(), status: z.string(), saturated: z.boolean(), wallMs: figure })),
  saturatedRuns: figure,
  judgements: z.array(judgementSchema),
  wallMs: figure,
});

const precisionSchema = z.object({
  figure: z.string(),
  elasticity: figure,
  elasticityLow: figure,
  elasticityHigh: figure,
  runSpread: figure,
  runs: figure,
  runsPerProbe: figure,
  capacitySpread: figureOrNull,
});

/** The whole of capacity.json. */
export const capacityJsonSchema = z.object({
  schemaVersion: z.literal(CAPACITY_SCHEMA_VERSION),
  kind: z.literal('capacity'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['running', 'done']),
  config: z.looseObject({}),
  capacity: figureOrNull,
  bracket: z.object({ low: figureOrNull, high: figureOrNull }),
  saturatedFrom: figureOrNull,
  precision: precisionSchema.nullable(),
  stop: z.object({ reason: z.enum(['resolved', 'max-clients', 'none-passed', 'saturated', 'hard-limit', 'broken', 'interrupted']), message: z.string() }).nullable(),
  probes: z.array(probeSchema),
  rateLowerings: z.array(z.object({ afterProbe: figure, fromPerSecond: figureOrNull, toPerSecond: figure })),
  wallMs: figure,
});
