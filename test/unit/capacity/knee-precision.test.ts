import { describe, expect, it } from 'vitest';
import type { CapacityJson, ProbeRecord } from '../../../bench/capacity/capacity-types.js';
import { resolveCapacityConfig } from '../../../bench/capacity/capacity-config.js';
import { capacityCharts } from '../../../bench/report/capacity-charts.js';
import { kneePrecision } from '../../../bench/capacity/knee-precision.js';
import { parseSlo } from '../../../bench/slo/slo.js';

const slo = parseSlo('connectMs.p99<500ms');

/** A probe of `clients` whose runs measured `values` (ms) of connectMs.p99, judged against 500 ms. */
function probe(clients: number, values: number[]): ProbeRecord {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return {
    clients,
    phase: 'bisect',
    cappedBy: null,
    ratePerSecond: null,
    verdict: median < 500 ? 'pass' : 'fail',
    reason: '',
    dir: '',
    saturatedRuns: 0,
    wallMs: 0,
    runs: values.map(() => ({ runDir: '', status: 'ok', saturated: false, wallMs: 0 })),
    judgements: [
      {
        figure: 'connectMs.p99',
        slo: 'connectMs.p99<500ms',
        values,
        meets: median < 500,
        clear: true,
        estimate: { median, ciLow: sorted[0] as number, ciHigh: sorted.at(-1) as number, n: values.length, coverage: 0.9, method: 'order-statistic' },
      },
    ],
  };
}

/** Runs scattered by the same relative amounts about `trend` at each count. */
const SCATTER = [0.9, 1, 1.1, 0.95, 1.05];
const probesOn = (trend: (clients: number) => number, counts: number[]): ProbeRecord[] =>
  counts.map((clients) =>
    probe(
      clients,
      SCATTER.map((factor) => trend(clients) * factor),
    ),
  );

describe('knee precision', () => {
  it('finds the power of a figure proportional to the clients, and a narrow expected range for a repeated search', () => {
    const probes = probesOn((clients) => clients / 2, [800, 900, 1000, 1100, 1200]);
    const precision = kneePrecision(slo, probes, 900, 1000);
    expect(precision?.figure).toBe('connectMs.p99');
    expect(precision?.elasticity).toBeCloseTo(1, 5);
    expect(precision?.runs).toBe(25);
    expect(precision?.runsPerProbe).toBe(5);
    // One run scatters about 7.5% (log sd of the factors); a median of 5 about 4.2%; two searches' gap sqrt(2) times that;
    // over a slope of 1, about 12% at 95%.
    expect(precision?.runSpread).toBeGreaterThan(0.06);
    expect(precision?.runSpread).toBeLessThan(0.09);
    expect(precision?.capacitySpread).toBeGreaterThan(0.09);
    expect(precision?.capacitySpread).toBeLessThan(0.16);
  });

  it('a flatter figure with the same scatter places its knee less precisely', () => {
    const steep = kneePrecision(
      slo,
      probesOn((clients) => clients / 2, [800, 900, 1000, 1100, 1200]),
      900,
      1000,
    );
    const flat = kneePrecision(
      slo,
      probesOn((clients) => 500 * (clients / 1000) ** 0.25, [800, 900, 1000, 1100, 1200]),
      900,
      1000,
    );
    expect(flat?.elasticity).toBeCloseTo(0.25, 5);
    expect(flat?.capacitySpread).toBeGreaterThan(3 * (steep?.capacitySpread ?? Infinity));
  });

  it('gives no range when the figure does not clearly change with the clients near the knee', () => {
    const precision = kneePrecision(
      slo,
      probesOn(() => 500, [800, 900, 1000, 1100, 1200]),
      900,
      1000,
    );
    expect(precision?.elasticityLow).toBeLessThan(0);
    expect(precision?.capacitySpread).toBeNull();
  });

  it("fits only the probes at the failing probe's arrival rate, after a --rate-lowerings halving", () => {
    const paced = probesOn((clients) => clients / 2, [800, 900, 1000, 1100, 1200]).map((probe) => ({ ...probe, ratePerSecond: 100 }));
    // Earlier probes of an unlimited ramp, with a figure that does not follow the paced one.
    const burst = probesOn(() => 900, [900, 1000]);
    expect(kneePrecision(slo, [...burst, ...paced], 900, 1000)).toEqual(kneePrecision(slo, paced, 900, 1000));
  });

  it('gives no estimate when a run near the knee measured zero or nothing, which a log scale cannot hold', () => {
    const probes = probesOn((clients) => clients / 2, [800, 900, 1000]);
    probes[0]?.judgements[0]?.values.push(Number.POSITIVE_INFINITY);
    expect(kneePrecision(slo, probes, 900, 1000)).toBeNull();
  });

  it('is null without a failing probe above the capacity, as when the search stopped at a limit', () => {
    expect(
      kneePrecision(
        slo,
        probesOn((clients) => clients / 4, [1000, 2000]),
        2000,
        null,
      ),
    ).toBeNull();
  });
});

describe('the capacity chart of the deciding figure', () => {
  const recordOf = (probes: ProbeRecord[]): CapacityJson => ({
    schemaVersion: 1,
    kind: 'capacity',
    startedAt: '',
    finishedAt: '',
    status: 'done',
    config: resolveCapacityConfig({ transport: 'ws', slo: 'connectMs.p99<500ms' }),
    capacity: 900,
    bracket: { low: 900, high: 1000 },
    saturatedFrom: null,
    precision: kneePrecision(slo, probes, 900, 1000),
    stop: { reason: 'resolved', message: '' },
    probes,
    rateLowerings: [],
    wallMs: 0,
  });

  it('shades the range a repeated search is expected in, around the capacity, and says it in the subtitle', () => {
    const record = recordOf(probesOn((clients) => clients / 2, [800, 900, 1000, 1100, 1200]));
    const spread = record.precision?.capacitySpread as number;
    const [chart] = capacityCharts(record);
    const spec = chart?.spec as unknown as {
      title: { subtitle: string };
      layer: Array<{ mark: { type: string }; data: { values: Array<Record<string, number>> } }>;
    };
    expect(spec.layer[0]?.mark.type).toBe('rect');
    expect(spec.layer[0]?.data.values[0]).toEqual({ from: 900 / (1 + spread), to: 900 * (1 + spread) });
    expect(spec.title.subtitle).toContain(`a repeated search expected within +-${Number((spread * 100).toPrecision(2))}%`);
    expect(chart?.caption).toContain('the shaded band the range a repeated search is expected in');
  });

  it('shades nothing where noise places the knee, and says so', () => {
    const [chart] = capacityCharts(recordOf(probesOn(() => 500, [800, 900, 1000, 1100, 1200])));
    const spec = chart?.spec as unknown as { title: { subtitle: string }; layer: Array<{ mark: { type: string } }> };
    expect(spec.layer.map((layer) => layer.mark.type)).not.toContain('rect');
    expect(spec.title.subtitle).toContain('noise, not the server, places the knee');
  });
});
