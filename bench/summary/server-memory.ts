/** Server memory over a run from its samples: baseline, steady and peak RSS, and bytes per connection. */
import type { SampleRow } from '../results/file-rows.js';
import { median } from '../stats/stats.js';
import type { ServerMemory } from './run-summary-types.js';

/** Steady, baseline and peak RSS from the samples (as taken, or read back from samples.csv); per connection null when `connected` is 0. */
export function summariseServerMemory(samples: ReadonlyArray<Pick<SampleRow, 'rssBytes'> & { phase: string }>, connected: number): ServerMemory {
  // The last baseline sample: the one nearest the first client, and after --gc-before-steady's
  // collection, which the first sample can predate.
  const baseline = samples.filter((sample) => sample.phase === 'baseline').at(-1)?.rssBytes ?? null;
  // Only hold samples: a ramp sample is not steady. The engine samples as the hold begins, so a
  // run with --hold 0 still has one.
  const steady = median(samples.filter((sample) => sample.phase === 'hold').map((sample) => sample.rssBytes));
  // A loop, not Math.max(...): a long run at a short interval has more samples than call arguments fit.
  let peak: number | null = null;
  for (const sample of samples) peak = peak === null ? sample.rssBytes : Math.max(peak, sample.rssBytes);
  return {
    baselineRssBytes: baseline,
    steadyRssBytes: steady,
    peakRssBytes: peak,
    bytesPerConnection: steady !== null && baseline !== null && connected > 0 ? Math.round((steady - baseline) / connected) : null,
    samples: samples.length,
  };
}
