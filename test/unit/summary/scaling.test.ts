/** summary.cluster.scaling from a node's sampled connection counts around a pool change. */
import { describe, expect, it } from 'vitest';
import { summariseScaling } from '../../../bench/summary/scaling.js';
import type { ComponentSampleRow } from '../../../bench/results/file-rows.js';
import type { FaultRecord } from '../../../bench/summary/cluster-types.js';

/** Rows of one node: its connections at each tMs (hold samples), the hold starting at tMs 1000. */
function rows(node: number, counts: Array<[number, number]>): ComponentSampleRow[] {
  return counts.map(([tMs, connections]) => ({
    tMs,
    component: `node:${node}`,
    pid: 100 + node,
    processes: 1,
    rssBytes: 1,
    cpuPercent: 0,
    connections,
    heapUsedBytes: null,
    phase: 'hold',
  }));
}

function change(action: 'add' | 'drain', node: number, atMs: number | null): FaultRecord {
  return { component: `node:${node}`, action, plannedAtMs: atMs ?? 0, atMs, answeredAtMs: atMs, error: null };
}

describe('summariseScaling', () => {
  const samples = [
    rows(0, [
      [1000, 30],
      [2000, 30],
      [3000, 0],
      [4000, 0],
      [5000, 0],
    ]),
    rows(1, [
      [1000, 30],
      [2000, 30],
      [3000, 38],
      [4000, 45],
      [5000, 45],
    ]),
    rows(2, [
      [2000, 0],
      [3000, 10],
      [4000, 15],
      [5000, 15],
    ]),
  ];

  it('takes the spread before the first change and at the end, the clients moved, and when it stopped changing', () => {
    const scaling = summariseScaling([change('add', 2, 800), change('drain', 0, 1500)], 3, (node) => samples[node] ?? [], 1000);
    expect(scaling?.before).toEqual([30, 30, 0]);
    expect(scaling?.after).toEqual([0, 45, 15]);
    expect(scaling?.moved).toBe(30);
    // The last change at 1.5 s of the hold; the spread is final from the sample at 3 s (tMs 4000).
    expect(scaling?.settledMs).toBe(1500);
    expect(scaling?.spreadOverTime[0]).toEqual({ tMs: 0, connections: [30, 30, null] });
  });

  it('reads only rounds in which every running node gave its count', () => {
    // node:1's stats answer timed out in the last round: that round is not the end's spread.
    const gap = samples.map((node, index) => (index === 1 ? [...node.slice(0, -1), { ...(node.at(-1) as ComponentSampleRow), connections: null }] : node));
    const scaling = summariseScaling([change('add', 2, 800), change('drain', 0, 1500)], 3, (node) => gap[node] ?? [], 1000);
    expect(scaling?.after).toEqual([0, 45, 15]);
    expect(scaling?.moved).toBe(30);
    expect(scaling?.spreadOverTime.at(-1)?.connections).toEqual([0, null, 15]);
  });

  it('is absent without a pool change, and unsettled when no change happened', () => {
    expect(summariseScaling([{ ...change('add', 2, 800), action: 'kill' }], 3, (node) => samples[node] ?? [], 1000)).toBeNull();
    const never = summariseScaling([change('drain', 0, null)], 3, (node) => samples[node] ?? [], 1000);
    expect(never?.settledMs).toBeNull();
    expect(never?.moved).toBeNull();
  });
});
