/** Broadcast accounting from known worker reports: deliveries, publish seconds, the timeline. */
import { describe, expect, it } from 'vitest';
import { countDeliveries, mergePublishSeconds, mergeTimelines } from '../../../bench/summary/broadcast.js';
import type { WorkerBroadcastTraffic } from '../../../protocol/messages.js';

describe('broadcast accounting', () => {
  const report = (part: Partial<WorkerBroadcastTraffic>): WorkerBroadcastTraffic => ({
    fanOutHistogram: '',
    sendLagHistogram: '',
    publishedPerRoom: [],
    membersPerRoom: [],
    delivered: 0,
    duplicates: 0,
    timeline: [],
    byPublishSecond: [],
    publishedPerRoomBySecond: [],
    nodes: null,
    ...part,
  });

  it("counts deliveries under their publish second, against published per room times the room's members over every worker", () => {
    const seconds = mergePublishSeconds(2, [
      report({
        membersPerRoom: [2, 1],
        publishedPerRoomBySecond: [
          [100, [3, 0]],
          [101, [1, 1]],
        ],
        byPublishSecond: [
          [100, 6, 1, 0, 2],
          [101, 2, 0, 2, 1],
        ],
        nodes: 2,
      }),
      report({
        membersPerRoom: [1, 2],
        publishedPerRoomBySecond: [[101, [0, 2]]],
        byPublishSecond: [
          [100, 3, 0, 1, 1],
          [101, 7, 0, 0, 3],
        ],
        nodes: 2,
      }),
    ]);
    expect(seconds).toEqual([
      { second: 100, expected: 3 * 3, delivered: 9, duplicates: 1, late: 1, crossNode: 3 },
      { second: 101, expected: 1 * 3 + 3 * 3, delivered: 9, duplicates: 0, late: 2, crossNode: 4 },
    ]);
    // Behind a load balancer no worker knows its clients' nodes.
    expect(mergePublishSeconds(1, [report({ publishedPerRoomBySecond: [[5, [1]]], membersPerRoom: [1] })])[0]?.crossNode).toBeNull();
  });

  it('expects, per room, what was published to it times its members over every worker', () => {
    const counts = countDeliveries(2, [
      report({ publishedPerRoom: [5, 0], membersPerRoom: [2, 1], delivered: 12, duplicates: 1 }),
      report({ publishedPerRoom: [0, 3], membersPerRoom: [1, 2], delivered: 9 }),
    ]);
    expect(counts).toEqual({ members: 6, published: 8, expected: 5 * 3 + 3 * 3, delivered: 21, deliveredRatio: Number((21 / 24).toFixed(6)), duplicates: 1 });
  });

  it("adds the workers' timelines by second and keeps empty seconds as zeros, so an outage shows as a dip", () => {
    const rows = mergeTimelines([
      report({
        timeline: [
          [100, 10, 30],
          [103, 10, 30],
        ],
      }),
      report({
        timeline: [
          [100, 0, 5],
          [101, 0, 0],
        ],
      }),
    ]);
    expect(rows).toEqual([
      [0, 100, 10, 35],
      [1, 101, 0, 0],
      [2, 102, 0, 0],
      [3, 103, 10, 30],
    ]);
  });
});
