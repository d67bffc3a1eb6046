/** summariseServerMemory: baseline, steady and peak RSS from known samples. */
import { describe, expect, it } from 'vitest';
import type { SamplePhase, SampleRow } from '../../../bench/results/file-rows.js';
import { summariseServerMemory } from '../../../bench/summary/server-memory.js';

const MB = 1_000_000;

function sample(phase: SamplePhase, rssMb: number, connections: number | null): SampleRow {
  return { tMs: 0, connections, rssBytes: rssMb * MB, heapUsedBytes: null, externalBytes: null, cpuPercent: 0, cpuTimeMs: null, processes: 1, phase };
}

describe('summariseServerMemory', () => {
  it('takes the baseline sample, the median of the hold and the largest sample', () => {
    const memory = summariseServerMemory(
      [sample('baseline', 60, 0), sample('ramp', 90, 50), sample('hold', 80, 100), sample('hold', 84, 100), sample('hold', 82, 100), sample('close', 70, 0)],
      100,
    );
    expect(memory).toMatchObject({ baselineRssBytes: 60 * MB, steadyRssBytes: 82 * MB, peakRssBytes: 90 * MB, bytesPerConnection: 220_000 });
  });

  it('divides by the clients that connected, as the method says', () => {
    const memory = summariseServerMemory([sample('baseline', 60, 0), sample('hold', 70, 50), sample('hold', 70, 50)], 100);
    expect(memory.bytesPerConnection).toBe(100_000);
  });

  it('takes the last baseline sample, after the collection --gc-before-steady runs', () => {
    const memory = summariseServerMemory([sample('baseline', 75, 0), sample('baseline', 60, 0), sample('hold', 70, 10)], 10);
    expect(memory.baselineRssBytes).toBe(60 * MB);
  });

  it('has no steady RSS without a hold sample: a ramp sample is not steady', () => {
    const memory = summariseServerMemory([sample('baseline', 60, 0), sample('ramp', 90, 50), sample('close', 70, 0)], 50);
    expect(memory.steadyRssBytes).toBeNull();
    expect(memory.bytesPerConnection).toBeNull();
  });

  it('copes with more samples than a call can take as arguments', () => {
    const many = Array.from({ length: 200_000 }, (_, index) => sample('hold', 70 + (index % 7), 10));
    expect(summariseServerMemory(many, 10).peakRssBytes).toBe(76 * MB);
  });
});
