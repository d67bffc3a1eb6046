import { describe, expect, it } from 'vitest';
import { phaseCpuMs, type PhaseSample } from '../../../scripts/phase-cpu.js';

const samples: PhaseSample[] = [
  { tMs: 0, cpuPercent: 0, phase: 'baseline' },
  { tMs: 100, cpuPercent: 5, phase: 'start-workers' },
  { tMs: 350, cpuPercent: 80, phase: 'ramp' },
  { tMs: 600, cpuPercent: 100, phase: 'ramp' },
  { tMs: 650, cpuPercent: 40, phase: 'hold' },
  { tMs: 900, cpuPercent: 2, phase: 'hold' },
];

describe('phaseCpuMs', () => {
  it("sums cpuPercent x interval over the phase's samples and the first one after it", () => {
    // 0.8 x 250 + 1.0 x 250 + 0.4 x 50
    expect(phaseCpuMs(samples, 'ramp')).toBeCloseTo(470);
    expect(phaseCpuMs(samples, 'hold')).toBeCloseTo(0.4 * 50 + 0.02 * 250);
    expect(phaseCpuMs(samples, 'storm')).toBeNull();
  });
});
