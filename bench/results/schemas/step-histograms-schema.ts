/** The schema of step-histograms.json (a ScenarioPart, protocol/scenario.ts), which bench merge reads back from each shard. */
import { z } from 'zod';

const count = z.number().int().min(0);

const stepReportSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(['emit', 'send', 'expect', 'on']),
  /** An HdrHistogram of microseconds, compressed base64. */
  histogram: z.string(),
  started: count,
  completed: count,
  timeouts: count,
  failures: count,
  disconnects: count,
  // Absent in files written before it was counted.
  unexpected: count.default(0),
});

/** [room, members, sends of the fan-out's step by members, sends by other clients]. */
const fanOutSchema = z.object({ name: z.string().min(1), rooms: z.array(z.tuple([z.string(), count, count, count])) });

export const stepHistogramsSchema = z.object({ steps: z.array(stepReportSchema), fanOuts: z.array(fanOutSchema) });
