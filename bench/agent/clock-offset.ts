/**
 * The box's clock relative to the workstation's, measured at start: ask the box for its time,
 * assume it answered halfway through the round trip, and keep the round with the shortest trip.
 */
import { performance } from 'node:perf_hooks';

/** This process's epoch ms, monotonic (performance.timeOrigin + performance.now()). */
export function localNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** box clock - workstation clock, and the round trip it was measured over, in ms. */
export interface ClockOffset {
  /** Add to a workstation epoch ms to get the box's; subtract from a box time to get ours. */
  offsetMs: number;
  /** The shortest round trip seen; the offset is good to about half of it. */
  roundTripMs: number;
  rounds: number;
}

/** Measures the offset over `rounds` round trips of `askBoxNowMs`. */
export async function measureClockOffset(askBoxNowMs: () => Promise<number>, rounds = 5, now: () => number = localNowMs): Promise<ClockOffset> {
  let best: ClockOffset | null = null;
  for (let round = 0; round < rounds; round += 1) {
    const sentAt = now();
    const boxMs = await askBoxNowMs();
    const receivedAt = now();
    const roundTripMs = receivedAt - sentAt;
    if (best === null || roundTripMs < best.roundTripMs) {
      best = { offsetMs: boxMs - (sentAt + roundTripMs / 2), roundTripMs, rounds };
    }
  }
  if (best === null) throw new Error('measureClockOffset needs at least one round');
  return best;
}
