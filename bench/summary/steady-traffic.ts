/**
 * Steady traffic of a run: the round-trip and send-lag histograms added (never percentiles
 * averaged) and the counters summed, over a run's workers or over a merged run's shards alike.
 */
import type { WorkerSteadyTraffic } from '../../protocol/messages.js';
import type { SteadyHistograms } from '../results/file-rows.js';
import type { SteadyTrafficSummary } from './run-summary-types.js';

/** What one worker (or one shard) measured: its encoded histograms, in microseconds, and its counters. */
export interface SteadyTrafficPart {
  roundTripMicros: string;
  sendLagMicros: string;
  sent: number;
  received: number;
  /** Lost by this part: sent - received for a worker, its summary's lost for a shard. */
  lost: number;
  outOfOrder: number;
}

/** One worker's report as a part: what it sent and did not get back is lost. */
export function steadyPartOfWorker(report: WorkerSteadyTraffic): SteadyTrafficPart {
  return {
    roundTripMicros: report.histogram,
    sendLagMicros: report.sendLagHistogram,
    sent: report.sent,
    received: report.received,
    lost: report.sent - report.received,
    outOfOrder: report.outOfOrder,
  };
}

/** The summary of the added parts, and what a run folder keeps of them. */
export interface SteadyTrafficTotals {
  summary: SteadyTrafficSummary;
  /** histograms.json: the added histograms, encoded, so later merges add them exactly. */
  histograms: SteadyHistograms;
  /** round-trip.hgrm's text; null when no echo came back. */
  roundTripText: string | null;
}

/**
 * Adds the parts. `unreportedClients`: connected clients of workers that died before reporting;
 * what they were due to exchange is lost too rather than left out (none of it was reported).
 */
export async function addSteadyTraffic(
  settings: Pick<SteadyTrafficSummary, 'messagesPerSecond' | 'durationSeconds'>,
  parts: readonly SteadyTrafficPart[],
  unreportedClients = 0,
): Promise<SteadyTrafficTotals> {
  const unreportedLost = Math.round(unreportedClients * settings.messagesPerSecond * settings.durationSeconds);
  // Loaded only here: the histogram library costs ~16 MiB of RSS, and runs without steady traffic never use it.
  const { encodeHistogram, histogramText, mergeEncodedHistograms, roundTripPercentiles } = await import('../../protocol/round-trip-histogram.js');
  const roundTrip = mergeEncodedHistograms(parts.map((part) => part.roundTripMicros));
  const sendLag = mergeEncodedHistograms(parts.map((part) => part.sendLagMicros));
  const sum = (pick: (part: SteadyTrafficPart) => number): number => parts.reduce((total, part) => total + pick(part), 0);
  const totals: SteadyTrafficTotals = {
    summary: {
      messagesPerSecond: settings.messagesPerSecond,
      durationSeconds: settings.durationSeconds,
      roundTripMs: roundTripPercentiles(roundTrip),
      sendLagMs: roundTripPercentiles(sendLag),
      sent: sum((part) => part.sent),
      received: sum((part) => part.received),
      lost: sum((part) => part.lost) + unreportedLost,
      outOfOrder: sum((part) => part.outOfOrder),
    },
    histograms: { roundTripMicros: encodeHistogram(roundTrip), sendLagMicros: encodeHistogram(sendLag) },
    roundTripText: roundTrip.totalCount > 0 ? histogramText(roundTrip) : null,
  };
  roundTrip.destroy();
  sendLag.destroy();
  return totals;
}
