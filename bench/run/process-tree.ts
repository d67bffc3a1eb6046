/**
 * The processes of a server bench did not write (--server-cmd, --server-pid): the process it
 * names and every descendant (an `npm start` that runs node, a node:cluster primary and its
 * workers), plus the members of its process group when it leads one, which catches a child whose
 * parent has already exited. Read from Linux's /proc at each sample, since workers come and go.
 */
import { listProcStats, type ProcStat } from './proc-stat.js';

/** One process of a tree: its place in it and the name the kernel keeps. */
export interface TreeProcess {
  pid: number;
  ppid: number;
  command: string;
}

/** The root and its live descendants, root first, then in PID order; zombies left out. Just the root where /proc cannot be read. */
export function processTreeOf(rootPid: number, stats: readonly ProcStat[] = listProcStats()): TreeProcess[] {
  const live = stats.filter((stat) => stat.state !== 'Z');
  const children = new Map<number, ProcStat[]>();
  for (const stat of live) {
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat);
    children.set(stat.ppid, siblings);
  }
  const root = live.find((stat) => stat.pid === rootPid);
  if (root === undefined) return stats.length === 0 ? [{ pid: rootPid, ppid: 0, command: '' }] : [];
  const found = new Map<number, ProcStat>([[root.pid, root]]);
  const queue: ProcStat[] = [root];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next.pid) ?? []) {
      if (found.has(child.pid)) continue;
      found.set(child.pid, child);
      queue.push(child);
    }
  }
  for (const stat of live) if (stat.pgrp === rootPid && !found.has(stat.pid)) found.set(stat.pid, stat);
  const rest = [...found.values()].filter((stat) => stat.pid !== rootPid).sort((a, b) => a.pid - b.pid);
  return [root, ...rest].map(({ pid, ppid, command }) => ({ pid, ppid, command }));
}
