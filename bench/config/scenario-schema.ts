/**
 * The shape of a scenario file, in zod 4. Each step is an object with exactly one step key (emit,
 * send, expect, on, think, loop, wait) and that kind's options; scenario-steps.ts picks the
 * schema of a step by its key, so that an error names the step's own field rather than a union.
 */
import { z } from 'zod';
import { MAX_PAYLOAD_BYTES } from '../../protocol/messages.js';

/** A step's figure name, as it appears in flags: steps.<name>.p99. */
export const STEP_NAME = /^[A-Za-z0-9_-]+$/;

/** A duration: a number of seconds, or text such as 500ms, 10s, 2m. */
export const durationSchema = z.union([z.number().positive(), z.string().regex(/^(\d+\.?\d*|\.\d+)\s*(ms|s|m)$/, 'a duration such as 500ms, 10s or 2m')]);
export type DurationValue = z.infer<typeof durationSchema>;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** A duration of the file in ms: a bare number is seconds. */
export function durationMsOf(value: DurationValue): number {
  if (typeof value === 'number') return Math.round(value * 1000);
  const match = /^(\d+\.?\d*|\.\d+)\s*(ms|s|m)$/.exec(value) as RegExpExecArray;
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] as number));
}

const stepName = z.string().regex(STEP_NAME, 'letters, digits, - and _ only');
const matchSchema = z.record(z.string(), z.json());
/** What a received message must be: an event name (Socket.IO), or fields and a pattern. */
const receiveTarget = z.union([
  z.string().min(1),
  z.strictObject({ event: z.string().min(1).optional(), match: matchSchema.optional(), pattern: z.string().min(1).optional() }),
]);

export const STEP_SCHEMAS = {
  emit: z.strictObject({
    emit: z.string().min(1),
    args: z.array(z.json()).optional(),
    ack: z.boolean().optional(),
    name: stepName.optional(),
    timeout: durationSchema.optional(),
  }),
  send: z.strictObject({
    send: z.union([
      z.string(),
      z.strictObject({ text: z.string() }),
      z.strictObject({ json: z.json() }),
      z.strictObject({ binary: z.number().int().min(1).max(MAX_PAYLOAD_BYTES) }),
    ]),
    name: stepName.optional(),
  }),
  expect: z.strictObject({ expect: receiveTarget, name: stepName.optional(), timeout: durationSchema.optional() }),
  on: z.strictObject({
    on: receiveTarget,
    name: stepName.optional(),
    timestamp: z.string().min(1).optional(),
    fanOut: z.strictObject({ from: stepName, room: z.string().min(1), self: z.boolean().optional() }).optional(),
  }),
  think: z.strictObject({ think: z.union([durationSchema, z.tuple([durationSchema, durationSchema])]) }),
  loop: z.strictObject({
    loop: z.strictObject({
      count: z.number().int().min(1).optional(),
      duration: durationSchema.optional(),
      rate: z.number().positive().max(10_000).optional(),
      steps: z.array(z.unknown()).min(1),
    }),
  }),
  wait: z.strictObject({ wait: z.literal('ramp') }),
} as const;

/** The step keys, in the order an error lists them. */
export type StepKey = keyof typeof STEP_SCHEMAS;
export const STEP_KEYS = Object.keys(STEP_SCHEMAS) as StepKey[];

const phaseSchema = z.strictObject({
  name: stepName.optional(),
  duration: durationSchema,
  arrivalRate: z.number().min(0).max(100_000).optional(),
  rampTo: z.number().min(0).max(100_000).optional(),
  leave: z.union([z.literal('all'), z.number().int().min(1)]).optional(),
});
export type PhaseInput = z.infer<typeof phaseSchema>;

export const scenarioFileSchema = z.strictObject({
  name: z.string().min(1).optional(),
  /** Default timeout of the steps that wait (emit with ack, expect). */
  timeout: durationSchema.optional(),
  steps: z.array(z.unknown()).min(1).optional(),
  groups: z
    .array(z.strictObject({ name: stepName, weight: z.number().positive().optional(), steps: z.array(z.unknown()).min(1) }))
    .min(1)
    .optional(),
  phases: z.array(phaseSchema).min(1).optional(),
});
export type ScenarioFileInput = z.infer<typeof scenarioFileSchema>;
