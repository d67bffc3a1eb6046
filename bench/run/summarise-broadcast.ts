/** Turns the workers' broadcast reports into the run's BroadcastSummary, fan-out.hgrm and broadcast.csv. */
import path from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { csvCell } from '../results/csv-writer.js';
import type { BroadcastSummary } from '../results/run-summary.js';
import type { WorkerBroadcastTraffic } from '../../protocol/messages.js';
import type { WorkerPool } from './worker-pool.js';
import { summariseRedisOutage, type OutageTimes, type PublishSecond } from '../results/redis-outage.js';

export const FAN_OUT_HISTOGRAM_FILE = 'fan-out.hgrm';
export const BROADCAST_TIMELINE_FILE = 'broadcast.csv';

/** Adds per-room arrays of the workers element by element. */
function sumPerRoom(rooms: number, arrays: readonly number[][]): number[] {
  const sums = new Array<number>(rooms).fill(0);
  for (const array of arrays) array.forEach((value, room) => (sums[room] = (sums[room] ?? 0) + value));
  return sums;
}

/** Delivered / expected and duplicates, from the workers' counts. */
export function countDeliveries(rooms: number, reports: readonly WorkerBroadcastTraffic[]): Pick<BroadcastSummary, 'members' | 'published' | 'expected' | 'delivered' | 'deliveredRatio' | 'duplicates'> {
  const published = sumPerRoom(rooms, reports.map((report) => report.publishedPerRoom));
  const members = sumPerRoom(rooms, reports.map((report) => report.membersPerRoom));
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
  const members = sumPerRoom(rooms, reports.map((report) => report.membersPerRoom));
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

/** Merges the histograms and counts, writes fan-out.hgrm and broadcast.csv; null when the run had no broadcast workload. `outage`: Redis's kill and restart, when the run had one. */
export async function summariseBroadcast(config: RunConfig, pool: WorkerPool | null, runDir: string, outage: OutageTimes | null = null): Promise<BroadcastSummary | null> {
  if (config.broadcast === null) return null;
  const { histogramText, mergeEncodedHistograms, roundTripPercentiles } = await import('../../protocol/round-trip-histogram.js');
  const reports = pool?.workerBroadcastTraffic() ?? [];
  const fanOut = mergeEncodedHistograms(reports.map((report) => report.fanOutHistogram));
  const sendLag = mergeEncodedHistograms(reports.map((report) => report.sendLagHistogram));
  const summary: BroadcastSummary = {
    ...config.broadcast,
    durationSeconds: config.holdSeconds,
    fanOutMs: roundTripPercentiles(fanOut),
    sendLagMs: roundTripPercentiles(sendLag),
    ...countDeliveries(config.broadcast.rooms, reports),
  };
  const publishSeconds = mergePublishSeconds(config.broadcast.rooms, reports);
  if (outage !== null) summary.redisOutage = summariseRedisOutage(publishSeconds, outage, config.cluster?.nodes ?? 1);
  if (fanOut.totalCount > 0) await writeFileAtomic(path.join(runDir, FAN_OUT_HISTOGRAM_FILE), histogramText(fanOut));
  const ofSecond = new Map(publishSeconds.map((second) => [second.second, second]));
  const timeline = mergeTimelines(reports).map(([second, unixSecond, published, delivered]) => {
    const judged = ofSecond.get(unixSecond);
    return [second, unixSecond, published, delivered, judged?.expected ?? 0, judged?.delivered ?? 0, judged?.late ?? 0, judged?.duplicates ?? 0, judged?.crossNode ?? null];
  });
  const header = 'second,unixSecond,published,delivered,expectedOfPublished,deliveredOfPublished,lateOfPublished,duplicatesOfPublished,crossNodeOfPublished';
  const lines = [header, ...timeline.map((row) => row.map(csvCell).join(','))];
  await writeFileAtomic(path.join(runDir, BROADCAST_TIMELINE_FILE), `${lines.join('\n')}\n`);
  fanOut.destroy();
  sendLag.destroy();
  return summary;
}
