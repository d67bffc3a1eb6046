/**
 * The schema of sweep.json (bench/sweep/sweep-manifest.ts has its types; its test checks that the two
 * agree). `runFlags` are the `bench run` flags as typed, checked to be an object only: --resume
 * checks them again as flags.
 */
import { z } from 'zod';
import { figure, profileNameSchema, runModeSchema, runStatusSchema, stackNameSchema, transportNameSchema, transportVariantSchema } from './summary-schema.js';

// SWEEP_SCHEMA_VERSION of sweep-manifest.ts, which imports this module; the schema's test checks that they agree.
const SWEEP_SCHEMA_VERSION = 1;

export const sweepCellRecordSchema = z.object({
  transport: transportNameSchema,
  clients: figure,
  repeat: figure,
  variant: transportVariantSchema,
  stack: stackNameSchema.optional(),
  profile: profileNameSchema.nullable().optional(),
  mode: runModeSchema.optional(),
  status: z.union([z.literal('pending'), runStatusSchema]),
  reason: z.string().nullable(),
  runDir: z.string().nullable(),
  earlierRunDirs: z.array(z.string()),
  wallMs: figure.nullable(),
  finishedAt: z.string().nullable(),
});

/** The whole of sweep.json. */
export const sweepManifestSchema = z.object({
  schemaVersion: z.literal(SWEEP_SCHEMA_VERSION),
  kind: z.literal('sweep'),
  sweepId: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['running', 'done', 'interrupted']),
  grid: z.object({ transports: z.array(transportNameSchema), clients: z.array(figure), repeat: figure, stacks: z.array(stackNameSchema).optional() }),
  runFlags: z.looseObject({}),
  cells: z.array(sweepCellRecordSchema),
});
