/**
 * The schemas bench publishes as JSON Schema in docs/schemas/, so that others can read its files:
 * `npm run docs` writes them, test/unit/results/schemas/published-schemas.test.ts fails when one is stale.
 */
import { z } from 'zod';
import { runJsonSchema } from './run-json-schema.js';
import { runSummarySchema } from './summary-schema.js';
import { sweepManifestSchema } from './sweep-json-schema.js';
import { capacityJsonSchema } from './capacity-json-schema.js';

/** One published schema: its file under docs/schemas/ and what it describes. */
export interface PublishedSchema {
  file: string;
  title: string;
  schema: z.ZodType;
}

export const PUBLISHED_SCHEMAS: readonly PublishedSchema[] = [
  { file: 'run.schema.json', title: 'bench run.json (running or finished)', schema: runJsonSchema },
  { file: 'summary.schema.json', title: 'bench run summary (run.json summary, bench run --json)', schema: runSummarySchema },
  { file: 'sweep.schema.json', title: 'bench sweep.json', schema: sweepManifestSchema },
  { file: 'capacity.schema.json', title: 'bench capacity.json', schema: capacityJsonSchema },
];

/** The JSON Schema text of one published schema, as docs/schemas/ holds it: what a file must be to be read. */
export function jsonSchemaText(published: PublishedSchema): string {
  const json = z.toJSONSchema(published.schema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ title: published.title, ...json }, null, 2)}\n`;
}
