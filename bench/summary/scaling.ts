/**
 * `summary.cluster.scaling`: what --add-node-at and --drain did to the spread of clients over the
 * nodes, from each node's own connection count in its samples: the spread before the first change
 * and at the hold's end, the clients that ended on another node, when the spread stopped changing,
 * and the spread over time for the report.
 */
import type { ComponentSampleRow } from '../results/file-rows.js';
import type { FaultRecord, ScalingSummary, SpreadPoint } from './cluster-types.js';

/** The spread at each sampling round of the hold, a node's rows joined by their common tMs. */
function spreadRounds(nodes: number, samplesOf: (node: number) => readonly ComponentSampleRow[], holdStartTMs: number): SpreadPoint[] {
  const rounds = new Map<number, Array<number | null>>();
  for (let node = 0; node < nodes; node++) {
    for (const row of samplesOf(node)) {
      if (row.phase !== 'hold') continue;
      const round = rounds.get(row.tMs) ?? Array.from({ length: nodes }, () => null);
      round[node] = row.connections;
      rounds.set(row.tMs, round);
    }
  }
  return [...rounds.entries()].sort((a, b) => a[0] - b[0]).map(([tMs, connections]) => ({ tMs: Math.round(tMs - holdStartTMs), connections }));
}

const same = (a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): boolean => a.every((value, index) => (value ?? 0) === (b[index] ?? 0));

/** The figures, or null when the run changed no pool. `holdStartTMs`: the hold's start on the samples' clock. */
export function summariseScaling(
  faults: readonly FaultRecord[],
  nodes: number,
  samplesOf: (node: number) => readonly ComponentSampleRow[],
  holdStartTMs: number,
): ScalingSummary | null {
  const changes = faults
    .filter((fault) => fault.action === 'add' || fault.action === 'drain')
    .map((fault) => ({ action: fault.action as 'add' | 'drain', node: Number(fault.component.slice('node:'.length)), atMs: fault.atMs }));
  if (changes.length === 0) return null;
  const spreadOverTime = spreadRounds(nodes, samplesOf, holdStartTMs);
  // A round where a running node gave no count (its stats answer timed out) says nothing of the
  // spread: the figures read complete rounds only. A node counts as running from its first count.
  const firstCounted = Array.from({ length: nodes }, (_unused, node) => spreadOverTime.find((point) => point.connections[node] != null)?.tMs ?? Infinity);
  const complete = spreadOverTime.filter((point) => point.connections.every((count, node) => count !== null || point.tMs < (firstCounted[node] as number)));
  const happened = changes.map((change) => change.atMs).filter((atMs): atMs is number => atMs !== null);
  const first = happened.length === 0 ? null : Math.min(...happened);
  const last = happened.length === 0 ? null : Math.max(...happened);
  const beforePoint = first === null ? undefined : complete.filter((point) => point.tMs <= first).at(-1);
  const before = beforePoint ? beforePoint.connections.map((count) => count ?? 0) : Array.from({ length: nodes }, () => null);
  const final = complete.at(-1);
  const after = final ? final.connections : Array.from({ length: nodes }, () => null);
  const moved =
    beforePoint && final ? after.reduce<number>((sum, count, node) => sum + Math.max(0, (count ?? 0) - ((before[node] as number | null) ?? 0)), 0) : null;
  let settledMs: number | null = null;
  if (last !== null && final) {
    // Walk back from the end while the spread equals the final one: the earliest such sample after the last change.
    let settledAt = final.tMs;
    for (let index = complete.length - 1; index >= 0; index--) {
      const point = complete[index] as SpreadPoint;
      if (point.tMs < last || !same(point.connections, final.connections)) break;
      settledAt = point.tMs;
    }
    settledMs = Math.max(0, settledAt - last);
  }
  return { changes, before, after, moved, settledMs, spreadOverTime };
}
