/** The summary's schema against RunSummary (both ways, at compile time) and against summaries bench makes. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runSummarySchema } from '../../../../bench/results/schemas/summary-schema.js';
import type { RunSummary } from '../../../../bench/summary/run-summary-types.js';
import { makeSummary } from '../../../helpers/summaries.js';

/** True when every value of From is a value of To; the assignments below fail to compile when the schema and the type drift apart. */
type Assignable<From, To> = [From] extends [To] ? true : false;

// What the schema accepts is a RunSummary, and every RunSummary is accepted by the schema.
const parsedIsSummary: Assignable<z.infer<typeof runSummarySchema>, RunSummary> = true;
const summaryIsAccepted: Assignable<RunSummary, z.input<typeof runSummarySchema>> = true;

describe('runSummarySchema', () => {
  it('agrees with RunSummary both ways', () => {
    expect([parsedIsSummary, summaryIsAccepted]).toEqual([true, true]);
  });

  it('accepts a summary as bench makes it, and one of a file written before the optional fields existed', () => {
    const summary = makeSummary();
    expect(runSummarySchema.safeParse(summary).success).toBe(true);
    const older: Partial<RunSummary> = { ...summary };
    delete older.broken;
    delete older.percentileIntervals;
    delete older.stack;
    expect(runSummarySchema.safeParse(older).success).toBe(true);
  });

  it('refuses a figure that is a string, NaN or Infinity', () => {
    const summary = makeSummary();
    for (const p50 of ['12', Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = runSummarySchema.safeParse({ ...summary, connectMs: { ...summary.connectMs, p50 } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['connectMs', 'p50']);
    }
  });
});
