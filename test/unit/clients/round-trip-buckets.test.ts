/** A worker's per-interval round-trip buckets: bounds inclusive, taken once, then afresh. */
import { describe, expect, it } from 'vitest';
import { RoundTripBuckets } from '../../../clients/round-trip-buckets.js';
import { ROUND_TRIP_BUCKETS_MS } from '../../../protocol/messages.js';

describe('RoundTripBuckets', () => {
  it('counts each round trip in the first bucket whose bound it does not pass', () => {
    const buckets = new RoundTripBuckets();
    for (const ms of [0.2, 0.5, 0.6, 1, 99_999]) buckets.record(ms);
    const taken = buckets.take();
    expect(taken?.counts.length).toBe(ROUND_TRIP_BUCKETS_MS.length + 1);
    expect(taken?.counts.slice(0, 2)).toEqual([2, 2]);
    expect(taken?.counts.at(-1)).toBe(1);
    expect(taken?.sumsMs[0]).toBeCloseTo(0.7, 12);
    expect(taken?.sumsMs[1]).toBeCloseTo(1.6, 12);
  });

  it('has nothing to report until the next round trip', () => {
    const buckets = new RoundTripBuckets();
    expect(buckets.take()).toBeNull();
    buckets.record(3);
    expect(buckets.take()).not.toBeNull();
    expect(buckets.take()).toBeNull();
  });
});
