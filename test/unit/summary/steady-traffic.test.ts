/** addSteadyTraffic: histograms added, never percentiles averaged, and the counters summed, from known parts. */
import { describe, expect, it } from 'vitest';
import { createRoundTripHistogram, encodeHistogram, recordRoundTrip } from '../../../protocol/round-trip-histogram.js';
import { addSteadyTraffic, type SteadyTrafficPart } from '../../../bench/summary/steady-traffic.js';

/** A part whose round trips are `millis` (each once) and whose send lag is 0. */
function part(millis: number[], counters: Partial<SteadyTrafficPart> = {}): SteadyTrafficPart {
  const roundTrip = createRoundTripHistogram();
  for (const ms of millis) recordRoundTrip(roundTrip, ms * 1000);
  const sendLag = createRoundTripHistogram();
  const encoded = { roundTripMicros: encodeHistogram(roundTrip), sendLagMicros: encodeHistogram(sendLag) };
  roundTrip.destroy();
  sendLag.destroy();
  return { ...encoded, sent: millis.length, received: millis.length, lost: 0, outOfOrder: 0, ...counters };
}

describe('addSteadyTraffic', () => {
  it('takes percentiles of the added histograms: the max of two parts is the larger max, the p50 that of the union', async () => {
    const totals = await addSteadyTraffic({ messagesPerSecond: 2, durationSeconds: 5 }, [part([1, 2, 3]), part([10, 20, 30, 40])]);
    expect(totals.summary.roundTripMs?.max).toBeCloseTo(40, 0);
    expect(totals.summary.roundTripMs?.p50).toBeCloseTo(10, 0);
    expect(totals.summary).toMatchObject({ messagesPerSecond: 2, durationSeconds: 5, sent: 7, received: 7, lost: 0 });
    expect(totals.roundTripText).toContain('Percentile');
  });

  it('sums what each part lost and adds what the clients of a worker that never reported were due to exchange', async () => {
    // 5 unreported clients at 2 messages a second for 1.5 s: 15 messages lost besides the parts' 6.
    const totals = await addSteadyTraffic(
      { messagesPerSecond: 2, durationSeconds: 1.5 },
      [part([1], { sent: 5, received: 3, lost: 2, outOfOrder: 1 }), part([2], { lost: 4 })],
      5,
    );
    expect(totals.summary).toMatchObject({ sent: 6, received: 4, lost: 21, outOfOrder: 1 });
  });

  it('has no round trip and no text when nothing came back', async () => {
    const totals = await addSteadyTraffic({ messagesPerSecond: 1, durationSeconds: 1 }, [part([], { sent: 3, received: 0, lost: 3 })]);
    expect(totals.summary.roundTripMs).toBeNull();
    expect(totals.roundTripText).toBeNull();
    expect(typeof totals.histograms.roundTripMicros).toBe('string');
  });
});
