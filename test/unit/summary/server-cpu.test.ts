/** summariseServerCpu: the ramp's CPU per connection and the hold's mean CPU, from cumulative CPU times. */
import { describe, expect, it } from 'vitest';
import { summariseServerCpu } from '../../../bench/summary/server-cpu.js';

function sample(tMs: number, phase: string, cpuTimeMs: number | null) {
  return { tMs, phase, cpuTimeMs };
}

describe('summariseServerCpu', () => {
  it('takes the ramp from the last baseline sample to the first hold sample, and divides it by the connections', () => {
    const cpu = summariseServerCpu(
      [sample(0, 'baseline', 50), sample(250, 'baseline', 60), sample(500, 'ramp', 300), sample(750, 'hold', 560), sample(1750, 'hold', 610)],
      100,
    );
    expect(cpu).toEqual({ rampCpuMs: 500, cpuMsPerConnection: 5, holdCpuPercent: 5 });
  });

  it('leaves out hold pairs whose CPU time went down (a restarted server) and pairs across another phase', () => {
    const cpu = summariseServerCpu(
      [
        sample(0, 'baseline', 10),
        sample(1000, 'hold', 20),
        sample(2000, 'hold', 120),
        sample(3000, 'storm', 5),
        sample(4000, 'hold', 15),
        sample(5000, 'hold', 10),
        sample(6000, 'hold', 60),
      ],
      10,
    );
    // Counted: 1000 to 2000 (100 ms) and 5000 to 6000 (50 ms) over 2 s; the drop from 15 to 10 is not.
    expect(cpu).toEqual({ rampCpuMs: 10, cpuMsPerConnection: 1, holdCpuPercent: 7.5 });
  });

  it('is null without CPU times, and per connection null without connections or a hold', () => {
    expect(summariseServerCpu([sample(0, 'baseline', null), sample(1, 'hold', null)], 5)).toBeNull();
    expect(summariseServerCpu([sample(0, 'baseline', 10), sample(1, 'hold', 20)], 0)).toEqual({
      rampCpuMs: 10,
      cpuMsPerConnection: null,
      holdCpuPercent: null,
    });
    expect(summariseServerCpu([sample(0, 'baseline', 10), sample(1, 'ramp', 20)], 3)).toEqual({
      rampCpuMs: null,
      cpuMsPerConnection: null,
      holdCpuPercent: null,
    });
  });
});
