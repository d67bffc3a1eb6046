/** capacity.json's schema against CapacityJson (both ways, at compile time, config aside) and against a record as the search writes it. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CapacityJson } from '../../../../bench/capacity/capacity-types.js';
import { capacityJsonSchema } from '../../../../bench/results/schemas/capacity-json-schema.js';
import { RUN_SCHEMA_VERSION } from '../../../../bench/results/run-json.js';

type Assignable<From, To> = [From] extends [To] ? true : false;

// config is checked to be an object only, and a judgement's infinite worst values are null in JSON: both are left out here.
type Compared<T> = Omit<T, 'config' | 'probes'>;

const checks: boolean[] = [
  true satisfies Assignable<Compared<z.infer<typeof capacityJsonSchema>>, Compared<CapacityJson>>,
  true satisfies Assignable<Compared<CapacityJson>, Compared<z.input<typeof capacityJsonSchema>>>,
  true satisfies Assignable<CapacityJson['probes'], z.input<typeof capacityJsonSchema>['probes']>,
  true satisfies Assignable<typeof RUN_SCHEMA_VERSION, z.infer<typeof capacityJsonSchema>['schemaVersion']>,
];

/** A search of one passing and one failing probe, as capacity.json holds it (JSON: a worst value is null). */
function record(): Record<string, unknown> {
  const judgement = { figure: 'connectMs.p99', slo: 'connectMs.p99<500ms', estimate: { median: 120, ciLow: 110, ciHigh: 130, n: 3, coverage: 0.75, method: 'order-statistic' }, values: [110, 120, 130], meets: true, clear: true };
  const probe = (clients: number, verdict: string) => ({
    clients,
    phase: 'grow',
    cappedBy: null,
    ratePerSecond: null,
    verdict,
    reason: `${verdict} at ${clients}`,
    dir: `probe-${clients}`,
    runs: [{ runDir: 'run-1', status: 'ok', saturated: false, wallMs: 1200 }],
    saturatedRuns: 0,
    judgements: [verdict === 'pass' ? judgement : { ...judgement, estimate: { ...judgement.estimate, median: null, ciHigh: null }, values: [null], meets: false }],
    wallMs: 1300,
  });
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'capacity',
    startedAt: '2026-12-04T21:00:00.000Z',
    finishedAt: '2026-12-04T21:01:00.000Z',
    status: 'done',
    config: { transport: 'ws' },
    capacity: 100,
    bracket: { low: 100, high: 200 },
    saturatedFrom: null,
    precision: null,
    stop: { reason: 'resolved', message: 'the bracket is within 10%' },
    probes: [probe(100, 'pass'), probe(200, 'fail')],
    rateLowerings: [],
    wallMs: 60_000,
  };
}

describe('capacityJsonSchema', () => {
  it('agrees with CapacityJson both ways', () => {
    expect(checks.every(Boolean)).toBe(true);
  });

  it("accepts a search's record, null worst values included, and refuses a string figure or a missing field", () => {
    expect(capacityJsonSchema.safeParse(record()).error?.issues ?? []).toEqual([]);
    expect(capacityJsonSchema.safeParse({ ...record(), capacity: '100' }).success).toBe(false);
    const { bracket: _bracket, ...withoutBracket } = record();
    expect(capacityJsonSchema.safeParse(withoutBracket).success).toBe(false);
  });
});
