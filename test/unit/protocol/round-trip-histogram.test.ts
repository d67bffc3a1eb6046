import { describe, expect, it } from 'vitest';
import {
  createRoundTripHistogram,
  encodeHistogram,
  histogramText,
  mergeEncodedHistograms,
  recordRoundTrip,
  roundTripPercentiles,
} from '../../../protocol/round-trip-histogram.js';

describe('round-trip histograms', () => {
  it('merged from two workers give the percentiles of the pooled samples', () => {
    // Worker A saw 1..50 ms, worker B 51..100 ms: pooled, that is 1..100 ms.
    const workerA = createRoundTripHistogram();
    const workerB = createRoundTripHistogram();
    for (let ms = 1; ms <= 50; ms += 1) recordRoundTrip(workerA, ms * 1000);
    for (let ms = 51; ms <= 100; ms += 1) recordRoundTrip(workerB, ms * 1000);
    const merged = mergeEncodedHistograms([encodeHistogram(workerA), encodeHistogram(workerB)]);
    expect(merged.totalCount).toBe(100);
    const result = roundTripPercentiles(merged);
    // HDR keeps 3 significant digits: each value is exact to within 0.1%.
    expect(result?.p50).toBeCloseTo(50, 0);
    expect(result?.p90).toBeCloseTo(90, 0);
    expect(result?.p99).toBeCloseTo(99, 0);
    expect(result?.max).toBeCloseTo(100, 0);
    // Averaging the workers' own medians (25.5 and 75.5) would give 50.5 here but is wrong in general:
    const skewedA = createRoundTripHistogram();
    for (let i = 0; i < 90; i += 1) recordRoundTrip(skewedA, 1000);
    const skewedMerged = mergeEncodedHistograms([encodeHistogram(skewedA), encodeHistogram(workerB)]);
    expect(roundTripPercentiles(skewedMerged)?.p50).toBeCloseTo(1, 1);
  });

  it('is empty-safe and writes the .hgrm text in ms', () => {
    expect(roundTripPercentiles(createRoundTripHistogram())).toBeNull();
    const histogram = createRoundTripHistogram();
    recordRoundTrip(histogram, 2500);
    const text = histogramText(histogram);
    expect(text).toContain('Value');
    expect(text).toContain('2.50');
  });
});
