/** The clock offset between workstation and box, from known probes. */
import { describe, expect, it } from 'vitest';
import { measureClockOffset } from '../../../bench/agent/clock-offset.js';

describe('measureClockOffset', () => {
  it('finds a box clock one hour ahead to within half the shortest round trip', async () => {
    let now = 5_000;
    const trips = [8, 2, 6];
    let round = 0;
    const ask = async (): Promise<number> => {
      const trip = trips[round % trips.length] as number;
      round += 1;
      now += trip / 2;
      const boxNow = now + 3_600_000;
      now += trip / 2;
      return boxNow;
    };
    const offset = await measureClockOffset(ask, 3, () => now);
    expect(offset.roundTripMs).toBe(2);
    expect(offset.offsetMs).toBe(3_600_000);
    expect(offset.rounds).toBe(3);
  });

  it('keeps the shortest round when the reply is asymmetric', async () => {
    let now = 0;
    const ask = async (): Promise<number> => {
      const boxNow = now + 1000 + 1;
      now += 4;
      return boxNow;
    };
    const offset = await measureClockOffset(ask, 2, () => now);
    expect(Math.abs(offset.offsetMs - 1000)).toBeLessThanOrEqual(offset.roundTripMs / 2 + 1);
  });
});
