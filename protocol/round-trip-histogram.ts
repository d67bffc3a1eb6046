/**
 * Round-trip histograms: one per worker, sent to the parent encoded, merged there. Percentiles
 * come from the merged histogram, never from averaging per-worker percentiles.
 */
import * as hdr from 'hdr-histogram-js';

/** Values are microseconds, from 1 µs to one hour, at 3 significant digits. */
const HIGHEST_MICROS = 3_600_000_000;

/** A new, empty round-trip histogram (microseconds). */
export function createRoundTripHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_MICROS, numberOfSignificantValueDigits: 3 });
}

/** Records one round trip, clamped to the trackable range. */
export function recordRoundTrip(histogram: hdr.Histogram, micros: number): void {
  histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(micros))));
}

/** Encodes a histogram for the IPC channel. */
export function encodeHistogram(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Merges encoded histograms into one. */
export function mergeEncodedHistograms(encoded: readonly string[]): hdr.Histogram {
  const merged = createRoundTripHistogram();
  for (const text of encoded) {
    const part = hdr.decodeFromCompressedBase64(text);
    merged.add(part);
    part.destroy();
  }
  return merged;
}

/** Round-trip percentiles in ms. */
export interface RoundTripPercentiles {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Percentiles of a microsecond histogram, in ms; null when it is empty. */
export function roundTripPercentiles(histogram: hdr.Histogram): RoundTripPercentiles | null {
  if (histogram.totalCount === 0) return null;
  const ms = (micros: number): number => Math.round(micros) / 1000;
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
  };
}

/** The standard HdrHistogram percentile distribution text (.hgrm), values in ms. */
export function histogramText(histogram: hdr.Histogram): string {
  return histogram.outputPercentileDistribution(5, 1000);
}
