/** Steady traffic of all shards: counters summed, HDR histograms added (never percentiles averaged). */
import { encodeHistogram, histogramText, mergeEncodedHistograms, roundTripPercentiles } from '../../protocol/round-trip-histogram.js';
import type { SteadyTrafficSummary } from '../results/run-summary.js';
import { readSteadyHistograms, type SteadyHistograms } from '../results/steady-histograms.js';
import type { ShardRun } from './shard-set.js';

/** The merged steady traffic, and what the merged folder keeps of it. */
export interface MergedSteadyTraffic {
  summary: SteadyTrafficSummary;
  histograms: SteadyHistograms;
  /** round-trip.hgrm's text; null when no echo came back. */
  roundTripText: string | null;
}

/** Adds the shards' steady traffic; null when they sent none. */
export function mergeSteadyTraffic(shards: readonly ShardRun[]): MergedSteadyTraffic | null {
  const withTraffic = shards.filter((run) => run.runJson.summary.steadyTraffic);
  const traffic = withTraffic.map((run) => run.runJson.summary.steadyTraffic as SteadyTrafficSummary);
  const first = traffic[0];
  if (first === undefined) return null;
  const parts = withTraffic.map((run) => readSteadyHistograms(run.dir));
  const roundTrip = mergeEncodedHistograms(parts.map((part) => part.roundTripMicros));
  const sendLag = mergeEncodedHistograms(parts.map((part) => part.sendLagMicros));
  const sum = (pick: (part: SteadyTrafficSummary) => number): number => traffic.reduce((total, part) => total + pick(part), 0);
  const merged: MergedSteadyTraffic = {
    summary: {
      messagesPerSecond: first.messagesPerSecond,
      durationSeconds: first.durationSeconds,
      roundTripMs: roundTripPercentiles(roundTrip),
      sendLagMs: roundTripPercentiles(sendLag),
      sent: sum((part) => part.sent),
      received: sum((part) => part.received),
      lost: sum((part) => part.lost),
      outOfOrder: sum((part) => part.outOfOrder),
    },
    histograms: { roundTripMicros: encodeHistogram(roundTrip), sendLagMicros: encodeHistogram(sendLag) },
    roundTripText: roundTrip.totalCount > 0 ? histogramText(roundTrip) : null,
  };
  roundTrip.destroy();
  sendLag.destroy();
  return merged;
}
