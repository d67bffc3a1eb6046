/** summariseTimes: the clients' percentiles and their exact intervals, from known rows. */
import { describe, expect, it } from 'vitest';
import { summariseTimes } from '../../../bench/summary/client-times.js';
import { RowTally } from '../../../bench/summary/row-tally.js';
import { quantileInterval } from '../../../bench/stats/order-statistic-interval.js';

describe('summariseTimes', () => {
  it('takes the percentiles and their client intervals from the same sorted times', () => {
    const tally = new RowTally();
    // Connect times 100, 99, ..., 1 ms in arrival order: sorting must happen before any rank is read.
    for (let client = 0; client < 100; client += 1) {
      tally.add({ client, worker: 0, transport: 'ws', queuedMs: 0, connectMs: 100 - client, firstMessageMs: 1, error: null });
    }
    const times = summariseTimes(tally);
    expect(times.connectMs).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
    const expected = quantileInterval(100, 0.5);
    expect(times.percentileIntervals?.['connectMs.p50']).toEqual({ low: expected.lowRank, high: expected.highRank, coverage: expected.coverage, n: 100 });
    expect(times.percentileIntervals?.['firstMessageMs.p99']).toMatchObject({ low: 1, high: 1, n: 100 });
  });
});
