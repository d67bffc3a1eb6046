import { describe, expect, it } from 'vitest';
import { ArrivalSchedule, arrivalsOf } from '../../../protocol/arrival-phases.js';
import type { ArrivalPhase } from '../../../protocol/scenario.js';

const phase = (facts: Partial<ArrivalPhase> & { durationMs: number }): ArrivalPhase => ({ name: 'p', arrivalRate: 0, rampTo: 0, leave: 0, ...facts });

describe('ArrivalSchedule', () => {
  it('brings the integral of each rate: a ramp 0 to 200/s over 30 s is 3,000 clients, a plateau at 200/s 6,000', () => {
    expect(arrivalsOf(phase({ durationMs: 30_000, arrivalRate: 0, rampTo: 200 }))).toBe(3000);
    expect(arrivalsOf(phase({ durationMs: 30_000, arrivalRate: 200, rampTo: 200 }))).toBe(6000);
    const schedule = new ArrivalSchedule([phase({ durationMs: 30_000, rampTo: 200 }), phase({ durationMs: 30_000, arrivalRate: 200, rampTo: 200 })]);
    expect(schedule.clients).toBe(9000);
    expect(schedule.endMs).toBe(60_000);
  });

  it('spaces a constant rate evenly and a linear ramp so that arrivals so far follow the integral', () => {
    const constant = new ArrivalSchedule([phase({ durationMs: 1000, arrivalRate: 10, rampTo: 10 })]);
    expect(Array.from({ length: 10 }, (_, client) => constant.arrivalAtMs(client))).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    // From 0 to 200/s over 30 s: by t seconds, 200 t² / 60 clients have arrived.
    const ramp = new ArrivalSchedule([phase({ durationMs: 30_000, rampTo: 200 })]);
    for (const seconds of [3, 10, 15, 29]) {
      const arrived = (200 * seconds * seconds) / 60;
      expect(ramp.arrivalAtMs(Math.floor(arrived))).toBeLessThanOrEqual(seconds * 1000 + 1e-6);
      expect(ramp.arrivalAtMs(Math.ceil(arrived) + 1)).toBeGreaterThan(seconds * 1000);
    }
    const times = Array.from({ length: 3000 }, (_, client) => ramp.arrivalAtMs(client));
    expect(times.every((time, index) => index === 0 || time >= (times[index - 1] as number))).toBe(true);
    const down = new ArrivalSchedule([phase({ durationMs: 10_000, arrivalRate: 100, rampTo: 0 })]);
    expect(down.clients).toBe(500);
    expect(down.arrivalAtMs(499)).toBeLessThanOrEqual(10_000);
    expect(down.arrivalAtMs(250)).toBeLessThan(5000);
  });

  it('lets the earliest clients leave first, spread over the leave phase, and names the phase of a moment', () => {
    const schedule = new ArrivalSchedule([
      phase({ name: 'up', durationMs: 1000, arrivalRate: 10, rampTo: 10 }),
      phase({ name: 'hold', durationMs: 1000 }),
      phase({ name: 'down', durationMs: 1000, leave: 10 }),
    ]);
    expect(schedule.leaveAtMs(0)).toBe(2050);
    expect(schedule.leaveAtMs(9)).toBe(2950);
    expect(schedule.phaseAt(500)).toBe('up');
    expect(schedule.phaseAt(1500)).toBe('hold');
    expect(schedule.phaseAt(2999)).toBe('down');
    expect(schedule.phaseAt(3000)).toBe('');
    expect(schedule.peakRate()).toBe(10);
    const partial = new ArrivalSchedule([phase({ durationMs: 1000, arrivalRate: 10, rampTo: 10 }), phase({ durationMs: 1000, leave: 4 })]);
    expect(partial.leaveAtMs(3)).not.toBeNull();
    expect(partial.leaveAtMs(4)).toBeNull();
  });
});
