/** Each process of a server that is a tree of processes (--server-cmd, --server-pid), from server-processes.csv's rows. */
import type { ServerProcessRow } from '../results/file-rows.js';
import { median } from '../stats/stats.js';
import type { ServerProcessFigures } from './run-summary-types.js';

/**
 * One entry per process that was ever sampled, in the order first seen (the root, the command
 * bench ran, first): its steady RSS (median of its hold samples, null when it was not alive in the
 * hold), its peak, and its CPU time at its last sample. The sum of every process is `server`.
 */
export function summariseServerProcesses(rows: readonly ServerProcessRow[]): ServerProcessFigures[] {
  const byPid = new Map<number, ServerProcessRow[]>();
  for (const row of rows) {
    const own = byPid.get(row.pid) ?? [];
    own.push(row);
    byPid.set(row.pid, own);
  }
  return [...byPid.values()].map((own) => {
    const first = own[0] as ServerProcessRow;
    let peak = 0;
    for (const row of own) peak = Math.max(peak, row.rssBytes);
    return {
      pid: first.pid,
      ppid: first.ppid,
      command: first.command,
      steadyRssBytes: median(own.filter((row) => row.phase === 'hold').map((row) => row.rssBytes)),
      peakRssBytes: peak,
      cpuTimeMs: Math.round((own.at(-1) as ServerProcessRow).cpuTimeMs),
    };
  });
}
