/** The load spike of a node kill: each surviving node's samples before the kill against those after it. */
import type { ComponentSampleRow } from '../results/file-rows.js';
import type { NodeKillSummary, WindowLoad } from './cluster-types.js';

/** How long after a node kill its survivors are watched, in ms: the default back-off brings its clients back well within it. */
export const NODE_KILL_WINDOW_MS = 5_000;

function windowLoad(rows: readonly ComponentSampleRow[]): WindowLoad {
  if (rows.length === 0) return { samples: 0, cpuPercentMean: null, cpuPercentPeak: null, rssPeakBytes: null, connectionsLast: null };
  const round = (value: number): number => Math.round(value * 10) / 10;
  return {
    samples: rows.length,
    cpuPercentMean: round(rows.reduce((sum, row) => sum + row.cpuPercent, 0) / rows.length),
    cpuPercentPeak: round(Math.max(...rows.map((row) => row.cpuPercent))),
    rssPeakBytes: Math.max(...rows.map((row) => row.rssBytes)),
    connectionsLast: rows.at(-1)?.connections ?? null,
  };
}

/**
 * `rowsOf(i)`: node i's samples (tMs on the sampler's clock); `holdStartTMs` and `killTMs` on that clock.
 * The window after runs from the kill to NODE_KILL_WINDOW_MS later, hold samples only.
 */
export function nodeKillFigures(
  killed: number,
  nodes: number,
  rowsOf: (node: number) => readonly ComponentSampleRow[],
  holdStartTMs: number,
  killTMs: number,
): NodeKillSummary {
  const survivors = [];
  for (let node = 0; node < nodes; node += 1) {
    if (node === killed) continue;
    const hold = rowsOf(node).filter((row) => row.phase === 'hold');
    survivors.push({
      node,
      before: windowLoad(hold.filter((row) => row.tMs >= holdStartTMs && row.tMs < killTMs)),
      after: windowLoad(hold.filter((row) => row.tMs >= killTMs && row.tMs <= killTMs + NODE_KILL_WINDOW_MS)),
    });
  }
  return { node: killed, killedAtMs: Math.round(killTMs - holdStartTMs), windowMs: NODE_KILL_WINDOW_MS, survivors };
}
