/** summariseServerProcesses: each process of a server's tree, the root first, with its own steady RSS. */
import { describe, expect, it } from 'vitest';
import type { SamplePhase, ServerProcessRow } from '../../../bench/results/file-rows.js';
import { summariseServerProcesses } from '../../../bench/summary/server-processes.js';

function row(pid: number, ppid: number, phase: SamplePhase, rssBytes: number, cpuTimeMs = 0): ServerProcessRow {
  return { tMs: 0, pid, ppid, command: pid === 10 ? 'node' : 'worker', rssBytes, cpuPercent: 0, cpuTimeMs, phase };
}

describe('summariseServerProcesses', () => {
  it('gives each process its median hold RSS, its peak and its last CPU time, in the order first seen', () => {
    const figures = summariseServerProcesses([
      row(10, 1, 'baseline', 40),
      row(11, 10, 'baseline', 30),
      row(10, 1, 'hold', 50, 100),
      row(11, 10, 'hold', 60),
      row(10, 1, 'hold', 54, 120),
      row(11, 10, 'hold', 70),
      row(12, 10, 'ramp', 90, 7),
    ]);
    expect(figures).toEqual([
      { pid: 10, ppid: 1, command: 'node', steadyRssBytes: 52, peakRssBytes: 54, cpuTimeMs: 120 },
      { pid: 11, ppid: 10, command: 'worker', steadyRssBytes: 65, peakRssBytes: 70, cpuTimeMs: 0 },
      // Alive in the ramp only: no steady RSS of its own.
      { pid: 12, ppid: 10, command: 'worker', steadyRssBytes: null, peakRssBytes: 90, cpuTimeMs: 7 },
    ]);
  });

  it('is empty without rows', () => {
    expect(summariseServerProcesses([])).toEqual([]);
  });
});
