/** Turns the workers' broadcast reports into the run's BroadcastSummary, and the rows of fan-out.hgrm and broadcast.csv. */
import type { BroadcastConfig } from '../config/broadcast-flags.js';
import type { WorkerBroadcastTraffic } from '../../protocol/messages.js';
import type { BroadcastCsvRow } from '../results/file-rows.js';
import type { OutageTimes, PublishSecond } from './broker-outage-types.js';
import { summariseBrokerOutage } from './broker-outage.js';
import type { BroadcastSummary } from './run-summary-types.js';

/** Adds per-room arrays of the workers element by element. */
function sumPerRoom(rooms: number, arrays: readonly number[][]): number[] {
  const sums = new Array<number>(rooms).fill(0);
  for (const array of arrays) array.forEach((value, room) => (sums[room] = (sums[room] ?? 0) + value));
  return sums;
}

/** Delivered / expected and duplicates, from the workers' counts. */
export function countDeliveries(
  rooms: number,
  reports: readonly WorkerBroadcastTraffic[],
): Pick<BroadcastSummary, 'members' | 'published' | 'expected' | 'delivered' | 'deliveredRatio' | 'duplicates'> {
  const published = sumPerRoom(
    rooms,
    reports.map((report) => report.publishedPerRoom),
  );
  const members = sumPerRoom(
    rooms,
    reports.map((report) => report.membersPerRoom),
  );
  const expected = published.reduce((sum, count, room) => sum + count * (members[room] ?? 0), 0);
  const delivered = reports.reduce((sum, report) => sum + report.delivered, 0);
  return {
    members: members.reduce((sum, count) => sum + count, 0),
    published: published.reduce((sum, count) => sum + count, 0),
    expected,
    delivered,
    deliveredRatio: expected > 0 ? Math.round((delivered / expected) * 1e6) / 1e6 : null,
    duplicates: reports.reduce((sum, report) => sum + report.duplicates, 0),
  };
}

/** Every worker's deliveries by the second their message was published, against that second's expected (published per room x the room's members). */
export function mergePublishSeconds(rooms: number, reports: readonly WorkerBroadcastTraffic[]): PublishSecond[] {
  const members = sumPerRoom(
    rooms,
    reports.map((report) => report.membersPerRoom),
  );
  const crossKnown = reports.length > 0 && reports.every((report) => report.nodes !== null);
  const bySecond = new Map<number, PublishSecond>();
  const entry = (second: number): PublishSecond => {
    let found = bySecond.get(second);
    if (found === undefined) {
      found = { second, expected: 0, delivered: 0, duplicates: 0, late: 0, crossNode: crossKnown ? 0 : null };
      bySecond.set(second, found);
    }
    return found;
  };
  for (const report of reports) {
    for (const [second, perRoom] of report.publishedPerRoomBySecond) {
      entry(second).expected += perRoom.reduce((sum, count, room) => sum + count * (members[room] ?? 0), 0);
    }
    for (const [second, delivered, duplicates, late, crossNode] of report.byPublishSecond) {
      const found = entry(second);
      found.delivered += delivered;
      found.duplicates += duplicates;
      found.late += late;
      if (found.crossNode !== null) found.crossNode += crossNode;
    }
  }
  return [...bySecond.values()].sort((a, b) => a.second - b.second);
}

/** The timeline of all workers, one row per second from the first publish: [second from start, Unix second, published, delivered]. */
export function mergeTimelines(reports: readonly WorkerBroadcastTraffic[]): Array<[number, number, number, number]> {
  const bySecond = new Map<number, [number, number]>();
  for (const report of reports) {
    for (const [second, published, delivered] of report.timeline) {
      const entry = bySecond.get(second) ?? [0, 0];
      entry[0] += published;
      entry[1] += delivered;
      bySecond.set(second, entry);
    }
  }
  if (bySecond.size === 0) return [];
  const seconds = [...bySecond.keys()];
  const first = Math.min(...seconds);
  const last = Math.max(...seconds);
  const rows: Array<[number, number, number, number]> = [];
  // Seconds with nothing in them stay in, as zeros: an outage must show as a dip, not as a gap.
  for (let second = first; second <= last; second += 1) {
    const [published, delivered] = bySecond.get(second) ?? [0, 0];
    rows.push([second - first, second, published, delivered]);
  }
  return rows;
}

/** The broadcast workload's summary, and what its run folder keeps: fan-out.hgrm's text and broadcast.csv's rows. */
export interface BroadcastTotals {
  summary: BroadcastSummary;
  /** fan-out.hgrm's text; null when nothing was delivered. */
  fanOutText: string | null;
  timeline: BroadcastCsvRow[];
}

/** What the summary needs of the run's settings. */
export interface BroadcastSettings {
  broadcast: BroadcastConfig;
  holdSeconds: number;
  /** Server processes: the local-only ratio of an outage is 1 / nodes. */
  nodes: number;
}

/** Merges the workers' histograms and counts. `outage`: Redis's kill and restart, when the run had one. */
export async function summariseBroadcast(
  settings: BroadcastSettings,
  reports: readonly WorkerBroadcastTraffic[],
  outage: OutageTimes | null,
): Promise<BroadcastTotals> {
  const { histogramText, mergeEncodedHistograms, roundTripPercentiles } = await import('../../protocol/round-trip-histogram.js');
  const { broadcast } = settings;
  const fanOut = mergeEncodedHistograms(reports.map((report) => report.fanOutHistogram));
  const sendLag = mergeEncodedHistograms(reports.map((report) => report.sendLagHistogram));
  const summary: BroadcastSummary = {
    ...broadcast,
    durationSeconds: settings.holdSeconds,
    fanOutMs: roundTripPercentiles(fanOut),
    sendLagMs: roundTripPercentiles(sendLag),
    ...countDeliveries(broadcast.rooms, reports),
  };
  const publishSeconds = mergePublishSeconds(broadcast.rooms, reports);
  if (outage !== null) summary.brokerOutage = summariseBrokerOutage(publishSeconds, outage, settings.nodes);
  const fanOutText = fanOut.totalCount > 0 ? histogramText(fanOut) : null;
  const ofSecond = new Map(publishSeconds.map((second) => [second.second, second]));
  const timeline = mergeTimelines(reports).map(([second, unixSecond, published, delivered]): BroadcastCsvRow => {
    const judged = ofSecond.get(unixSecond);
    return {
      second,
      unixSecond,
      published,
      delivered,
      expectedOfPublished: judged?.expected ?? 0,
      deliveredOfPublished: judged?.delivered ?? 0,
      lateOfPublished: judged?.late ?? 0,
      duplicatesOfPublished: judged?.duplicates ?? 0,
      crossNodeOfPublished: judged?.crossNode ?? null,
    };
  });
  fanOut.destroy();
  sendLag.destroy();
  return { summary, fanOutText, timeline };
}
